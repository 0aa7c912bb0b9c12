using System;
using System.Security;

namespace ImmutaIntegrations;

/// <summary>
/// A connection to one Immuta tenant: where it is, how the key is presented, and (privately) the key
/// and the HTTP client that every command using this connection shares.
/// </summary>
public sealed class ImmutaConnection
{
    private readonly object _clientLock = new object();
    private object? _client;

    internal ImmutaConnection(Uri url, SecureString apiKey, ImmutaAuthMode authMode, TimeSpan timeout, string source, int maxRetries = 4,
        Uri? proxy = null, System.Net.NetworkCredential? proxyCredential = null)
    {
        Url = url ?? throw new ArgumentNullException(nameof(url));
        ApiKey = apiKey ?? throw new ArgumentNullException(nameof(apiKey));
        if (!ApiKey.IsReadOnly()) ApiKey.MakeReadOnly();
        AuthMode = authMode;
        Timeout = timeout;
        Source = source;
        MaxRetries = maxRetries;
        Proxy = proxy;
        ProxyCredential = proxyCredential;
        ConnectedAt = DateTimeOffset.Now;
    }

    /// <summary>How many times a failed request is sent again, where that is safe.</summary>
    public int MaxRetries { get; }

    /// <summary>The proxy given to Connect-Immuta; null when the environment's or the system's is used.</summary>
    public Uri? Proxy { get; }

    /// <summary>The proxy's credentials. Internal so that they are never formatted or exported.</summary>
    internal System.Net.NetworkCredential? ProxyCredential { get; }

    /// <summary>The tenant root, e.g. <c>https://example.immuta.com/</c>.</summary>
    public Uri Url { get; }

    /// <summary>The tenant's host name.</summary>
    public string Host => Url.Host;

    /// <summary>
    /// How the API key is presented: <see cref="ImmutaAuthMode.ApiKey"/> (the default, and always for a connection from
    /// IMMUTA_URL and IMMUTA_API_KEY) or <see cref="ImmutaAuthMode.Bearer"/>.
    /// </summary>
    public ImmutaAuthMode AuthMode { get; }

    /// <summary>How long one request may take before it fails with a timeout.</summary>
    public TimeSpan Timeout { get; }

    /// <summary><c>Connect-Immuta</c>, or <c>Environment</c> when built from IMMUTA_URL and IMMUTA_API_KEY.</summary>
    public string Source { get; }

    /// <summary>
    /// When the connection was made, in local time: when <c>Connect-Immuta</c> ran, or when the module first built it from
    /// IMMUTA_URL and IMMUTA_API_KEY.
    /// </summary>
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

    /// <summary>The tenant root (<see cref="Url"/>), e.g. <c>https://example.immuta.com/</c>; never the key.</summary>
    public override string ToString() => Url.ToString();
}
