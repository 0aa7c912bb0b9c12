using System;
using System.Threading;
using System.Threading.Tasks;

namespace ImmutaIntegrations.Core.Http;

/// <summary>
/// The bearer token of one connection, shared by every thread that uses it: fetched once when first needed
/// (one thread authenticates, the others wait for its token), and forgotten when the server refuses it.
/// </summary>
internal sealed class BearerTokenCache : IDisposable
{
    private readonly SemaphoreSlim _authLock = new SemaphoreSlim(1, 1);
    private volatile string? _token;

    /// <summary>Keeps the token an authentication returned.</summary>
    public void Set(string token) => _token = token;

    /// <summary>
    /// The token, from the cache or, when there is none, from <paramref name="authenticate"/>, which is expected
    /// to <see cref="Set"/> it.
    /// </summary>
    public async Task<string> GetAsync(Func<CancellationToken, Task> authenticate, CancellationToken cancellationToken)
    {
        string? token = _token;
        if (token != null) return token;
        await _authLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Another thread may have authenticated while this one waited.
            if (_token == null) await authenticate(cancellationToken).ConfigureAwait(false);
            return _token ?? throw new InvalidOperationException("Authentication returned no token.");
        }
        finally
        {
            _authLock.Release();
        }
    }

    /// <summary>Forgets a token the server refused, unless another thread has already replaced it.</summary>
    public void Invalidate(string refused) => Interlocked.CompareExchange(ref _token, null, refused);

    public void Dispose() => _authLock.Dispose();
}
