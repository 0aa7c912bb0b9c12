using System;
using System.Net;
using System.Security;

namespace ImmutaIntegrations.Core.Http;

/// <summary>What an <see cref="ImmutaClient"/> needs to talk to one tenant.</summary>
public sealed class ImmutaClientOptions
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(100);

    public ImmutaClientOptions(Uri baseUrl, SecureString apiKey)
    {
        BaseUrl = TenantUrl.Normalize(baseUrl);
        ApiKey = apiKey ?? throw new ArgumentNullException(nameof(apiKey));
    }

    /// <summary>The tenant root, ending in '/', that API paths are resolved against.</summary>
    public Uri BaseUrl { get; }

    public SecureString ApiKey { get; }

    public ImmutaAuthMode AuthMode { get; set; } = ImmutaAuthMode.ApiKey;

    /// <summary>How long one request may take; infinite is not allowed.</summary>
    public TimeSpan Timeout { get; set; } = DefaultTimeout;

    public const int DefaultMaxRetries = 4;

    /// <summary>How many times a failed request is sent again, where that is safe (0 = never).</summary>
    public int MaxRetries { get; set; } = DefaultMaxRetries;

    /// <summary>The first retry's delay; each next one doubles, with jitter, up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest wait between two attempts, Retry-After included.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A proxy to use instead of the environment's (HTTPS_PROXY, NO_PROXY) or the system's.</summary>
    public Uri? Proxy { get; set; }

    /// <summary>Credentials for the proxy (from the environment's proxy URL, or given).</summary>
    public NetworkCredential? ProxyCredential { get; set; }
}
