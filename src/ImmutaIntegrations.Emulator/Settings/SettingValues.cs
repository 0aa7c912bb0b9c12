namespace ImmutaIntegrations.Emulator.Settings;

/// <summary>
/// How the script endpoints label the script. The reference only says "the response returns the script"
/// (docs/api-contract.md §2), so each plausible form can be chosen, to test that a client reads them all.
/// </summary>
internal static class ScriptContentTypes
{
    /// <summary>The script as text, <c>text/plain; charset=utf-8</c> (the default).</summary>
    public const string PlainText = "text/plain";

    /// <summary>The script as text labelled <c>text/html; charset=utf-8</c>, as web frameworks label a plain string reply.</summary>
    public const string Html = "text/html";

    /// <summary>The script's UTF-8 bytes, <c>application/octet-stream</c>.</summary>
    public const string OctetStream = "application/octet-stream";

    /// <summary>The script as a JSON string, <c>application/json</c>.</summary>
    public const string JsonString = "json-string";

    /// <summary>The script as <c>{"script": "..."}</c>, <c>application/json</c>.</summary>
    public const string JsonObject = "json-object";

    public static readonly string[] All = [PlainText, Html, OctetStream, JsonString, JsonObject];
}

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
