using System.Globalization;
using System.Text.Json.Nodes;
using ImmutaIntegrations.Emulator.Catalog;

namespace ImmutaIntegrations.Emulator.State;

/// <summary>A create, edit or delete on its way to its end state.</summary>
internal sealed record PendingTransition(long Ticket, string EndStatus, JsonObject EndValidationResults)
{
    /// <summary>The config to put back when the transition ends in an error (an edit rolls back).</summary>
    public JsonObject? RestoreConfig { get; init; }

    public bool? RestoreAutoBootstrap { get; init; }
}

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

    public PendingTransition? Pending { get; set; }

    /// <summary>Trino only: the Immuta API key the Starburst cluster uses.</summary>
    public string? ApiKey { get; set; }

    /// <summary>The quirk that added it (unknown-status, unknown-type), or null: such an integration is not kept in the state file.</summary>
    public string? Quirk { get; init; }

    public string IdText => Id.ToString(CultureInfo.InvariantCulture);

    /// <summary>Creating, editing or deleting: a PUT or DELETE now is a 409.</summary>
    public bool IsTransitional => Status is "creating" or "editing" or "deleting";

    /// <summary>Deleted: still answers GET by id and status, but is gone from the list and takes no more changes.</summary>
    public bool IsDeleted => Status == "deleted";

    /// <summary>The integration object GET returns: defaults filled in, secrets redacted.</summary>
    public JsonObject ToJson(string tenantUrl)
    {
        var json = new JsonObject { ["id"] = IdText, ["status"] = Status, ["type"] = Type };
        if (AutoBootstrap is bool auto) json["autoBootstrap"] = auto;
        json["validationResults"] = ValidationResults.DeepClone();
        json["config"] = Rules.HasConfig ? DisplayConfig() : TrinoConfig(tenantUrl);
        return json;
    }

    public JsonObject StatusJson() => new() { ["id"] = Id, ["status"] = Status };

    /// <summary>The answer to a POST, PUT or DELETE: id, the status it moved to, and the validation results.</summary>
    public JsonObject ChangeJson() => new() { ["id"] = IdText, ["status"] = Status, ["validationResults"] = ValidationResults.DeepClone() };

    private JsonObject DisplayConfig()
    {
        var config = (JsonObject)Config.DeepClone();
        foreach (var (path, value) in Rules.Defaults)
        {
            ConfigPaths.SetIfAbsent(config, path, value);
        }
        if (Rules.DefaultImpersonationRole is { } role && config["impersonation"] is JsonObject impersonation
            && impersonation["enabled"]?.GetValue<bool>() == true && impersonation["role"] is null)
        {
            impersonation["role"] = role;
        }
        foreach (FieldSpec secret in Rules.SecretFields)
        {
            ConfigPaths.ReplaceIfPresent(config, secret.Path, Redacted);
        }
        if (Rules.HidesUserWhenAutomatic && AutoBootstrap == true) ConfigPaths.ReplaceIfPresent(config, "username", Redacted);
        return config;
    }

    // Starburst connects to Immuta with this key: GET shows it, and the snippet to paste into the cluster's config.
    private JsonObject TrinoConfig(string tenantUrl) => new()
    {
        ["apiKey"] = ApiKey,
        ["configurationSnippet"] = $"access-control.name=immuta\nimmuta.base-url={tenantUrl}\nimmuta.apikey={ApiKey}\n",
    };
}
