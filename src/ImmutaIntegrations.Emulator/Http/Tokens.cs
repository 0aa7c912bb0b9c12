using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace ImmutaIntegrations.Emulator.Http;

/// <summary>Bearer tokens handed out by /bim/apikey/authenticate, each remembering which key it stands for.</summary>
internal sealed class Tokens(EmulatorOptions options, TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, (string Key, DateTimeOffset Expires)> _issued = new(StringComparer.Ordinal);

    public string Issue(string key)
    {
        string token = Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();
        _issued[token] = (key, clock.GetUtcNow() + options.TokenLifetime);
        return token;
    }

    /// <summary>The key a token stands for, or null when the token is unknown or expired.</summary>
    public string? KeyFor(string token)
    {
        if (!_issued.TryGetValue(token, out var entry)) return null;
        if (entry.Expires > clock.GetUtcNow()) return entry.Key;
        _issued.TryRemove(token, out _);
        return null;
    }
}
