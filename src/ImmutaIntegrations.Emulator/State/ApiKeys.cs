using System.Security.Cryptography;

namespace ImmutaIntegrations.Emulator.State;

/// <summary>New Immuta API keys for Starburst (Trino) integrations.</summary>
internal static class ApiKeys
{
    public static string New() => Convert.ToHexString(RandomNumberGenerator.GetBytes(20)).ToLowerInvariant();
}
