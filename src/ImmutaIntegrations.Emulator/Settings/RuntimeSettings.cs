using System.Text.Json;
using System.Text.Json.Nodes;
using ImmutaIntegrations.Emulator.Http;

namespace ImmutaIntegrations.Emulator.Settings;

/// <summary>
/// The forms of answer that can change while the emulator runs (POST /_emulator/settings): how scripts are
/// labelled and where a force-disable ends. They start as the start options say, and a reset puts those back.
/// </summary>
internal sealed class RuntimeSettings(EmulatorOptions options)
{
    private const string ScriptContentTypeName = "scriptContentType";
    private const string ForceDisableStatusName = "forceDisableStatus";

    // One immutable pair, swapped whole, so a request never sees half of a change.
    private volatile Values _current = new(options.ScriptContentType, options.ForceDisableStatus);

    public string ScriptContentType => _current.ScriptContentType;

    public string ForceDisableStatus => _current.ForceDisableStatus;

    public void Reset() => _current = new Values(options.ScriptContentType, options.ForceDisableStatus);

    public JsonObject ToJson()
    {
        Values values = _current;
        return new JsonObject { [ScriptContentTypeName] = values.ScriptContentType, [ForceDisableStatusName] = values.ForceDisableStatus };
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
                    _ => throw new ArgumentException($"Unknown setting '{name}'; the settings are {ScriptContentTypeName} and {ForceDisableStatusName}."),
                };
            }
            catch (ArgumentException e)
            {
                throw ApiProblem.BadRequest(e.Message);
            }
        }
        _current = values;
    }

    private sealed record Values(string ScriptContentType, string ForceDisableStatus);
}
