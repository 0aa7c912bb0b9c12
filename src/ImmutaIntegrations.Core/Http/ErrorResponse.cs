using System;
using System.Net.Http;
using Newtonsoft.Json.Linq;

namespace ImmutaIntegrations.Core.Http
{
    /// <summary>Turns an error answer (<c>{statusCode, error, message}</c>, or anything else) into an exception.</summary>
    internal static class ErrorResponse
    {
        private const int MaxBodyInMessage = 500;

        public static ImmutaApiException ToException(HttpResponseMessage response, string body, ApiRequest request)
        {
            int status = (int)response.StatusCode;
            string message = MessageFrom(body) ?? DefaultMessage(response, body);
            string errorId = request.ErrorIdFor?.Invoke(status, message) ?? ErrorIdForStatus(status);
            return new ImmutaApiException(message, errorId, status, ImmutaFailure.Http, request.Method.Method, response.RequestMessage?.RequestUri)
            {
                ConflictingId = status == 409 ? ConflictingIdIn(message) : null,
            };
        }

        private static readonly System.Text.RegularExpressions.Regex ExistingId =
            new System.Text.RegularExpressions.Regex(@"\(id = (\d+)\)\s*\.?\s*$", System.Text.RegularExpressions.RegexOptions.CultureInvariant);

        /// <summary>The existing integration's id in a 409 "already exists on host … (id = N)".</summary>
        internal static string? ConflictingIdIn(string message)
        {
            var match = ExistingId.Match(message);
            return match.Success ? match.Groups[1].Value : null;
        }

        /// <summary>The id for a status when the call has no better one.</summary>
        public static string ErrorIdForStatus(int status)
        {
            switch (status)
            {
                case 400: return ImmutaErrorId.InvalidRequest;
                case 401: return ImmutaErrorId.Unauthorized;
                case 403: return ImmutaErrorId.Forbidden;
                case 404: return ImmutaErrorId.NotFound;
                case 408: return ImmutaErrorId.RequestTimeout;
                case 409: return ImmutaErrorId.Conflict;
                case 422: return ImmutaErrorId.ValidationFailed;
                case 429: return ImmutaErrorId.Throttled;
                case 504: return ImmutaErrorId.RequestTimeout;
                default: return status >= 500 ? ImmutaErrorId.ServerError : ImmutaErrorId.UnexpectedStatus;
            }
        }

        /// <summary>Immuta's own message, from the documented shape or the common variants of it.</summary>
        internal static string? MessageFrom(string body)
        {
            string trimmed = body.Trim();
            if (trimmed.Length == 0 || (trimmed[0] != '{' && trimmed[0] != '"')) return null;
            try
            {
                JToken token = JToken.Parse(trimmed);
                if (token.Type == JTokenType.String) return NonEmpty((string?)token);
                if (token is JObject obj)
                {
                    return NonEmpty(obj.Value<string>("message") ?? string.Empty)
                        ?? NonEmpty(obj.Value<string>("error") ?? string.Empty);
                }
            }
            catch (Newtonsoft.Json.JsonException)
            {
                // Not JSON after all: the caller falls back to the text itself.
            }
            return null;
        }

        private static string DefaultMessage(HttpResponseMessage response, string body)
        {
            string text = body.Trim();
            string head = $"{(int)response.StatusCode} {response.ReasonPhrase}".Trim();
            if (text.Length == 0) return head;
            if (text.Length > MaxBodyInMessage) text = text.Substring(0, MaxBodyInMessage) + "…";
            return $"{head}: {text}";
        }

        private static string? NonEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;
    }
}
