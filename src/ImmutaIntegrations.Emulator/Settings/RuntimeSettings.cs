using System.Text.Json;
using System.Text.Json.Nodes;
using ImmutaIntegrations.Emulator.Http;
using ImmutaIntegrations.Emulator.Scripts;

namespace ImmutaIntegrations.Emulator.Settings;

/// <summary>
/// The forms of answer that can change while the emulator runs (POST /_emulator/settings): how scripts are
/// labelled, where a force-disable ends, the dialect scripts are written in, and the test hook that puts SQL of
/// the test's own before a script's statements. They start as the start options say, and a reset puts those back.
/// </summary>
internal sealed class RuntimeSettings(EmulatorOptions options)
{
    private const string ScriptContentTypeName = "scriptContentType";
    private const string ForceDisableStatusName = "forceDisableStatus";
    private const string ScriptDialectName = "scriptDialect";
    private const string ScriptPrefixName = "scriptPrefix";
    private const string ScriptPrefixKindsName = "scriptPrefixKinds";

    private static readonly string[] Names = [ScriptContentTypeName, ForceDisableStatusName, ScriptDialectName, ScriptPrefixName, ScriptPrefixKindsName];

    // One immutable record, swapped whole, so a request never sees half of a change.
    private volatile Values _current = Start(options);

    public string ScriptContentType => _current.ScriptContentType;

    public string ForceDisableStatus => _current.ForceDisableStatus;

    public ScriptDialect ScriptDialect => _current.ScriptDialect;

    /// <summary>The dialect of a script of this kind, and the test hook's SQL to put before its statements (null when none).</summary>
    public (ScriptDialect Dialect, string? Prefix) ScriptStyle(ScriptKind kind)
    {
        Values values = _current;
        bool prefixed = values.ScriptPrefix is not null && (values.ScriptPrefixKinds.Count == 0 || values.ScriptPrefixKinds.Contains(kind));
        return (values.ScriptDialect, prefixed ? values.ScriptPrefix : null);
    }

    public void Reset() => _current = Start(options);

    public JsonObject ToJson()
    {
        Values values = _current;
        return new JsonObject
        {
            [ScriptContentTypeName] = values.ScriptContentType,
            [ForceDisableStatusName] = values.ForceDisableStatus,
            [ScriptDialectName] = values.ScriptDialect.Name(),
            [ScriptPrefixName] = values.ScriptPrefix,
            [ScriptPrefixKindsName] = new JsonArray(values.ScriptPrefixKinds.Select(kind => (JsonNode?)kind.EndpointName()).ToArray()),
        };
    }

    /// <summary>Applies the settings a body names (the others stay as they are); anything unknown or invalid is a 400 and changes nothing.</summary>
    public void Apply(JsonObject body)
    {
        Values values = _current;
        foreach (var (name, value) in body)
        {
            string? text = value is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : value?.ToJsonString();
            try
            {
                values = name switch
                {
                    ScriptContentTypeName => values with { ScriptContentType = SettingValues.OneOf(name, text, ScriptContentTypes.All) },
                    ForceDisableStatusName => values with { ForceDisableStatus = SettingValues.OneOf(name, text, ForceDisableStatuses.All) },
                    ScriptDialectName => values with { ScriptDialect = ScriptDialects.Parse(name, text) },
                    ScriptPrefixName => values with { ScriptPrefix = Prefix(value) },
                    ScriptPrefixKindsName => values with { ScriptPrefixKinds = ScriptKinds.Parse(name, KindNames(value)) },
                    _ => throw new ArgumentException($"Unknown setting '{name}'; the settings are {string.Join(", ", Names)}."),
                };
            }
            catch (ArgumentException e)
            {
                throw ApiProblem.BadRequest(e.Message);
            }
        }
        _current = values;
    }

    private static Values Start(EmulatorOptions options) => new(
        options.ScriptContentType, options.ForceDisableStatus, options.ScriptDialect, options.ScriptPrefix, options.ScriptPrefixKinds.ToArray());

    /// <summary>The prefix's SQL; null or an empty string takes it away.</summary>
    private static string? Prefix(JsonNode? value) => value switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>() is { Length: > 0 } sql ? sql : null,
        _ => throw new ArgumentException($"{ScriptPrefixName} takes SQL as a string, or null, not {value.ToJsonString()}."),
    };

    /// <summary>Kinds as a list of endpoint names or as one comma-separated string; null or empty: every kind.</summary>
    private static IEnumerable<string> KindNames(JsonNode? value) => value switch
    {
        null => [],
        JsonArray array when array.All(item => item is JsonValue v && v.GetValueKind() == JsonValueKind.String) =>
            array.Select(item => item!.GetValue<string>()),
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>().Split(','),
        _ => throw new ArgumentException($"{ScriptPrefixKindsName} takes script kinds, as a list or a comma-separated string, not {value.ToJsonString()}."),
    };

    private sealed record Values(
        string ScriptContentType, string ForceDisableStatus, ScriptDialect ScriptDialect, string? ScriptPrefix,
        IReadOnlyList<ScriptKind> ScriptPrefixKinds);
}
