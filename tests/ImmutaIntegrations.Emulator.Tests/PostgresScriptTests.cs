using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ImmutaIntegrations.Emulator.Scripts;
using ImmutaIntegrations.Tests;

namespace ImmutaIntegrations.Emulator.Tests;

/// <summary>
/// The PostgreSQL rendering of Redshift's scripts (<c>--script-dialect postgres</c>): the statements of each kind for
/// the sample payload, the payload's names and password quoted for PostgreSQL, and the other types left as they are.
/// </summary>
public sealed class PostgresScriptTests
{
    private const string Redshift = "Redshift";

    // The sample payload's config (tests/data/examples/create-redshift.json).
    private const string Example = """
        { "host": "organization.aws.amazon.com", "database": "immuta", "initialDatabase": "REDSHIFT_SAMPLE_DATA",
          "authenticationType": "userPassword", "username": "taylor@redshift.com", "password": "abc1234" }
        """;

    private const string User = "\"taylor@redshift.com\"";

    private static string EnsureRole(string literal, string create) => $"""
        DO $$
        BEGIN
            IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = {literal}) THEN
                {create};
            END IF;
        END
        $$;
        """;

    private static string DropOwned(string literal, string role) => $"""
        DO $$
        BEGIN
            IF EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = {literal}) THEN
                DROP OWNED BY {role};
            END IF;
        END
        $$;
        """;

    [Fact]
    public void Initial_create_makes_the_login_role_with_the_payloads_password_then_the_database_it_owns()
    {
        string script = Generate(ScriptKind.InitialCreate, Example);

        Assert.Equal(
        [
            EnsureRole("E'taylor@redshift.com'", $"CREATE ROLE {User} LOGIN"),
            $"ALTER ROLE {User} WITH LOGIN PASSWORD E'abc1234';",
            $"CREATE DATABASE \"immuta\" WITH OWNER {User};",
        ], Statements(script));
        Assert.Contains("-- Connect as a superuser to any database but \"immuta\" (on Redshift, database \"REDSHIFT_SAMPLE_DATA\").", script);
        Assert.Contains(" * PostgreSQL rendering (emulator --script-dialect postgres): run it one statement at a time, with autocommit on.", script);
    }

    [Fact]
    public void Create_gives_the_database_and_the_schema_to_the_system_account_with_its_grants()
    {
        Assert.Equal(
        [
            $"ALTER DATABASE \"immuta\" OWNER TO {User};",
            $"GRANT CONNECT, CREATE, TEMPORARY ON DATABASE \"immuta\" TO {User};",
            $"CREATE SCHEMA IF NOT EXISTS \"immuta_system\" AUTHORIZATION {User};",
            $"ALTER SCHEMA \"immuta_system\" OWNER TO {User};",
            $"GRANT pg_read_all_stats TO {User};",
        ], Statements(Generate(ScriptKind.Create, Example)));
    }

    [Fact]
    public void Create_with_impersonation_makes_its_role_and_grants_it_with_admin_option()
    {
        string config = With(Example, "impersonation", new JsonObject { ["enabled"] = true });

        string[] statements = Statements(Generate(ScriptKind.Create, config));

        Assert.Equal(EnsureRole("E'immuta_impersonation'", "CREATE ROLE \"immuta_impersonation\" NOLOGIN"), statements[^2]);
        Assert.Equal($"GRANT \"immuta_impersonation\" TO {User} WITH ADMIN OPTION;", statements[^1]);
    }

    [Theory]
    [InlineData("Cleanup")]
    [InlineData("Delete")]
    public void Delete_and_cleanup_drop_the_database_the_schema_and_the_roles_each_only_if_there(string kindName)
    {
        var kind = Enum.Parse<ScriptKind>(kindName);
        string config = With(Example, "impersonation", new JsonObject { ["enabled"] = true, ["role"] = "rs_imp" });

        Assert.Equal(
        [
            "DROP DATABASE IF EXISTS \"immuta\" WITH (FORCE);",
            "DROP SCHEMA IF EXISTS \"immuta_system\" CASCADE;",
            DropOwned("E'rs_imp'", "\"rs_imp\""),
            "DROP ROLE IF EXISTS \"rs_imp\";",
            DropOwned("E'taylor@redshift.com'", User),
            $"DROP ROLE IF EXISTS {User};",
        ], Statements(Generate(kind, config, previous: config)));
    }

    [Fact]
    public void The_delete_script_removes_what_the_stored_config_names()
    {
        string stored = With(Example, "username", "stored_user");

        string script = ScriptGenerator.Generate(Redshift, ScriptKind.Delete, Parse(Example), Parse(stored), 7, ScriptDialect.Postgres);

        Assert.Contains("DROP ROLE IF EXISTS \"stored_user\";", script);
        Assert.DoesNotContain("taylor", script);
    }

    [Fact]
    public void An_edit_of_the_password_only_sets_the_new_one()
    {
        string edited = With(Example, "password", "new-pass");

        Assert.Equal([$"ALTER ROLE {User} WITH LOGIN PASSWORD E'new-pass';"], Statements(Generate(ScriptKind.Edit, edited, previous: Example)));
    }

    [Fact]
    public void An_edit_that_changes_nothing_on_the_server_is_a_select()
    {
        string edited = With(Example, "port", 5440);

        Assert.Equal(["SELECT 1;"], Statements(Generate(ScriptKind.Edit, edited, previous: Example)));
    }

    [Fact]
    public void A_new_system_account_takes_over_and_the_previous_one_hands_over_and_goes()
    {
        string before = With(Example, "impersonation", new JsonObject { ["enabled"] = true });
        string edited = With(With(before, "username", "svc"), "password", "svc-pass");

        string[] statements = Statements(Generate(ScriptKind.Edit, edited, previous: before));

        Assert.Equal(EnsureRole("E'svc'", "CREATE ROLE \"svc\" LOGIN"), statements[0]);
        Assert.Equal("ALTER ROLE \"svc\" WITH LOGIN PASSWORD E'svc-pass';", statements[1]);
        Assert.Contains("ALTER DATABASE \"immuta\" OWNER TO \"svc\";", statements);
        Assert.Contains("GRANT \"immuta_impersonation\" TO \"svc\" WITH ADMIN OPTION;", statements);
        Assert.Equal($"""
            DO $$
            BEGIN
                IF EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = E'taylor@redshift.com') THEN
                    REASSIGN OWNED BY {User} TO "svc";
                    DROP OWNED BY {User};
                    DROP ROLE {User};
                END IF;
            END
            $$;
            """, statements[^1]);
    }

    [Fact]
    public void Impersonation_turned_off_drops_its_role_and_renamed_renames_it()
    {
        string on = With(Example, "impersonation", new JsonObject { ["enabled"] = true, ["role"] = "imp_a" });
        string renamed = With(Example, "impersonation", new JsonObject { ["enabled"] = true, ["role"] = "imp_b" });

        string[] off = Statements(Generate(ScriptKind.Edit, Example, previous: on));
        string[] rename = Statements(Generate(ScriptKind.Edit, renamed, previous: on));

        Assert.Equal([DropOwned("E'imp_a'", "\"imp_a\""), "DROP ROLE IF EXISTS \"imp_a\";"], off);
        Assert.Contains("ALTER ROLE \"imp_a\" RENAME TO \"imp_b\";", rename[0]);
        Assert.Contains("rolname = E'imp_a') AND NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = E'imp_b')", rename[0]);
        Assert.Equal("GRANT \"imp_b\" TO \"taylor@redshift.com\" WITH ADMIN OPTION;", rename[^1]);
    }

    [Fact]
    public void Names_and_the_password_are_quoted_for_PostgreSQL_and_a_DO_body_gets_a_tag_it_does_not_hold()
    {
        string config = With(With(With(With(Example, "database", "imm\"u$$ta\\"), "username", "o'brien\\"), "password", "p'a\\ss$$\\"),
            "impersonation", new JsonObject { ["enabled"] = true, ["role"] = "imp$$x$immuta1$" });

        string initial = Generate(ScriptKind.InitialCreate, config);
        string create = Generate(ScriptKind.Create, config);

        Assert.Contains("ALTER ROLE \"o'brien\\\" WITH LOGIN PASSWORD E'p''a\\\\ss$$\\\\';", initial);
        Assert.Contains("CREATE DATABASE \"imm\"\"u$$ta\\\" WITH OWNER \"o'brien\\\";", initial);
        Assert.Contains("DO $$\nBEGIN\n    IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = E'o''brien\\\\') THEN", initial);
        Assert.Contains("DO $immuta2$\nBEGIN\n", create);
        Assert.Contains("        CREATE ROLE \"imp$$x$immuta1$\" NOLOGIN;\n    END IF;\nEND\n$immuta2$;", create);
    }

    [Theory]
    [InlineData("InitialCreate")]
    [InlineData("Create")]
    [InlineData("Edit")]
    [InlineData("Delete")]
    [InlineData("Cleanup")]
    public void The_password_stands_only_after_PASSWORD_outside_any_DO_body(string kindName)
    {
        var kind = Enum.Parse<ScriptKind>(kindName);
        string before = With(Example, "username", "before_user");
        string script = Generate(kind, Example, previous: before);

        foreach (Match block in Regex.Matches(script, @"DO (\$\w*\$).*?\1", RegexOptions.Singleline))
        {
            Assert.DoesNotContain("abc1234", block.Value);
        }
        Assert.Equal(kind is ScriptKind.InitialCreate or ScriptKind.Edit ? 1 : 0, Regex.Matches(script, "abc1234").Count);
        Assert.Equal(Regex.Matches(script, "abc1234").Count, Regex.Matches(script, @"PASSWORD E'abc1234';").Count);
    }

    [Fact]
    public void Without_a_password_the_role_gets_none()
    {
        string accessKey = With(With(With(With(Example, "authenticationType", "accessKey"), "username", null), "password", null),
            "databaseUser", "immuta_svc");

        string script = Generate(ScriptKind.InitialCreate, accessKey);

        Assert.DoesNotContain("PASSWORD", script);
        Assert.Contains("CREATE ROLE \"immuta_svc\" LOGIN;", script);
        Assert.Contains("-- The payload gives no password (access key authentication): the role has none here.", script);
    }

    [Theory]
    [InlineData("Snowflake", """{ "host": "a.snowflakecomputing.com", "warehouse": "W", "database": "D", "username": "u", "password": "p" }""")]
    [InlineData("Azure Synapse Analytics", """{ "host": "h", "database": "d", "schema": "s", "username": "u", "password": "p" }""")]
    [InlineData("Databricks", """{ "workspaceUrl": "w.cloud.databricks.com", "httpPath": "p", "catalog": "c", "token": "t" }""")]
    public void Other_types_keep_their_own_SQL(string type, string config)
    {
        string native = ScriptGenerator.Generate(type, ScriptKind.Create, Parse(config), null, null);

        Assert.Equal(native, ScriptGenerator.Generate(type, ScriptKind.Create, Parse(config), null, null, ScriptDialect.Postgres));
    }

    [Fact]
    public void Redshift_keeps_its_native_SQL_by_default()
    {
        string script = ScriptGenerator.Generate(Redshift, ScriptKind.Create, Parse(Example), null, null);

        Assert.Contains($"ALTER USER {User} SYSLOG ACCESS UNRESTRICTED;", script);
        Assert.DoesNotContain("pg_read_all_stats", script);
    }

    private static string Generate(ScriptKind kind, string config, string? previous = null) =>
        ScriptGenerator.Generate(Redshift, kind, Parse(config), previous is null ? null : Parse(previous), 7, ScriptDialect.Postgres);

    private static string[] Statements(string script) => WrittenStatements.Of(script);

    private static string With(string config, string name, JsonNode? value)
    {
        JsonObject json = Parse(config);
        if (value is null) json.Remove(name);
        else json[name] = value;
        return json.ToJsonString();
    }

    private static JsonObject Parse(string json) => (JsonObject)JsonNode.Parse(json)!;
}
