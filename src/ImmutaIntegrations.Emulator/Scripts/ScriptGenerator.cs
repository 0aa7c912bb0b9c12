using System.Collections.ObjectModel;
using System.Text.Json.Nodes;
using ImmutaIntegrations.Emulator.Catalog;

namespace ImmutaIntegrations.Emulator.Scripts;

/// <summary>What a script is generated from; <see cref="Previous"/> is the stored config (Edit, Delete).</summary>
internal sealed record ScriptRequest(string Type, ScriptKind Kind, JsonObject Config, JsonObject? Previous, long? IntegrationId)
{
    /// <summary>How the script is written out: the platform's SQL, that SQL recorded by SQLite statements, or PostgreSQL.</summary>
    public ScriptDialect Dialect { get; init; } = ScriptDialect.Native;

    /// <summary>A test hook's SQL, put as it is before the script's first statement (the scriptPrefix setting), or null.</summary>
    public string? Prefix { get; init; }

    /// <summary>
    /// The config whose objects the script removes. Delete has no payload of its own, so the stored config
    /// wins when the caller gives both.
    /// </summary>
    public JsonObject Removed => Kind == ScriptKind.Delete ? Previous ?? Config : Config;

    /// <summary>The config an edit starts from; without one, nothing is seen as changed.</summary>
    public JsonObject Before => Previous ?? Config;
}

/// <summary>
/// The SQL of the script endpoints (docs/api-contract.md §2): what a user runs by hand on the data platform for a
/// manual setup. Same input, same text, and never a credential, save in the PostgreSQL rendering of Redshift's scripts,
/// which sets the system account's password so that its role can log in.
/// </summary>
internal static class ScriptGenerator
{
    private static readonly IReadOnlyDictionary<string, ReadOnlyCollection<ScriptKind>> Kinds =
        new Dictionary<string, ReadOnlyCollection<ScriptKind>>(StringComparer.Ordinal)
        {
            [TypeCatalog.Synapse] = Of(ScriptKind.Create, ScriptKind.Edit, ScriptKind.Delete, ScriptKind.Cleanup,
                ScriptKind.InitialCreate, ScriptKind.PostCleanup),
            // A Databricks integration is removed by a plain DELETE: the delete script is for Synapse, Redshift and Snowflake only.
            [TypeCatalog.Databricks] = Of(ScriptKind.Create, ScriptKind.Edit),
            [TypeCatalog.Redshift] = Of(ScriptKind.Create, ScriptKind.Edit, ScriptKind.Delete, ScriptKind.Cleanup,
                ScriptKind.InitialCreate),
            [TypeCatalog.Snowflake] = Of(ScriptKind.Create, ScriptKind.Edit, ScriptKind.Delete, ScriptKind.Cleanup),
        };

    public static bool Supports(string type, ScriptKind kind) => KindsFor(type).Contains(kind);

    /// <summary>The kinds a type has scripts for, in enum order; none for BigQuery, S3, Trino and unknown types.</summary>
    public static IReadOnlyList<ScriptKind> KindsFor(string type) =>
        type is not null && Kinds.TryGetValue(type, out var kinds) ? kinds : ReadOnlyCollection<ScriptKind>.Empty;

    /// <summary>
    /// The script for a validated payload's <paramref name="config"/>. <paramref name="previousConfig"/> is the
    /// stored config for Edit and Delete (Delete removes what it describes), null otherwise.
    /// </summary>
    /// <remarks>
    /// Only Redshift has a PostgreSQL rendering (a Redshift cluster speaks a PostgreSQL dialect); under
    /// <see cref="ScriptDialect.Postgres"/> the other types keep their own SQL, so a mixed workload still gets every script.
    /// </remarks>
    /// <exception cref="ArgumentException">The type has no script of this kind.</exception>
    public static string Generate(string type, ScriptKind kind, JsonObject config, JsonObject? previousConfig, long? integrationId,
        ScriptDialect dialect = ScriptDialect.Native, string? prefix = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (!Supports(type, kind))
        {
            throw new ArgumentException($"Integrations of type '{type}' have no {kind.EndpointName()} script.", nameof(kind));
        }
        if (dialect == ScriptDialect.Postgres && type != TypeCatalog.Redshift) dialect = ScriptDialect.Native;
        var request = new ScriptRequest(type, kind, config, previousConfig, integrationId) { Dialect = dialect, Prefix = prefix };
        return type switch
        {
            TypeCatalog.Snowflake => SnowflakeScripts.Generate(request),
            TypeCatalog.Databricks => DatabricksScripts.Generate(request),
            TypeCatalog.Redshift => RedshiftScripts.Generate(request),
            _ => SynapseScripts.Generate(request),
        };
    }

    private static ReadOnlyCollection<ScriptKind> Of(params ScriptKind[] kinds) => Array.AsReadOnly(kinds);
}
