using System;
using System.Collections.Generic;
using System.Linq;
using ImmutaIntegrations.Core.Payloads.Redaction;

namespace ImmutaIntegrations.Core.Payloads.Types;

/// <summary>The seven integration types of the contract (docs/api-contract.md §3), as data.</summary>
public static class IntegrationTypes
{
    public const string SnowflakeName = "Snowflake";
    public const string DatabricksName = "Databricks";
    public const string RedshiftName = "Redshift";
    public const string SynapseName = "Azure Synapse Analytics";
    public const string BigQueryName = "Google BigQuery";
    public const string S3Name = "Native S3";
    public const string TrinoName = "Trino";

    private const PayloadValueKind Str = PayloadValueKind.String;
    private const PayloadValueKind Int = PayloadValueKind.Integer;
    private const PayloadValueKind Bool = PayloadValueKind.Boolean;

    private static readonly string[] UserPassword = { "userPassword" };

    private static PayloadField Text(string path, string description, bool required = false) =>
        new PayloadField(path, Str, description) { Required = required };

    private static PayloadField Secret(string path, string description, bool required = false) =>
        new PayloadField(path, Str, description) { Required = required, Secret = true };

    private static PayloadField Port(int defaultPort) =>
        new PayloadField("port", Int, "The port to connect to.") { Default = (long)defaultPort, Minimum = 1, Maximum = 65535 };

    private static PayloadField AuthenticationType(params string[] allowed) =>
        new PayloadField("authenticationType", Str, "How Immuta authenticates to the platform.") { Required = true, Allowed = allowed };

    private static PayloadField[] Switch(string block, string description) => new[]
    {
        new PayloadField(block, PayloadValueKind.Object, description),
        new PayloadField(block + ".enabled", Bool, $"Whether {block} is on.") { Default = false },
    };

    private static PayloadField[] Impersonation(string defaultRole) => Switch("impersonation", "User impersonation.")
        .Append(Text("impersonation.role", $"The impersonation role (default {defaultRole} when enabled)."))
        .ToArray();

    private static PayloadField[] UserAndPassword(string user, string password, string[]? authentication = null) => new[]
    {
        new PayloadField("username", Str, user)
            { Required = true, AuthenticationTypes = authentication ?? UserPassword, Credential = CredentialPart.UserName },
        new PayloadField("password", Str, password)
            { Required = true, Secret = true, AuthenticationTypes = authentication ?? UserPassword, Credential = CredentialPart.Password },
    };

    // Snowflake's client (oAuthClientCredentials) names its provider and may use a certificate; Databricks' (oAuthM2M)
    // does neither: docs/api-contract.md §3 gives it clientId, clientSecret, authorityUrl, scope and useCertificate only.
    private static PayloadField[] OAuthClient(string authentication, bool withProvider, bool withCertificate)
    {
        string[] only = { authentication };
        var fields = new List<PayloadField>
        {
            new PayloadField("oAuthClientConfig", PayloadValueKind.Object, "The OAuth client.") { Required = true, AuthenticationTypes = only },
        };
        if (withProvider) fields.Add(Text("oAuthClientConfig.provider", "The OAuth provider."));
        fields.AddRange(new[]
        {
            new PayloadField("oAuthClientConfig.clientId", Str, "The OAuth client id.")
                { Required = true, Credential = CredentialPart.UserName, AuthenticationTypes = only },
            new PayloadField("oAuthClientConfig.clientSecret", Str, "The OAuth client secret.")
                { Secret = true, Credential = CredentialPart.Password, AuthenticationTypes = only },
            Text("oAuthClientConfig.authorityUrl", "The token endpoint of the identity provider."),
            Text("oAuthClientConfig.scope", "The scope to request."),
            new PayloadField("oAuthClientConfig.useCertificate", Bool, "Authenticate with a certificate instead of the client secret."),
        });
        if (withCertificate)
        {
            fields.Add(Text("oAuthClientConfig.publicCertificateThumbprint", "The thumbprint of the client certificate."));
            fields.Add(Secret("oAuthClientConfig.oauthPrivateKey", "The private key of the client certificate."));
        }
        return fields.ToArray();
    }

    public static readonly IntegrationType Snowflake = new IntegrationType(SnowflakeName, "Snowflake", new[]
    {
        new PayloadField("host", Str, "The account host, e.g. organization.us-east-1.snowflakecomputing.com.") { Required = true, Immutable = true },
        Port(443),
        Text("warehouse", "The default warehouse.", required: true),
        new PayloadField("database", Str, "A new database for the Immuta system account to manage.") { Required = true, Immutable = true },
        Text("role", "The privileged role used for automatic setup, e.g. ACCOUNTADMIN."),
        AuthenticationType("userPassword", "keyPair", "oAuthClientCredentials"),
    }
    .Concat(UserAndPassword("The user Immuta connects as.", "The user's password."))
    .Concat(new[]
    {
        new PayloadField("username", Str, "The user Immuta connects as.")
            { Required = true, AuthenticationTypes = new[] { "keyPair" }, Credential = CredentialPart.UserName },
        new PayloadField("privateKey", PayloadValueKind.StringOrObject, "The private key: its PEM text, or {keyName: PRIV_KEY_FILE, userFilename, content}.")
            { Required = true, Secret = true, AuthenticationTypes = new[] { "keyPair" } },
        new PayloadField("privateKeyPassword", Str, "The passphrase of the private key.") { Secret = true, AuthenticationTypes = new[] { "keyPair" } },
    })
    .Concat(OAuthClient("oAuthClientCredentials", withProvider: true, withCertificate: true))
    .Concat(Switch("audit", "Query audit."))
    .Concat(Switch("workspaces", "Project workspaces."))
    .Concat(Impersonation("IMMUTA_IMPERSONATION"))
    .Concat(Switch("lineage", "Lineage ingestion."))
    .Concat(new[]
    {
        new PayloadField("userRolePattern", PayloadValueKind.Object, "Which Snowflake roles Immuta leaves alone."),
        new PayloadField("userRolePattern.exclude", PayloadValueKind.Array, "Role name patterns to exclude."),
    }))
    {
        Slug = "snowflake",
        IdentityKeys = new[] { new[] { "host" } },
        Scripts = new[] { IntegrationScriptKind.Create, IntegrationScriptKind.Edit, IntegrationScriptKind.Delete, IntegrationScriptKind.Cleanup },
        DeleteNeedsCredentialsWhenAutomatic = true,
    };

    public static readonly IntegrationType Databricks = new IntegrationType(DatabricksName, "Databricks Unity Catalog", new[]
    {
        new PayloadField("workspaceUrl", Str, "The workspace, e.g. www.example-workspace.cloud.databricks.com.") { Required = true, Immutable = true },
        Text("httpPath", "The HTTP path of the compute Immuta uses.", required: true),
        new PayloadField("catalog", Str, "A new catalog for Immuta to own.") { Required = true, Immutable = true },
        new PayloadField("port", Int, "The port to connect to.") { Minimum = 1, Maximum = 65535 },
        AuthenticationType("token", "oAuthM2M"),
        new PayloadField("token", Str, "A personal access token.")
            { Required = true, Secret = true, AuthenticationTypes = new[] { "token" }, Credential = CredentialPart.Password },
    }
    .Concat(OAuthClient("oAuthM2M", withProvider: false, withCertificate: false))
    .Concat(Switch("audit", "Query audit."))
    .Concat(new[]
    {
        new PayloadField("groupPattern", PayloadValueKind.Object, "Which Databricks groups Immuta ignores."),
        new PayloadField("workspaceIds", PayloadValueKind.Array, "The workspaces bound to the catalog."),
    }))
    {
        Slug = "databricks",
        Aliases = new[] { "Databricks Unity Catalog", "UnityCatalog", "Unity Catalog" },
        IdentityKeys = new[] { new[] { "workspaceUrl" } },
        Scripts = new[] { IntegrationScriptKind.Create, IntegrationScriptKind.Edit },
    };

    public static readonly IntegrationType Redshift = new IntegrationType(RedshiftName, "Amazon Redshift", new[]
    {
        new PayloadField("host", Str, "The cluster endpoint.") { Required = true, Immutable = true },
        Port(5439),
        new PayloadField("database", Str, "The database Immuta creates and manages.") { Required = true, Immutable = true },
        new PayloadField("initialDatabase", Str, "An existing database to connect to first (automatic setup).") { RequiredWhenAutomatic = true },
        AuthenticationType("userPassword", "accessKey"),
    }
    .Concat(UserAndPassword("The user Immuta connects as.", "The user's password."))
    .Concat(new[]
    {
        new PayloadField("databaseUser", Str, "The database user of the access key.") { Required = true, AuthenticationTypes = new[] { "accessKey" } },
        new PayloadField("accessKeyId", Str, "The AWS access key id.")
            { Required = true, AuthenticationTypes = new[] { "accessKey" }, Credential = CredentialPart.UserName },
        new PayloadField("secretKey", Str, "The AWS secret access key.")
            { Required = true, Secret = true, AuthenticationTypes = new[] { "accessKey" }, Credential = CredentialPart.Password },
        new PayloadField("sessionToken", Str, "An AWS session token.") { Secret = true, AuthenticationTypes = new[] { "accessKey" } },
    })
    .Concat(Impersonation("immuta_impersonation")))
    {
        Slug = "redshift",
        Aliases = new[] { "Amazon Redshift" },
        IdentityKeys = new[] { new[] { "host" } },
        Scripts = new[]
        {
            IntegrationScriptKind.InitialCreate, IntegrationScriptKind.Create, IntegrationScriptKind.Edit, IntegrationScriptKind.Delete,
            IntegrationScriptKind.Cleanup,
        },
        DeleteNeedsCredentialsWhenAutomatic = true,
    };

    public static readonly IntegrationType Synapse = new IntegrationType(SynapseName, "Azure Synapse Analytics", new[]
    {
        new PayloadField("host", Str, "The workspace's SQL endpoint.") { Required = true, Immutable = true },
        Port(1433),
        new PayloadField("database", Str, "An existing database.") { Required = true, Immutable = true },
        new PayloadField("schema", Str, "The Immuta-managed schema where secure views live.") { Required = true, Immutable = true },
        AuthenticationType("userPassword"),
    }
    .Concat(UserAndPassword("The user Immuta connects as.", "The user's password."))
    .Concat(new[]
    {
        new PayloadField("metadataDelimiters", PayloadValueKind.Object, "Delimiters of the metadata Immuta stores."),
        new PayloadField("metadataDelimiters.hashDelimiter", Str, "Separates hash entries.") { Default = "|" },
        new PayloadField("metadataDelimiters.hashKeyDelimiter", Str, "Separates a key from its value.") { Default = "-" },
        new PayloadField("metadataDelimiters.arrayDelimiter", Str, "Separates array items.") { Default = "," },
    })
    .Concat(Impersonation("IMMUTA_IMPERSONATION")))
    {
        Slug = "synapse",
        Aliases = new[] { "Synapse", "Azure Synapse", "AzureSynapse" },
        IdentityKeys = new[] { new[] { "host" } },
        Scripts = new[]
        {
            IntegrationScriptKind.InitialCreate, IntegrationScriptKind.Create, IntegrationScriptKind.Edit, IntegrationScriptKind.Delete,
            IntegrationScriptKind.Cleanup, IntegrationScriptKind.PostCleanup,
        },
        DeleteNeedsCredentialsWhenAutomatic = true,
    };

    public static readonly IntegrationType BigQuery = new IntegrationType(BigQueryName, "Google BigQuery", new[]
    {
        Text("role", "The GCP role Immuta uses.", required: true),
        new PayloadField("datasetSuffix", Str, "The suffix of Immuta's secure-view datasets; starts with '_'.") { Required = true, Prefix = "_" },
        new PayloadField("dataset", Str, "Immuta's metadata dataset.") { Required = true, Immutable = true },
        new PayloadField("location", Str, "The GCP location, e.g. us-east1.") { Required = true, Immutable = true },
        new PayloadField("credential", Str, "The service account key file's JSON content.")
            { Required = true, Secret = true, Credential = CredentialPart.Password },
    })
    {
        Slug = "bigquery",
        Aliases = new[] { "BigQuery" },
        AllowsAutoBootstrap = false,
        IdentityKeys = new[] { new[] { "dataset", "location" } },
    };

    public static readonly IntegrationType S3 = new IntegrationType(S3Name, "Amazon S3", new[]
    {
        Text("name", "A name unique across S3 integrations.", required: true),
        new PayloadField("awsAccountId", Str, "The AWS account id.") { Required = true, Immutable = true },
        new PayloadField("awsRegion", Str, "The AWS region, e.g. us-east-1.") { Required = true, Immutable = true },
        Text("awsLocationRole", "The IAM role ARN of the S3 Access Grants location.", required: true),
        new PayloadField("awsLocationPath", Str, "The base S3 prefix, unique across S3 integrations, e.g. s3://.") { Required = true, Immutable = true },
        AuthenticationType("accessKey", "auto"),
        new PayloadField("awsAccessKeyId", Str, "The AWS access key id.")
            { Required = true, AuthenticationTypes = new[] { "accessKey" }, Credential = CredentialPart.UserName },
        new PayloadField("awsSecretAccessKey", Str, "The AWS secret access key.")
            { Required = true, Secret = true, AuthenticationTypes = new[] { "accessKey" }, Credential = CredentialPart.Password },
        new PayloadField("awsRoleToAssume", Str, "The IAM role Immuta assumes.") { Required = true, AuthenticationTypes = new[] { "auto" } },
    })
    {
        Slug = "s3",
        Aliases = new[] { "S3", "Amazon S3", "AmazonS3" },
        AllowsAutoBootstrap = false,
        IdentityKeys = new[] { new[] { "name" }, new[] { "awsLocationPath" } },
        // A name can be changed; the S3 path is what the integration is about.
        PlanKey = new[] { "awsLocationPath" },
    };

    public static readonly IntegrationType Trino = new IntegrationType(TrinoName, "Starburst (Trino)", Array.Empty<PayloadField>())
    {
        Slug = "trino",
        Aliases = new[] { "Starburst", "Starburst (Trino)" },
        HasConfig = false,
        AllowsAutoBootstrap = false,
        ResponseSecrets = new[] { "apiKey" },
        ResponseFields = new[] { "apiKey", "configurationSnippet" },
    };

    /// <summary>The seven types, in the contract's order.</summary>
    public static readonly IReadOnlyList<IntegrationType> All = new[] { Snowflake, Databricks, Redshift, Synapse, BigQuery, S3, Trino };

    /// <summary>
    /// The type a user means: the API's name or an alias (<c>S3</c>, <c>BigQuery</c>, <c>Synapse</c>,
    /// <c>Starburst</c>), in any case. Null when it is none of them.
    /// </summary>
    public static IntegrationType? Resolve(string? name)
    {
        if (string.IsNullOrWhiteSpace(name)) return null;
        string wanted = name!.Trim();
        return All.FirstOrDefault(t => string.Equals(t.Name, wanted, StringComparison.OrdinalIgnoreCase)
            || string.Equals(t.Slug, wanted, StringComparison.OrdinalIgnoreCase)
            || t.Aliases.Any(a => string.Equals(a, wanted, StringComparison.OrdinalIgnoreCase)));
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, IntegrationType> Unknowns =
        new System.Collections.Concurrent.ConcurrentDictionary<string, IntegrationType>(StringComparer.Ordinal);

    /// <summary>
    /// The type a name stands for, or for a name this module does not know (Immuta adds platforms), a description of
    /// it as plain data: no fields, so nothing is checked and secrets are recognised by their names
    /// (<see cref="PayloadRedaction"/>); no scripts; matched with payload files by its <c>host</c> where it has one.
    /// </summary>
    public static IntegrationType ResolveOrUnknown(string name) => Resolve(name) ?? Unknowns.GetOrAdd(name.Trim(), Unknown);

    private static IntegrationType Unknown(string name) => new IntegrationType(name, name, Array.Empty<PayloadField>())
    {
        IsKnown = false,
        Slug = Slugify(name),
        IdentityKeys = new[] { new[] { "host" } },
    };

    // "Hypothetical Platform" -> "hypothetical-platform": letters and digits, other runs as one dash.
    private static string Slugify(string name)
    {
        var slug = new System.Text.StringBuilder(name.Length);
        foreach (char c in name.ToLowerInvariant())
        {
            if (c < 128 && char.IsLetterOrDigit(c)) slug.Append(c);
            else if (slug.Length > 0 && slug[slug.Length - 1] != '-') slug.Append('-');
        }
        string text = slug.ToString().Trim('-');
        return text.Length == 0 ? "integration" : text;
    }

    /// <summary>The API's names, for messages: "Snowflake, Databricks, ...".</summary>
    public static string NameList => string.Join(", ", All.Select(t => t.Name));
}
