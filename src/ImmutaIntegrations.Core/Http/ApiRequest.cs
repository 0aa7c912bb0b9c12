using System;
using System.Net.Http;

namespace ImmutaIntegrations.Core.Http;

/// <summary>When a failed request may be sent again.</summary>
internal enum RetryPolicy
{
    /// <summary>
    /// Doing it twice is harmless (GET, PUT, DELETE, dry runs, script requests): retried on 408, 429, 502,
    /// 503, 504 and transport failures.
    /// </summary>
    Safe,

    /// <summary>
    /// A create: retried like <see cref="Safe"/>, because a create whose answer was lost is reconciled (its
    /// retry's 409 names the integration it made).
    /// </summary>
    Create,

    /// <summary>Anything else (regenerating a key, raw calls): retried only when the server certainly did not act (429, 503).</summary>
    WhenNotActed,
}

/// <summary>One call to the API, described so that it can be sent again (a retry, a re-authentication).</summary>
internal sealed class ApiRequest
{
    public ApiRequest(HttpMethod method, string path)
    {
        Method = method;
        Path = path.TrimStart('/');
        Retry = method == HttpMethod.Post ? RetryPolicy.WhenNotActed : RetryPolicy.Safe;
    }

    public HttpMethod Method { get; }

    /// <summary>The path relative to the tenant root, with any query string.</summary>
    public string Path { get; }

    /// <summary>The JSON body, or null for none.</summary>
    public string? JsonBody { get; set; }

    /// <summary>The body as it may be shown in debug output (secrets redacted); null means "not shown".</summary>
    public string? BodyForLog { get; set; }

    /// <summary>Picks the error id for a failure (status and Immuta's message), when the call knows better than the status alone.</summary>
    public Func<int, string, string?>? ErrorIdFor { get; set; }

    public RetryPolicy Retry { get; set; }

    /// <summary>Stream the response body instead of buffering it (large lists).</summary>
    public bool StreamResponse { get; set; }

    /// <summary>
    /// The key exchange itself: always sends the raw key, and a 401 is final (no re-authentication).
    /// </summary>
    public bool IsAuthentication { get; set; }
}
