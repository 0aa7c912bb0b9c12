using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ImmutaIntegrations.Emulator.Scripts;

namespace ImmutaIntegrations.Emulator.Tests;

public sealed class ScriptGeneratorTests
{
    private const string Snowflake = "Snowflake";
    private const string Databricks = "Databricks";
    private const string Redshift = "Redshift";
    private const string Synapse = "Azure Synapse Analytics";
    private const long Id = 42;

    // The configs of the example payloads (tests/data/examples), then variants for the other auth types and features.
    private const string SnowflakeExample = """
        { "host": "organization.us-east-1.snowflakecomputing.com", "warehouse": "SAMPLE_WAREHOUSE",
          "database": "SNOWFLAKE_SAMPLE_DATA", "authenticationType": "userPassword",
          "username": "taylor@snowflake.com", "password": "abc1234", "role": "ACCOUNTADMIN" }
        """;
    private const string DatabricksExample = """
        { "workspaceUrl": "www.example-workspace.cloud.databricks.com", "httpPath": "sql/protocolv1/o/0/0000-00000-abc123",
          "authenticationType": "token", "token": "REDACTED", "catalog": "immuta" }
        """;
    private const string RedshiftExample = """
        { "host": "organization.aws.amazon.com", "database": "immuta", "initialDatabase": "REDSHIFT_SAMPLE_DATA",
          "authenticationType": "userPassword", "username": "taylor@redshift.com", "password": "abc1234" }
        """;
    private const string SynapseExample = """
        { "host": "organization.azure.com", "schema": "sample_schema", "database": "immuta",
          "metadataDelimiters": { "hashDelimiter": "|", "hashKeyDelimiter": "-", "arrayDelimiter": "," },
          "username": "taylor@synapse.com", "password": "abc1234", "authenticationType": "userPassword" }
        """;
    private const string SnowflakeKeyPair = """
        { "host": "organization.us-east-1.snowflakecomputing.com", "warehouse": "SAMPLE_WAREHOUSE",
          "database": "SNOWFLAKE_SAMPLE_DATA", "authenticationType": "keyPair", "username": "taylor@snowflake.com",
          "privateKey": { "keyName": "PRIV_KEY_FILE", "userFilename": "rsa_key.p8",
                          "content": "-----BEGIN PRIVATE KEY-----\nMIIEvQ-snowflake-key-body\n-----END PRIVATE KEY-----" },
          "privateKeyPassword": "key-pass-9f2", "audit": { "enabled": true }, "workspaces": { "enabled": true },
          "impersonation": { "enabled": true }, "lineage": { "enabled": true } }
        """;
    private const string SnowflakeOAuth = """
        { "host": "organization.us-east-1.snowflakecomputing.com", "warehouse": "OTHER_WAREHOUSE",
          "database": "SNOWFLAKE_SAMPLE_DATA", "authenticationType": "oAuthClientCredentials",
          "oAuthClientConfig": { "provider": "Okta", "clientId": "sf-client-id", "clientSecret": "sf-client-secret-7c1",
            "authorityUrl": "https://okta.example.com/oauth2/default/v1/token", "scope": "session:role:IMMUTA",
            "useCertificate": false, "publicCertificateThumbprint": "thumb", "oauthPrivateKey": "oauth-pk-secret-2d" } }
        """;
    private const string DatabricksOAuth = """
        { "workspaceUrl": "www.example-workspace.cloud.databricks.com", "httpPath": "sql/protocolv1/o/0/0000-00000-abc123",
          "authenticationType": "oAuthM2M", "catalog": "immuta", "audit": { "enabled": true },
          "oAuthClientConfig": { "clientId": "6f1c0de2-sp-app-id", "clientSecret": "dbx-secret-51a",
            "authorityUrl": "https://www.example-workspace.cloud.databricks.com/oidc/v1/token", "scope": "all-apis",
            "useCertificate": false },
          "workspaceIds": [1234567890], "groupPattern": { "deny": ["admins"] } }
        """;
    private const string RedshiftAccessKey = """
        { "host": "organization.aws.amazon.com", "database": "immuta", "initialDatabase": "REDSHIFT_SAMPLE_DATA",
          "authenticationType": "accessKey", "databaseUser": "immuta_svc", "accessKeyId": "AKIAEXAMPLE0042",
          "secretKey": "rs-secret-key-77", "sessionToken": "rs-session-token-88",
          "impersonation": { "enabled": true, "role": "rs_imp" } }
        """;
    private const string SynapseImpersonation = """
        { "host": "organization.azure.com", "schema": "sample_schema", "database": "immuta",
          "username": "immuta_svc", "password": "syn-pass-61b", "authenticationType": "userPassword",
          "impersonation": { "enabled": true } }
        """;

    private static readonly Dictionary<string, string[]> Examples = new()
    {
        [Snowflake] = [SnowflakeExample, SnowflakeKeyPair, SnowflakeOAuth],
        [Databricks] = [DatabricksExample, DatabricksOAuth],
        [Redshift] = [RedshiftExample, RedshiftAccessKey],
        [Synapse] = [SynapseExample, SynapseImpersonation],
    };

    // The table of docs/api-contract.md §2.
    private static readonly Dictionary<string, string[]> ContractKinds = new()
    {
        [Snowflake] = ["Create", "Edit", "Delete", "Cleanup"],
        [Databricks] = ["Create", "Edit"],
        [Redshift] = ["Create", "Edit", "Delete", "Cleanup", "InitialCreate"],
        [Synapse] = ["Create", "Edit", "Delete", "Cleanup", "InitialCreate", "PostCleanup"],
        ["Google BigQuery"] = [],
        ["Native S3"] = [],
        ["Trino"] = [],
    };

    private static readonly string[] SecretKeys =
        ["password", "token", "privateKey", "privateKeyPassword", "clientSecret", "oauthPrivateKey", "secretKey", "sessionToken", "accessKeyId"];

    public static TheoryData<string, string> AllPairs() => Pairs(_ => true);

    public static TheoryData<string, string> SupportedPairs() => Pairs(pair => ContractKinds[pair.Type].Contains(pair.Kind));

    public static TheoryData<string, string> UnsupportedPairs() => Pairs(pair => !ContractKinds[pair.Type].Contains(pair.Kind));

    [Theory]
    [MemberData(nameof(AllPairs))]
    public void Support_follows_the_contract_table(string type, string kind) =>
        Assert.Equal(ContractKinds[type].Contains(kind), ScriptGenerator.Supports(type, Kind(kind)));

    [Fact]
    public void KindsFor_lists_the_kinds_in_enum_order_and_none_for_other_or_unknown_types()
    {
        foreach (var (type, kinds) in ContractKinds)
        {
            Assert.Equal(kinds, ScriptGenerator.KindsFor(type).Select(k => k.ToString()));
        }
        Assert.Empty(ScriptGenerator.KindsFor("snowflake"));
        Assert.Empty(ScriptGenerator.KindsFor("Oracle"));
        Assert.False(ScriptGenerator.Supports("Oracle", ScriptKind.Create));
    }

    [Theory]
    [MemberData(nameof(UnsupportedPairs))]
    public void Generate_refuses_a_kind_the_type_has_no_script_for(string type, string kind) =>
        Assert.Throws<ArgumentException>(() => ScriptGenerator.Generate(type, Kind(kind), Parse("""{ "host": "h" }"""), null, Id));

    [Theory]
    [MemberData(nameof(SupportedPairs))]
    public void Every_script_has_a_header_and_splits_into_whole_statements(string type, string kind)
    {
        foreach (string config in Examples[type])
        {
            string script = Generate(type, kind, config, previous: Examples[type][0]);

            Assert.StartsWith("/*\n * Immuta integration: " + type + "\n", script);
            Assert.Contains($" * Script: {Kind(kind).EndpointName()} ", script);
            Assert.Contains((string)Parse(config)[type == Databricks ? "workspaceUrl" : "host"]!, script);
            Assert.Equal(kind is "Edit" or "Delete", script.Contains($" * Integration id: {Id}\n", StringComparison.Ordinal));
            Assert.DoesNotContain('\r', script);
            Assert.NotEmpty(Split(script, type));
        }
    }

    [Theory]
    [InlineData(Snowflake, "Create", "\"SNOWFLAKE_SAMPLE_DATA\"|\"SAMPLE_WAREHOUSE\"|GRANT ROLE \"IMMUTA_SYSTEM_ACCOUNT_ROLE\" TO USER \"taylor@snowflake.com\"|USE ROLE \"ACCOUNTADMIN\"")]
    [InlineData(Snowflake, "Delete", "DROP DATABASE IF EXISTS \"SNOWFLAKE_SAMPLE_DATA\" CASCADE|DROP ROLE IF EXISTS \"IMMUTA_SYSTEM_ACCOUNT_ROLE\"")]
    [InlineData(Snowflake, "Cleanup", "DROP DATABASE IF EXISTS \"SNOWFLAKE_SAMPLE_DATA\" CASCADE|USE ROLE \"ACCOUNTADMIN\"")]
    [InlineData(Snowflake, "Edit", "USE DATABASE \"SNOWFLAKE_SAMPLE_DATA\"")]
    [InlineData(Databricks, "Create", "CREATE CATALOG IF NOT EXISTS `immuta`|ALTER CATALOG `immuta` OWNER TO `immuta_system_account`|https://www.example-workspace.cloud.databricks.com")]
    [InlineData(Databricks, "Edit", "USE CATALOG `immuta`")]
    [InlineData(Redshift, "InitialCreate", "database \"REDSHIFT_SAMPLE_DATA\"|CREATE DATABASE \"immuta\" WITH OWNER \"taylor@redshift.com\"|'USER', 'taylor@redshift.com', TRUE")]
    [InlineData(Redshift, "Create", "database \"immuta\"|CREATE SCHEMA IF NOT EXISTS \"immuta_system\" AUTHORIZATION \"taylor@redshift.com\"")]
    [InlineData(Redshift, "Delete", "database \"REDSHIFT_SAMPLE_DATA\"|DROP DATABASE \"immuta\"|DROP USER IF EXISTS \"taylor@redshift.com\"")]
    [InlineData(Redshift, "Cleanup", "DROP DATABASE \"immuta\"|DROP USER IF EXISTS \"taylor@redshift.com\"")]
    [InlineData(Redshift, "Edit", "database \"immuta\"")]
    [InlineData(Synapse, "InitialCreate", "database [master]|CREATE LOGIN [taylor@synapse.com]|N'taylor@synapse.com'")]
    [InlineData(Synapse, "Create", "database [immuta]|CREATE SCHEMA [sample_schema]|GRANT CONTROL ON SCHEMA::[sample_schema] TO [taylor@synapse.com]")]
    [InlineData(Synapse, "Cleanup", "DROP SCHEMA [sample_schema]|DROP USER [taylor@synapse.com]")]
    [InlineData(Synapse, "Delete", "DROP SCHEMA [sample_schema]|DROP USER [taylor@synapse.com]")]
    [InlineData(Synapse, "PostCleanup", "database [master]|DROP LOGIN [taylor@synapse.com]")]
    [InlineData(Synapse, "Edit", "database [immuta]")]
    public void Scripts_name_the_payload_objects_quoted(string type, string kind, string expected)
    {
        string script = Generate(type, kind, Examples[type][0], previous: Examples[type][0]);

        foreach (string part in expected.Split('|'))
        {
            Assert.Contains(part, script);
        }
    }

    [Theory]
    [MemberData(nameof(SupportedPairs))]
    public void No_script_contains_a_credential_of_the_payload(string type, string kind)
    {
        foreach (string config in Examples[type])
        {
            foreach (string previous in Examples[type])
            {
                string script = Generate(type, kind, config, previous);
                foreach (string secret in Secrets(Parse(config)).Concat(Secrets(Parse(previous))))
                {
                    Assert.DoesNotContain(secret, script);
                }
            }
        }
    }

    [Fact]
    public void Snowflake_create_defines_a_dollar_quoted_procedure_that_a_splitter_keeps_whole()
    {
        string script = Generate(Snowflake, "Create", SnowflakeExample);

        Assert.Equal(2, Regex.Count(script, @"\$\$"));
        string procedure = Assert.Single(Split(script, Snowflake), s => s.Contains("CREATE OR REPLACE PROCEDURE", StringComparison.Ordinal));
        Assert.StartsWith("CREATE OR REPLACE PROCEDURE \"SNOWFLAKE_SAMPLE_DATA\".\"IMMUTA_SYSTEM\".\"GRANT_IMMUTA_ACCESS\"(", procedure);
        Assert.Contains("RETURN 'done; ok", procedure);
        Assert.Contains("END FOR;", procedure);
        Assert.EndsWith("$$", procedure);
        Assert.Contains("CALL \"SNOWFLAKE_SAMPLE_DATA\".\"IMMUTA_SYSTEM\".\"GRANT_IMMUTA_ACCESS\"('IMMUTA_SYSTEM_ACCOUNT_ROLE');", script);
        // Outside the body too, a literal holds text that only looks like a comment.
        string outside = script[..script.IndexOf("$$", StringComparison.Ordinal)];
        Assert.Matches(@"(?m)^[^-\n][^\n]*'[^'\n]*(--|/\*)[^'\n]*'", outside);
    }

    [Fact]
    public void Redshift_initial_create_makes_the_user_through_a_plpgsql_procedure_it_drops_afterwards()
    {
        string script = Generate(Redshift, "InitialCreate", RedshiftExample);

        Assert.Equal(2, Regex.Count(script, @"\$\$"));
        Assert.Contains("$$ LANGUAGE plpgsql;", script);
        Assert.Single(Split(script, Redshift), s => s.Contains("RAISE INFO 'created %: %; nothing else changed'", StringComparison.Ordinal));
        Assert.True(script.IndexOf("CALL \"public\"", StringComparison.Ordinal) < script.IndexOf("CREATE DATABASE \"immuta\"", StringComparison.Ordinal));
        Assert.EndsWith("DROP PROCEDURE \"public\".\"immuta_setup_ensure\"(VARCHAR, VARCHAR, BOOLEAN);\n", script);
    }

    [Theory]
    [InlineData("InitialCreate", 2)]
    [InlineData("Create", 3)]
    [InlineData("Cleanup", 3)]
    [InlineData("Delete", 3)]
    [InlineData("PostCleanup", 2)]
    public void Synapse_scripts_put_conditional_statements_in_BEGIN_END_blocks(string kind, int blocks)
    {
        string script = Generate(Synapse, kind, SynapseImpersonation);

        var block = new Regex(@"^IF (NOT )?EXISTS \(SELECT 1 FROM [^\n]*\)\nBEGIN\n(?<body>(    [^\n]*\n)+)END;$", RegexOptions.Multiline);
        MatchCollection matches = block.Matches(script);
        Assert.Equal(blocks, matches.Count);
        Assert.Equal(blocks, Regex.Count(script, "^BEGIN$", RegexOptions.Multiline));
        Assert.Equal(blocks, Regex.Count(script, "^END;$", RegexOptions.Multiline));
        foreach (Match match in matches)
        {
            // Each inner statement starts at the block's indentation and ends with its own semicolon.
            string body = match.Groups["body"].Value;
            Assert.Equal(Regex.Count(body, @"^    \S", RegexOptions.Multiline), Split(body, Synapse).Count);
        }
    }

    [Fact]
    public void Snowflake_edit_grants_the_new_warehouse_and_revokes_the_old_one()
    {
        string config = SnowflakeExample.Replace("SAMPLE_WAREHOUSE", "NEW_WAREHOUSE", StringComparison.Ordinal);

        string script = Generate(Snowflake, "Edit", config, previous: SnowflakeExample);

        Assert.Contains("GRANT USAGE ON WAREHOUSE \"NEW_WAREHOUSE\" TO ROLE \"IMMUTA_SYSTEM_ACCOUNT_ROLE\";", script);
        Assert.Contains("REVOKE USAGE ON WAREHOUSE \"SAMPLE_WAREHOUSE\" FROM ROLE \"IMMUTA_SYSTEM_ACCOUNT_ROLE\";", script);
        Assert.DoesNotContain("GRANT USAGE ON WAREHOUSE \"SAMPLE_WAREHOUSE\"", script);
        Assert.DoesNotContain("SELECT 1;", script);
    }

    [Theory]
    [InlineData(Snowflake, "CREATE ROLE IF NOT EXISTS \"IMMUTA_IMPERSONATION\";", "DROP ROLE IF EXISTS \"IMMUTA_IMPERSONATION\";")]
    [InlineData(Redshift, "('ROLE', 'immuta_impersonation', TRUE);", "('ROLE', 'immuta_impersonation', FALSE);")]
    [InlineData(Synapse, "    CREATE ROLE [IMMUTA_IMPERSONATION];", "    DROP ROLE [IMMUTA_IMPERSONATION];")]
    public void Edit_creates_the_impersonation_role_when_turned_on_and_drops_it_when_turned_off(string type, string created, string dropped)
    {
        string off = Examples[type][0];
        string on = WithImpersonation(off, role: null);

        string turnedOn = Generate(type, "Edit", on, previous: off);
        string turnedOff = Generate(type, "Edit", off, previous: on);

        Assert.Contains(created, turnedOn);
        Assert.DoesNotContain(dropped, turnedOn);
        Assert.Contains(dropped, turnedOff);
        Assert.DoesNotContain(created, turnedOff);
        Assert.Contains(created.Replace("IMMUTA_IMPERSONATION", "PII_READERS", StringComparison.Ordinal)
                .Replace("immuta_impersonation", "PII_READERS", StringComparison.Ordinal),
            Generate(type, "Create", WithImpersonation(off, "PII_READERS")));
    }

    [Theory]
    [InlineData(Snowflake)]
    [InlineData(Databricks)]
    [InlineData(Redshift)]
    [InlineData(Synapse)]
    public void Edit_without_a_relevant_change_says_so_and_only_runs_a_harmless_statement(string type)
    {
        string config = Examples[type][0];
        string changedSecret = config.Replace("abc1234", "new-pass", StringComparison.Ordinal);

        string script = Generate(type, "Edit", changedSecret, previous: config);

        Assert.Contains("changes with this edit", script);
        Assert.Contains("SELECT 1;", script);
        Assert.DoesNotMatch(@"(?m)^\s*(GRANT|REVOKE|CREATE|DROP|ALTER|CALL)\b", script);
    }

    [Fact]
    public void Databricks_names_the_service_principal_by_client_id_and_hands_the_catalog_over_when_it_changes()
    {
        string created = Generate(Databricks, "Create", DatabricksOAuth);
        string edited = Generate(Databricks, "Edit", DatabricksOAuth, previous: DatabricksExample);

        Assert.Contains("ALTER CATALOG `immuta` OWNER TO `6f1c0de2-sp-app-id`;", created);
        Assert.Contains("GRANT USE SCHEMA, SELECT ON SCHEMA `system`.`access` TO `6f1c0de2-sp-app-id`;", created);
        Assert.DoesNotContain("immuta_system_account", created);
        Assert.Contains("ALTER CATALOG `immuta` OWNER TO `6f1c0de2-sp-app-id`;", edited);
        Assert.Contains("REVOKE USE CATALOG ON CATALOG `immuta` FROM `immuta_system_account`;", edited);
    }

    [Fact]
    public void Identifiers_and_literals_with_quote_characters_are_escaped()
    {
        string snowflake = Generate(Snowflake, "Create", SnowflakeExample.Replace("SNOWFLAKE_SAMPLE_DATA", "my\\\"db", StringComparison.Ordinal));
        string databricks = Generate(Databricks, "Create", DatabricksExample.Replace("\"immuta\"", "\"cat`x\"", StringComparison.Ordinal));
        string redshift = Generate(Redshift, "InitialCreate", RedshiftExample.Replace("taylor@redshift.com", "o'brien\\\\x\\\"y", StringComparison.Ordinal));
        string synapse = Generate(Synapse, "Create", SynapseExample.Replace("sample_schema", "it's]x", StringComparison.Ordinal));

        Assert.Contains("CREATE DATABASE IF NOT EXISTS \"my\"\"db\"", snowflake);
        Assert.Contains("CREATE CATALOG IF NOT EXISTS `cat``x`", databricks);
        Assert.Contains("'USER', 'o''brien\\\\x\"y', TRUE", redshift);
        Assert.Contains("WITH OWNER \"o'brien\\x\"\"y\"", redshift);
        Assert.Contains("WHERE name = N'it''s]x'", synapse);
        Assert.Contains("EXEC(N'CREATE SCHEMA [it''s]]x] AUTHORIZATION [dbo]')", synapse);
        Assert.Contains("SCHEMA::[it's]]x]", synapse);
        Assert.NotEmpty(Split(snowflake, Snowflake));
        Assert.NotEmpty(Split(databricks, Databricks));
        Assert.NotEmpty(Split(redshift, Redshift));
        Assert.NotEmpty(Split(synapse, Synapse));
    }

    [Fact]
    public void Payload_text_cannot_break_out_of_a_comment()
    {
        string config = DatabricksExample.Replace("www.example-workspace", "evil */ DROP CATALOG main; /* \\n DROP CATALOG other;", StringComparison.Ordinal);

        string script = Generate(Databricks, "Create", config);

        Assert.DoesNotContain(Split(script, Databricks), s => s.Contains("DROP CATALOG", StringComparison.Ordinal));
        Assert.Equal(script.IndexOf("\n */\n", StringComparison.Ordinal) + 2, script.IndexOf("*/", StringComparison.Ordinal));
        Assert.Contains("evil * / DROP CATALOG main; / *   DROP CATALOG other;", script);
    }

    [Fact]
    public void Delete_removes_what_the_stored_config_describes()
    {
        string stored = SnowflakeExample.Replace("SNOWFLAKE_SAMPLE_DATA", "STORED_DB", StringComparison.Ordinal);

        string script = Generate(Snowflake, "Delete", SnowflakeExample, previous: stored);

        Assert.Contains("DROP DATABASE IF EXISTS \"STORED_DB\" CASCADE;", script);
        Assert.DoesNotContain("SNOWFLAKE_SAMPLE_DATA", script);
    }

    [Theory]
    [MemberData(nameof(SupportedPairs))]
    public void The_same_input_gives_the_same_text(string type, string kind)
    {
        string config = Examples[type][^1];

        Assert.Equal(Generate(type, kind, config, Examples[type][0]), Generate(type, kind, config, Examples[type][0]));
    }

    private static string Generate(string type, string kind, string config, string? previous = null)
    {
        bool hasId = kind is "Edit" or "Delete";
        return ScriptGenerator.Generate(type, Kind(kind), Parse(config), hasId && previous is not null ? Parse(previous) : null, hasId ? Id : null);
    }

    private static ScriptKind Kind(string name) => Enum.Parse<ScriptKind>(name);

    private static JsonObject Parse(string json) => (JsonObject)JsonNode.Parse(json)!;

    private static string WithImpersonation(string config, string? role)
    {
        JsonObject json = Parse(config);
        json["impersonation"] = role is null ? new JsonObject { ["enabled"] = true } : new JsonObject { ["enabled"] = true, ["role"] = role };
        return json.ToJsonString();
    }

    private static TheoryData<string, string> Pairs(Func<(string Type, string Kind), bool> filter)
    {
        var data = new TheoryData<string, string>();
        foreach (string type in ContractKinds.Keys)
        {
            foreach (ScriptKind kind in Enum.GetValues<ScriptKind>())
            {
                if (filter((type, kind.ToString()))) data.Add(type, kind.ToString());
            }
        }
        return data;
    }

    /// <summary>Every string under a credential key, however deep (privateKey is an object).</summary>
    private static IEnumerable<string> Secrets(JsonNode? node, bool secret = false) => node switch
    {
        JsonObject obj => obj.SelectMany(p => Secrets(p.Value, secret || SecretKeys.Contains(p.Key))),
        JsonArray array => array.SelectMany(item => Secrets(item, secret)),
        JsonValue value when secret && value.TryGetValue(out string? text) => text.Split('\n').Where(line => line.Length > 0),
        _ => [],
    };

    /// <summary>
    /// Splits a script on top-level semicolons as a client's runner does, skipping comments and keeping quoted
    /// text and $$ bodies whole; fails on anything left unterminated or after the last statement.
    /// </summary>
    private static List<string> Split(string sql, string type)
    {
        char identifierQuote = type == Databricks ? '`' : type == Synapse ? '[' : '"';
        var statements = new List<string>();
        var current = new StringBuilder();
        int i = 0;
        while (i < sql.Length)
        {
            char c = sql[i];
            string two = i + 1 < sql.Length ? sql.Substring(i, 2) : "";
            if (two == "--")
            {
                int end = sql.IndexOf('\n', i);
                i = end < 0 ? sql.Length : end;
            }
            else if (two == "/*")
            {
                int end = sql.IndexOf("*/", i + 2, StringComparison.Ordinal);
                Assert.True(end > 0, "unterminated block comment");
                i = end + 2;
            }
            else if (two == "$$" && type is Snowflake or Redshift)
            {
                int end = sql.IndexOf("$$", i + 2, StringComparison.Ordinal);
                Assert.True(end > 0, "unterminated $$ body");
                current.Append(sql, i, end + 2 - i);
                i = end + 2;
            }
            else if (c == '\'' || c == identifierQuote)
            {
                char close = c == '[' ? ']' : c;
                int j = i + 1;
                while (true)
                {
                    Assert.True(j < sql.Length, $"unterminated {c}");
                    if (sql[j] != close) j++;
                    else if (j + 1 < sql.Length && sql[j + 1] == close) j += 2;
                    else break;
                }
                current.Append(sql, i, j + 1 - i);
                i = j + 1;
            }
            else if (c == ';')
            {
                string statement = current.ToString().Trim();
                Assert.NotEqual("", statement);
                statements.Add(statement);
                current.Clear();
                i++;
            }
            else
            {
                current.Append(c);
                i++;
            }
        }
        Assert.Equal("", current.ToString().Trim());
        return statements;
    }
}
