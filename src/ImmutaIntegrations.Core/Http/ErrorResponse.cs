using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;

namespace ImmutaIntegrations.Core.Http;

/// <summary>Turns an error answer (<c>{statusCode, error, message}</c>, or anything else) into an exception.</summary>
internal static class ErrorResponse
{
    private const int MaxBodyInMessage = 500;

    public static ImmutaApiException ToException(HttpResponseMessage response, string body, ApiRequest request)
    {
        int status = (int)response.StatusCode;
        string message = MessageFrom(body) ?? DefaultMessage(response, body);
        string errorId = status == 407 ? ImmutaErrorId.ProxyAuthenticationRequired : request.ErrorIdFor?.Invoke(status, message) ?? ErrorIdForStatus(status);
        if (status == 407) message = "The proxy asked for credentials (407 Proxy Authentication Required): give them with Connect-Immuta -ProxyCredential.";
        return new ImmutaApiException(message, errorId, status, ImmutaFailure.Http, request.Method.Method, response.RequestMessage?.RequestUri)
        {
            ConflictingId = status == 409 ? ConflictingIdIn(message) : null,
            RetryAfter = RetryAfter(response),
        };
    }

    /// <summary>
    /// A change that failed when an answer was lost: the same failure, saying that the change may have been made
    /// (<paramref name="outcome"/>, e.g. "the create may have been made"), so the user looks before trying again.
    /// </summary>
    public static ImmutaApiException OutcomeUnknown(ImmutaApiException error, string outcome) =>
        new ImmutaApiException($"{Sentence(error.Message)} An answer was lost, so {outcome}: look at the integration before trying again.",
            error.ErrorId, error.StatusCode, error.Failure, error.Method, error.RequestUri, error.InnerException)
        {
            RetryAfter = error.RetryAfter,
            Attempts = error.Attempts,
            AfterLostResponse = true,
            ConflictingId = error.ConflictingId,
        };

    // A message as a sentence of its own, so the next one does not run into it.
    private static string Sentence(string message)
    {
        string text = message.TrimEnd();
        return text.Length == 0 || ".!?:".IndexOf(text[text.Length - 1]) >= 0 ? text : text + ".";
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
                // Only text counts: a message that is an object or a number is not one.
                return NonEmpty(TextOf(obj["message"])) ?? NonEmpty(TextOf(obj["error"]));
            }
        }
        catch (Newtonsoft.Json.JsonException)
        {
            // Not JSON after all: the caller falls back to the text itself.
        }
        return null;
    }

    /// <summary>The Retry-After of an answer, in seconds or as a date.</summary>
    internal static TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        RetryConditionHeaderValue? header = response.Headers.RetryAfter;
        if (header?.Delta is TimeSpan delta) return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        if (header?.Date is DateTimeOffset date)
        {
            TimeSpan left = date - DateTimeOffset.UtcNow;
            return left < TimeSpan.Zero ? TimeSpan.Zero : left;
        }
        return null;
    }

    private static string DefaultMessage(HttpResponseMessage response, string body)
    {
        string text = body.Trim();
        string head = $"{(int)response.StatusCode} {response.ReasonPhrase}".Trim();
        if (text.Length == 0) return head;
        if (IsHtmlDocument(text))
        {
            // A proxy or gateway answered, not Immuta: say so, with the page's title, not the markup.
            return $"{head}: the answer is an HTML page{TitleOf(text)}, not Immuta's; a proxy or gateway may be in the way.";
        }
        if (text.Length > MaxBodyInMessage) text = text.Substring(0, MaxBodyInMessage) + "…";
        return $"{head}: {text}";
    }

    private static string? NonEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;

    private static string? TextOf(JToken? token) => token?.Type == JTokenType.String ? (string?)token : null;

    /// <summary>
    /// A success answered with an HTML page (a proxy's sign-in page, a captive portal): never an answer of
    /// the API, whose answers are JSON or script text. Null when the answer is not an HTML document, whatever its
    /// label: web frameworks label plain text replies (a script) text/html too.
    /// </summary>
    public static ImmutaApiException? HtmlInsteadOfAnswer(HttpResponseMessage response, ApiRequest request, Uri? requestUri, string body)
    {
        string text = body.TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        return IsHtmlDocument(text) ? HtmlPage(response, request, requestUri, text) : null;
    }

    private static ImmutaApiException HtmlPage(HttpResponseMessage response, ApiRequest request, Uri? requestUri, string text) =>
        new ImmutaApiException(
            $"{request.Method} {requestUri} was answered {(int)response.StatusCode} with an HTML page{TitleOf(text)}, "
            + "not Immuta's answer; a proxy or gateway may be in the way.",
            ImmutaErrorId.InvalidResponse, (int)response.StatusCode, ImmutaFailure.InvalidResponse, request.Method.Method, requestUri);

    private static string TitleOf(string html)
    {
        Match title = Title.Match(html);
        return title.Success ? $" (\"{WebUtility.HtmlDecode(title.Groups[1].Value).Trim()}\")" : string.Empty;
    }

    private static readonly Regex Title = new Regex(@"<title[^>]*>(.*?)</title>",
        RegexOptions.IgnoreCase | RegexOptions.Singleline | RegexOptions.CultureInvariant);

    /// <summary>
    /// An HTML document, recognised by what it is, not by its label: it starts with a tag and is a page (a doctype,
    /// an html, head or body element, or a title). A script, JSON or an error message never starts with '&lt;'.
    /// </summary>
    internal static bool IsHtmlDocument(string text)
    {
        string start = text.TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        if (!start.StartsWith("<", StringComparison.Ordinal)) return false;
        string head = start.Length > 4096 ? start.Substring(0, 4096) : start;
        return head.StartsWith("<!DOCTYPE html", StringComparison.OrdinalIgnoreCase)
            || HtmlElement.IsMatch(head);
    }

    private static readonly Regex HtmlElement = new Regex(@"<(html|head|body|title)[\s>]",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    /// <summary>
    /// Whether a buffered answer may be an HTML page: its first character (after white space) is '&lt;'. Looks at the
    /// buffer without decoding it, so an ordinary answer is not read twice.
    /// </summary>
    public static async Task<bool> MayBeHtmlAsync(HttpResponseMessage response)
    {
        if (response.Content is null) return false;
        Stream body = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
        if (!body.CanSeek) return true;
        long start = body.Position;
        int first;
        // White space and a UTF-8 byte order mark may come first.
        do
        {
            first = body.ReadByte();
        }
        while (first == ' ' || first == '\t' || first == '\r' || first == '\n' || first == 0xEF || first == 0xBB || first == 0xBF);
        body.Position = start;
        return first == '<';
    }
}
