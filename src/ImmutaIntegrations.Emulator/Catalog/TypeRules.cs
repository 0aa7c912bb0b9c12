using System.Text.Json.Nodes;

namespace ImmutaIntegrations.Emulator.Catalog;

/// <summary>The JSON kinds a config field may have.</summary>
internal enum FieldKind
{
    String,
    Integer,
    Boolean,
    Object,
    Array,

    /// <summary>A string or an object (Snowflake's privateKey is either the PEM text or a file object).</summary>
    StringOrObject,
}

/// <summary>One config field: where it is (dotted path), its kind, and the rules on its value.</summary>
internal sealed record FieldSpec(string Path, FieldKind Kind, bool Required = false, bool Secret = false)
{
    public string[]? Allowed { get; init; }

    public string? MustStartWith { get; init; }

    public (long Min, long Max)? Range { get; init; }
}

/// <summary>One value of <c>authenticationType</c> and the fields it brings.</summary>
internal sealed record AuthVariant(string Name, FieldSpec[] Fields);

/// <summary>A validation test a create or edit runs, skipped when it does not apply to the payload.</summary>
internal sealed record TestSpec(string Name, Func<ValidPayload, bool>? AppliesWhen = null);

/// <summary>A payload that passed validation.</summary>
internal sealed record ValidPayload(TypeRules Rules, bool? AutoBootstrap, JsonObject Config)
{
    public bool IsAuto => AutoBootstrap == true;

    /// <summary>Whether a feature block (impersonation, workspaces, ...) is switched on.</summary>
    public bool Enabled(string block) => Config[block] is JsonObject obj && obj["enabled"] is JsonValue v && v.TryGetValue(out bool on) && on;
}

/// <summary>Everything the emulator knows about one integration type (docs/api-contract.md §3 and §4).</summary>
internal sealed class TypeRules
{
    public required string Name { get; init; }

    /// <summary>False for Trino, whose payload is just its type.</summary>
    public bool HasConfig { get; init; } = true;

    /// <summary>Whether <c>autoBootstrap: true</c> is allowed (false for Native S3 and Google BigQuery).</summary>
    public bool AllowsAutoBootstrap { get; init; } = true;

    /// <summary>Fields every payload of the type has, whatever its authentication.</summary>
    public FieldSpec[] Fields { get; init; } = [];

    /// <summary>The allowed <c>authenticationType</c> values and their fields; empty when the type has none.</summary>
    public AuthVariant[] Authentication { get; init; } = [];

    /// <summary>Fields required only when <c>autoBootstrap</c> is true.</summary>
    public FieldSpec[] AutoBootstrapFields { get; init; } = [];

    /// <summary>Fields a PUT may not change.</summary>
    public string[] ImmutableFields { get; init; } = [];

    /// <summary>
    /// What makes two integrations of the type the same target: each entry is a set of fields that together
    /// identify it (S3 has two: its name, and its location path).
    /// </summary>
    public string[][] IdentityKeys { get; init; } = [];

    /// <summary>Defaults that GET fills in (dotted paths), each applied only where the payload left the field out.</summary>
    public (string Path, Func<JsonNode> Value)[] Defaults { get; init; } = [];

    /// <summary>The role an enabled impersonation block gets when it names none.</summary>
    public string? DefaultImpersonationRole { get; init; }

    public TestSpec[] ValidationTests { get; init; } = [];

    /// <summary>Credentials are one-time (not stored) when Immuta configures the platform itself: GET hides the user too.</summary>
    public bool HidesUserWhenAutomatic { get; init; }

    /// <summary>Every secret field of the type, over all authentication variants.</summary>
    public IEnumerable<FieldSpec> SecretFields => Fields.Concat(Authentication.SelectMany(a => a.Fields)).Where(f => f.Secret);

    public AuthVariant? FindAuthentication(string name) => Authentication.FirstOrDefault(a => a.Name == name);
}
