namespace ImmutaIntegrations.Emulator.Settings;

/// <summary>
/// Where a DELETE with <c>forceDisable=true</c> ends (docs/api-contract.md §4): <c>deleted</c>, as the reference
/// says, or <c>disabled</c>, as newer tenants report, still listed.
/// </summary>
internal static class ForceDisableStatuses
{
    public const string Deleted = "deleted";

    public const string Disabled = "disabled";

    public static readonly string[] All = [Deleted, Disabled];
}

internal static class SettingValues
{
    /// <summary>The allowed value <paramref name="text"/> names (case aside); an ArgumentException naming them all otherwise.</summary>
    public static string OneOf(string setting, string? text, string[] allowed) =>
        allowed.FirstOrDefault(value => string.Equals(value, text?.Trim(), StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"{setting} takes {string.Join(", ", allowed)}, not '{text}'.");
}
