using System;
using System.Security;

namespace ImmutaIntegrations
{
    /// <summary>
    /// A connection to one Immuta tenant: where it is, how the key is presented, and (privately) the key
    /// and the HTTP client that every command using this connection shares.
    /// </summary>
    public sealed class ImmutaConnection
    {
        private readonly object _clientLock = new object();
        private object? _client;

        internal ImmutaConnection(Uri url, SecureString apiKey, ImmutaAuthMode authMode, TimeSpan timeout, string source)
        {
            Url = url ?? throw new ArgumentNullException(nameof(url));
            ApiKey = apiKey ?? throw new ArgumentNullException(nameof(apiKey));
            if (!ApiKey.IsReadOnly()) ApiKey.MakeReadOnly();
            AuthMode = authMode;
            Timeout = timeout;
            Source = source;
            ConnectedAt = DateTimeOffset.Now;
        }

        /// <summary>The tenant root, e.g. <c>https://example.immuta.com/</c>.</summary>
        public Uri Url { get; }

        /// <summary>The tenant's host name.</summary>
        public string Host => Url.Host;

        public ImmutaAuthMode AuthMode { get; }

        /// <summary>How long one request may take before it fails with a timeout.</summary>
        public TimeSpan Timeout { get; }

        /// <summary><c>Connect-Immuta</c>, or <c>Environment</c> when built from IMMUTA_URL and IMMUTA_API_KEY.</summary>
        public string Source { get; }

        public DateTimeOffset ConnectedAt { get; }

        /// <summary>The API key. Internal so that it is never formatted, serialized or exported.</summary>
        internal SecureString ApiKey { get; }

        /// <summary>
        /// The engine's client for this connection, created on first use. Typed as object so this
        /// assembly (loaded in the default context) never names a type of the isolated engine.
        /// </summary>
        internal object GetOrCreateClient(Func<ImmutaConnection, object> create)
        {
            lock (_clientLock)
            {
                return _client ??= create(this);
            }
        }

        /// <summary>Releases the client (and its sockets); a later use creates a new one.</summary>
        internal void ReleaseClient()
        {
            object? client;
            lock (_clientLock)
            {
                client = _client;
                _client = null;
            }
            (client as IDisposable)?.Dispose();
        }

        public override string ToString() => Url.ToString();
    }
}
