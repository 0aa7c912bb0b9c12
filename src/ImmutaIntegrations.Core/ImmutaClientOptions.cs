using System;
using System.Security;

namespace ImmutaIntegrations.Core
{
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
    }
}
