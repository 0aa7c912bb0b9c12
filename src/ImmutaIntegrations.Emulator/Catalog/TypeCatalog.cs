using System.Text.Json.Nodes;

namespace ImmutaIntegrations.Emulator.Catalog;

/// <summary>
/// The seven integration types of docs/api-contract.md §3, as the emulator serves them: its own catalog, written apart
/// from the module's type descriptions on purpose, so that each checks the other against the API contract (docs/api-contract.md).
/// </summary>
internal static class TypeCatalog
{
    public const string Snowflake = "Snowflake";
    public const string Databricks = "Databricks";
    public const string Redshift = "Redshift";
    public const string Synapse = "Azure Synapse Analytics";
    public const string BigQuery = "Google BigQuery";
    public const string S3 = "Native S3";
    public const string Trino = "Trino";

    private static FieldSpec Text(string path, bool required = false, bool secret = false) => new(path, FieldKind.String, required, secret);

    private static FieldSpec Flag(string path) => new(path, FieldKind.Boolean);

    private static FieldSpec Block(string path) => new(path, FieldKind.Object);

    private static FieldSpec Port() => new("port", FieldKind.Integer) { Range = (1, 65535) };

    private static readonly AuthVariant UserPassword = new("userPassword", [Text("username", true), Text("password", true, true)]);

    private static FieldSpec[] Impersonation() => [Block("impersonation"), Flag("impersonation.enabled"), Text("impersonation.role")];

    private static (string, Func<JsonNode>) Disabled(string block) => (block + ".enabled", () => false);

    private static bool Impersonates(ValidPayload p) => p.Enabled("impersonation");

    private static bool Automatic(ValidPayload p) => p.IsAuto;

    public static readonly TypeRules SnowflakeRules = new()
    {
        Name = Snowflake,
        Fields =
        [
            Text("host", true), Port(), Text("warehouse", true), Text("database", true), Text("role"),
            Block("audit"), Flag("audit.enabled"), Block("workspaces"), Flag("workspaces.enabled"),
            .. Impersonation(), Block("lineage"), Flag("lineage.enabled"),
            Block("userRolePattern"), new FieldSpec("userRolePattern.exclude", FieldKind.Array),
        ],
        Authentication =
        [
            UserPassword,
            new("keyPair",
            [
                Text("username", true), new FieldSpec("privateKey", FieldKind.StringOrObject, true, true), Text("privateKeyPassword", secret: true),
            ]),
            new("oAuthClientCredentials",
            [
                new FieldSpec("oAuthClientConfig", FieldKind.Object, true), Text("oAuthClientConfig.provider"),
                Text("oAuthClientConfig.clientId", true), Text("oAuthClientConfig.clientSecret", secret: true),
                Text("oAuthClientConfig.authorityUrl"), Text("oAuthClientConfig.scope"), Flag("oAuthClientConfig.useCertificate"),
                Text("oAuthClientConfig.publicCertificateThumbprint"), Text("oAuthClientConfig.oauthPrivateKey", secret: true),
            ]),
        ],
        ImmutableFields = ["host", "database"],
        IdentityKeys = [["host"]],
        Defaults = [("port", () => 443), Disabled("audit"), Disabled("workspaces"), Disabled("impersonation"), Disabled("lineage")],
        DefaultImpersonationRole = "IMMUTA_IMPERSONATION",
        HidesUserWhenAutomatic = true,
        ValidationTests =
        [
            new("Initial Validation: Basic Connection Test"),
            new("Initial Validation: Default Warehouse Access Test"),
            new("Initial Validation: Validate access to Privileged Role", Automatic),
            new("Initial Validation: Table Grants Role Prefix is Unique"),
            new("Validate Automatic: Database Does Not Exist", Automatic),
            new("Validate Automatic: Impersonation Role Does Not Exist", p => Automatic(p) && Impersonates(p)),
            new("Validate Automatic Bootstrap User Grants", Automatic),
        ],
    };

    public static readonly TypeRules DatabricksRules = new()
    {
        Name = Databricks,
        Fields =
        [
            Text("workspaceUrl", true), Text("httpPath", true), Text("catalog", true), Port(),
            Block("audit"), Flag("audit.enabled"), Block("groupPattern"), new FieldSpec("workspaceIds", FieldKind.Array),
        ],
        Authentication =
        [
            new("token", [Text("token", true, true)]),
            new("oAuthM2M",
            [
                new FieldSpec("oAuthClientConfig", FieldKind.Object, true), Text("oAuthClientConfig.clientId", true),
                Text("oAuthClientConfig.clientSecret", secret: true), Text("oAuthClientConfig.authorityUrl"),
                Text("oAuthClientConfig.scope"), Flag("oAuthClientConfig.useCertificate"),
            ]),
        ],
        ImmutableFields = ["workspaceUrl", "catalog"],
        IdentityKeys = [["workspaceUrl"]],
        // No default port: the reference shows none in a Databricks answer, so none is made up.
        Defaults = [Disabled("audit")],
        ValidationTests = [new("Metastore validation"), new("Basic Connection Test")],
    };

    public static readonly TypeRules RedshiftRules = new()
    {
        Name = Redshift,
        Fields = [Text("host", true), Port(), Text("database", true), Text("initialDatabase"), .. Impersonation()],
        AutoBootstrapFields = [Text("initialDatabase", true)],
        Authentication =
        [
            UserPassword,
            new("accessKey", [Text("databaseUser", true), Text("accessKeyId", true), Text("secretKey", true, true), Text("sessionToken", secret: true)]),
        ],
        ImmutableFields = ["host", "database"],
        IdentityKeys = [["host"]],
        Defaults = [("port", () => 5439), Disabled("impersonation")],
        DefaultImpersonationRole = "immuta_impersonation",
        HidesUserWhenAutomatic = true,
        ValidationTests =
        [
            new("Initial Validation: Basic Connection Test"),
            new("Validate Automatic: Database Does Not Exist", Automatic),
            new("Validate Automatic: Impersonation Role Does Not Exist", p => Automatic(p) && Impersonates(p)),
            new("Validate Automatic Bootstrap User Grants", Automatic),
        ],
    };

    public static readonly TypeRules SynapseRules = new()
    {
        Name = Synapse,
        Fields =
        [
            Text("host", true), Port(), Text("database", true), Text("schema", true),
            Block("metadataDelimiters"), Text("metadataDelimiters.hashDelimiter"), Text("metadataDelimiters.hashKeyDelimiter"),
            Text("metadataDelimiters.arrayDelimiter"), .. Impersonation(),
        ],
        Authentication = [UserPassword],
        ImmutableFields = ["host", "database", "schema"],
        IdentityKeys = [["host"]],
        Defaults =
        [
            ("port", () => 1433),
            ("metadataDelimiters.hashDelimiter", () => "|"),
            ("metadataDelimiters.hashKeyDelimiter", () => "-"),
            ("metadataDelimiters.arrayDelimiter", () => ","),
            Disabled("impersonation"),
        ],
        DefaultImpersonationRole = "IMMUTA_IMPERSONATION",
        HidesUserWhenAutomatic = true,
        ValidationTests =
        [
            new("Initial Validation: Basic Connection Test"),
            new("Validate Automatic: Schema Does Not Exist", Automatic),
            new("Validate Automatic: Impersonation Role Does Not Exist", p => Automatic(p) && Impersonates(p)),
            new("Validate Automatic Bootstrap User Grants", Automatic),
        ],
    };

    public static readonly TypeRules BigQueryRules = new()
    {
        Name = BigQuery,
        AllowsAutoBootstrap = false,
        Fields =
        [
            Text("role", true), new FieldSpec("datasetSuffix", FieldKind.String, true) { MustStartWith = "_" }, Text("dataset", true),
            Text("location", true), Text("credential", true, true),
        ],
        ImmutableFields = ["dataset", "location"],
        IdentityKeys = [["dataset", "location"]],
        ValidationTests =
        [
            new("Initial Validation: Basic Connection Test"),
            new("Validate Role Permissions"),
            new("Validate Dataset Does Not Exist"),
        ],
    };

    public static readonly TypeRules S3Rules = new()
    {
        Name = S3,
        AllowsAutoBootstrap = false,
        Fields = [Text("name", true), Text("awsAccountId", true), Text("awsRegion", true), Text("awsLocationRole", true), Text("awsLocationPath", true)],
        Authentication =
        [
            new("accessKey", [Text("awsAccessKeyId", true), Text("awsSecretAccessKey", true, true)]),
            new("auto", [Text("awsRoleToAssume", true)]),
        ],
        ImmutableFields = ["awsLocationPath", "awsAccountId", "awsRegion"],
        IdentityKeys = [["name"], ["awsLocationPath"]],
        ValidationTests =
        [
            new("Initial Validation: Basic Connection Test"),
            new("Validate Location Role Access"),
            new("Validate Access Grants Instance"),
        ],
    };

    public static readonly TypeRules TrinoRules = new() { Name = Trino, HasConfig = false, AllowsAutoBootstrap = false };

    public static readonly IReadOnlyList<TypeRules> Ordered =
        [SnowflakeRules, DatabricksRules, RedshiftRules, SynapseRules, BigQueryRules, S3Rules, TrinoRules];

    public static readonly IReadOnlyDictionary<string, TypeRules> All = Ordered.ToDictionary(t => t.Name, StringComparer.Ordinal);

    public static TypeRules? Find(string? name) => name is not null && All.TryGetValue(name, out var rules) ? rules : null;
}
