using System;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;

namespace ImmutaIntegrations.Core.Http;

/// <summary>
/// What a request and its answer show in the verbose and debug streams: the method and URL, every header with
/// the key or token redacted, the body only as the request says it may be shown, and the answer's status,
/// time, type and size.
/// </summary>
internal static class RequestLogging
{
    /// <summary>What is shown in place of a key, a token or a secret.</summary>
    public const string Redacted = "<REDACTED>";

    /// <summary>The request on one verbose line; in debug, every header (the key or token redacted) and the body as it may be shown.</summary>
    public static void Request(ApiRequest request, HttpRequestMessage message, HttpRequestHeaders defaultHeaders, IImmutaLog log)
    {
        log.Verbose($"{request.Method} {message.RequestUri}");
        var text = new StringBuilder();
        text.Append(request.Method).Append(' ').Append(message.RequestUri);
        foreach (var header in defaultHeaders.Concat(message.Headers))
        {
            string value = header.Key.Equals("Authorization", StringComparison.OrdinalIgnoreCase) ? Redacted : string.Join(", ", header.Value);
            text.Append("\n  ").Append(header.Key).Append(": ").Append(value);
        }
        if (message.Content != null)
        {
            foreach (var header in message.Content.Headers) text.Append("\n  ").Append(header.Key).Append(": ").Append(string.Join(", ", header.Value));
            text.Append("\n  Body: ").Append(request.BodyForLog ?? "(not shown)");
        }
        log.Debug(text.ToString());
    }

    /// <summary>The answer in debug: status, from which request, how long it took, its type and size.</summary>
    public static void Response(ApiRequest request, Uri requestUri, HttpResponseMessage response, long milliseconds, IImmutaLog log)
    {
        var content = response.Content?.Headers;
        string size = content?.ContentLength is long length ? $", {length} bytes" : string.Empty;
        string type = content?.ContentType?.MediaType is string media ? $" {media}" : string.Empty;
        log.Debug($"{(int)response.StatusCode} {response.ReasonPhrase} from {request.Method} {requestUri} in {milliseconds} ms{type}{size}");
    }
}
