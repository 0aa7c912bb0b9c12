using System.Text.Json.Nodes;

namespace ImmutaIntegrations.Emulator.Catalog;

/// <summary>What the emulator knows about one integration type (contract §3 and §4).</summary>
internal sealed class TypeRules
{
    public required string Name { get; init; }

    /// <summary>Config paths (dotted) that GET shows as &lt;REDACTED&gt;.</summary>
    public required string[] SecretPaths { get; init; }

    /// <summary>Config defaults GET fills in when the payload left them out.</summary>
    public required IReadOnlyList<(string Path, Func<JsonNode> Value)> Defaults { get; init; }

    /// <summary>The names of the validation tests a create or edit of this type runs.</summary>
    public required string[] ValidationTests { get; init; }
}

internal static class IntegrationTypes
{
    public const string Snowflake = "Snowflake";
    public const string Databricks = "Databricks";
    public const string Redshift = "Redshift";
    public const string Synapse = "Azure Synapse Analytics";
    public const string BigQuery = "Google BigQuery";
    public const string S3 = "Native S3";
    public const string Trino = "Trino";

    // The credentials of an auto-bootstrapped integration are one-time: GET never shows them, user names included.
    private static readonly string[] PlatformCredentials = ["username", "password", "privateKeyPassword", "privateKey",
        "oAuthClientConfig.clientSecret", "oAuthClientConfig.oauthPrivateKey"];

    private static readonly string[] BasicTest = ["Initial Validation: Basic Connection Test"];

    public static readonly IReadOnlyDictionary<string, TypeRules> All = new[]
    {
        new TypeRules
        {
            Name = Snowflake,
            SecretPaths = PlatformCredentials,
            Defaults = [("port", () => 443), ("audit", () => new JsonObject { ["enabled"] = false })],
            ValidationTests =
            [
                "Initial Validation: Basic Connection Test",
                "Initial Validation: Default Warehouse Access Test",
                "Initial Validation: Validate access to Privileged Role",
                "Validate Automatic: Database Does Not Exist",
                "Validate Automatic: Impersonation Role Does Not Exist",
                "Validate Automatic Bootstrap User Grants",
            ],
        },
        new TypeRules
        {
            Name = Databricks,
            SecretPaths = ["token", "oAuthClientConfig.clientSecret"],
            Defaults = [("port", () => 443)],
            ValidationTests = ["Metastore validation", "Basic Connection Test"],
        },
        new TypeRules
        {
            Name = Redshift,
            SecretPaths = [.. PlatformCredentials, "secretKey", "sessionToken"],
            Defaults = [("port", () => 5439)],
            ValidationTests = BasicTest,
        },
        new TypeRules
        {
            Name = Synapse,
            SecretPaths = PlatformCredentials,
            Defaults =
            [
                ("port", () => 1433),
                ("metadataDelimiters.hashDelimiter", () => "|"),
                ("metadataDelimiters.hashKeyDelimiter", () => "-"),
                ("metadataDelimiters.arrayDelimiter", () => ","),
            ],
            ValidationTests = BasicTest,
        },
        new TypeRules { Name = BigQuery, SecretPaths = ["credential"], Defaults = [], ValidationTests = BasicTest },
        new TypeRules { Name = S3, SecretPaths = ["awsSecretAccessKey"], Defaults = [], ValidationTests = BasicTest },
        new TypeRules { Name = Trino, SecretPaths = [], Defaults = [], ValidationTests = [] },
    }.ToDictionary(t => t.Name, StringComparer.Ordinal);

    public static TypeRules? Find(string? name) => name is not null && All.TryGetValue(name, out var rules) ? rules : null;
}
