using System;
using System.IO;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using ImmutaIntegrations.Core.Http;
using ImmutaIntegrations.Core.Json;
using ImmutaIntegrations.Core.Probing;

namespace ImmutaIntegrations.Core.Api;

/// <summary>The calls that are not one endpoint's: any call (Invoke-ImmutaApi), and a call looked at as it came (Test-ImmutaConnection).</summary>
public sealed partial class IntegrationsApi
{
    /// <summary>
    /// Any call, with the connection's authentication (Invoke-ImmutaApi): the answer as plain values when it
    /// is JSON, as text otherwise, null when empty.
    /// </summary>
    public Task<object?> InvokeAsync(HttpMethod method, string path, string? jsonBody, string? bodyForLog, CancellationToken cancellationToken)
    {
        // The connection's key goes to its tenant only: a full address elsewhere (or a scheme-relative one) is refused.
        Uri tenant = _client.Options.BaseUrl;
        Uri target = new Uri(tenant, path);
        if (Uri.Compare(target, tenant, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) != 0)
        {
            throw new ArgumentException($"'{path}' is not on the connected tenant ({tenant.GetLeftPart(UriPartial.Authority)}): "
                + "give a path such as /integrations/5; the connection's key is sent to its tenant only.");
        }
        var request = new ApiRequest(method, path)
        {
            JsonBody = jsonBody,
            BodyForLog = bodyForLog,
            // Only the methods that may be repeated are retried whatever happened; others only when nothing was done.
            Retry = method == HttpMethod.Get || method == HttpMethod.Put || method == HttpMethod.Delete ? RetryPolicy.Safe : RetryPolicy.WhenNotActed,
        };
        return _client.SendAsync(request, async (response, token) =>
        {
            string text = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
            if (text.Trim().Length == 0) return null;
            string? mediaType = response.Content.Headers.ContentType?.MediaType;
            bool json = mediaType is null
                ? text.TrimStart().StartsWith("{", StringComparison.Ordinal) || text.TrimStart().StartsWith("[", StringComparison.Ordinal)
                : mediaType.IndexOf("json", StringComparison.OrdinalIgnoreCase) >= 0;
            if (!json) return (object?)text;
            using (var reader = JsonValues.CreateReader(new StringReader(text)))
            {
                JsonValues.ReadSkippingComments(reader);
                return ShownSecrets.HideIntegrationSecrets(JsonValues.ReadValue(reader));
            }
        }, _log, cancellationToken);
    }

    /// <summary>
    /// A request whose answer is looked at as it came (Test-ImmutaConnection): its status, media type and body. An error
    /// answer (or one the client cannot take, such as an HTML page) is returned as the error, not thrown.
    /// </summary>
    internal async Task<RawAnswer> ProbeAsync(HttpMethod method, string path, string? jsonBody, string? bodyForLog, CancellationToken cancellationToken)
    {
        var request = new ApiRequest(method, path) { JsonBody = jsonBody, BodyForLog = bodyForLog, Retry = RetryPolicy.Safe };
        try
        {
            return await _client.SendAsync(request, async (response, token) => new RawAnswer((int)response.StatusCode,
                response.Content?.Headers.ContentType?.MediaType,
                response.Content is null ? string.Empty : await response.Content.ReadAsStringAsync().ConfigureAwait(false),
                null), _log, cancellationToken).ConfigureAwait(false);
        }
        catch (ImmutaApiException e) when (!FailureScope.ConcernsConnection(e))
        {
            return new RawAnswer(e.StatusCode, null, string.Empty, e);
        }
    }
}
