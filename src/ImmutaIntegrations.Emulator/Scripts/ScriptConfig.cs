using System.Text.Json;
using System.Text.Json.Nodes;
using ImmutaIntegrations.Emulator.State;

namespace ImmutaIntegrations.Emulator.Scripts;

/// <summary>The non-secret config values a script is made of, read leniently by dotted path.</summary>
internal sealed class ScriptConfig(JsonObject json)
{
    /// <summary>A non-empty string; a redacted value (a config copied from a GET) counts as absent.</summary>
    public string? Text(string path) =>
        ConfigPaths.Get(json, path) is JsonValue value && value.GetValueKind() == JsonValueKind.String
        && value.GetValue<string>() is { Length: > 0 } text && text != StoredIntegration.Redacted
            ? text
            : null;

    /// <exception cref="ArgumentException">The field is missing: the payload was not validated.</exception>
    public string Required(string path) =>
        Text(path) ?? throw new ArgumentException($"The config has no '{path}'.", nameof(json));

    /// <summary>Whether a feature block (<c>audit</c>, <c>impersonation</c>, ...) is switched on.</summary>
    public bool Enabled(string block) =>
        ConfigPaths.Get(json, block + ".enabled") is JsonValue value && value.GetValueKind() == JsonValueKind.True;

    /// <summary>The impersonation role when impersonation is on (the UI default when no role is given), else null.</summary>
    public string? ImpersonationRole(string defaultRole) =>
        Enabled("impersonation") ? Text("impersonation.role") ?? defaultRole : null;

    /// <summary>The strings and numbers of an array (or a lone string), as text, in payload order.</summary>
    public IReadOnlyList<string> List(string path) => ConfigPaths.Get(json, path) switch
    {
        JsonArray array => array.OfType<JsonValue>()
            .Where(v => v.GetValueKind() is JsonValueKind.String or JsonValueKind.Number)
            .Select(v => v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : v.ToJsonString())
            .ToList(),
        _ => Text(path) is { } single ? [single] : [],
    };
}
