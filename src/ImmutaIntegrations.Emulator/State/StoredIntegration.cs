using System.Text.Json.Nodes;
using ImmutaIntegrations.Emulator.Catalog;

namespace ImmutaIntegrations.Emulator.State;

/// <summary>One integration as the emulator holds it: the full config, secrets included, never shown as is.</summary>
internal sealed class StoredIntegration
{
    public const string Redacted = "<REDACTED>";

    public required long Id { get; init; }

    public required TypeRules Rules { get; init; }

    public string Type => Rules.Name;

    public required string Status { get; set; }

    public bool? AutoBootstrap { get; set; }

    public JsonObject Config { get; set; } = new();

    public JsonObject ValidationResults { get; set; } = new();

    /// <summary>The integration object GET returns: defaults filled in, secrets redacted.</summary>
    public JsonObject ToJson()
    {
        var json = new JsonObject
        {
            ["id"] = Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["status"] = Status,
            ["type"] = Type,
        };
        if (AutoBootstrap is bool auto) json["autoBootstrap"] = auto;
        json["validationResults"] = ValidationResults.DeepClone();
        if (Type != IntegrationTypes.Trino) json["config"] = DisplayConfig();
        return json;
    }

    public JsonObject StatusJson() => new() { ["id"] = Id, ["status"] = Status };

    private JsonObject DisplayConfig()
    {
        var config = (JsonObject)Config.DeepClone();
        foreach (var (path, value) in Rules.Defaults)
        {
            ConfigPaths.SetIfAbsent(config, path, value);
        }
        foreach (string path in Rules.SecretPaths)
        {
            ConfigPaths.ReplaceIfPresent(config, path, Redacted);
        }
        return config;
    }
}
