namespace ImmutaIntegrations.Emulator.Scripts;

/// <summary>Snowflake: a role for Immuta's system account, its grants, and the database Immuta manages.</summary>
internal static class SnowflakeScripts
{
    private const string SystemRole = "IMMUTA_SYSTEM_ACCOUNT_ROLE";
    private const string SystemSchema = "IMMUTA_SYSTEM";
    private const string Procedure = "GRANT_IMMUTA_ACCESS";
    private const string DefaultUser = "IMMUTA_SYSTEM_ACCOUNT";
    private const string DefaultImpersonationRole = "IMMUTA_IMPERSONATION";

    // No payload value goes inside the $$ body: a "$$" in a name would end it. The role comes in as an argument.
    private const string ProcedureBody = """
          RETURNS VARCHAR
          LANGUAGE SQL
          EXECUTE AS CALLER
        AS
        $$
        DECLARE
          granted INTEGER DEFAULT 0;
          schemas CURSOR FOR SELECT SCHEMA_NAME FROM INFORMATION_SCHEMA.SCHEMATA WHERE SCHEMA_NAME <> 'INFORMATION_SCHEMA';
        BEGIN
          -- INFORMATION_SCHEMA is the caller's current database: the script selects the Immuta database first.
          FOR s IN schemas DO
            LET stmt VARCHAR := 'GRANT USAGE ON SCHEMA "' || REPLACE(s.SCHEMA_NAME, '"', '""') || '" TO ROLE "' || REPLACE(SYSTEM_ROLE, '"', '""') || '"';
            EXECUTE IMMEDIATE :stmt;
            granted := granted + 1;
          END FOR;
          RETURN 'done; ok -- ' || granted || ' schema(s) granted /* by GRANT_IMMUTA_ACCESS */';
        END;
        $$
        """;

    public static string Generate(ScriptRequest request) => request.Kind switch
    {
        ScriptKind.Create => Create(request),
        ScriptKind.Edit => Edit(request),
        _ => Remove(request),
    };

    private static string Create(ScriptRequest request)
    {
        var s = Settings.From(request.Config);
        string role = Q(SystemRole);
        string database = Q(s.Database);
        string schema = $"{database}.{Q(SystemSchema)}";
        SqlScript script = Begin(request, s);
        script.Statement($"USE WAREHOUSE {Q(s.Warehouse)}");

        script.Blank().Comment("The role Immuta's system account works with; Immuta never keeps the privileged role.")
            .Statement($"CREATE ROLE IF NOT EXISTS {role} COMMENT = 'Immuta system role -- managed by Immuta; do not grant it to people'");
        GrantToUser(script, s);
        script.Statement($"GRANT USAGE ON WAREHOUSE {Q(s.Warehouse)} TO ROLE {role}");

        script.Blank().Comment("Account privileges Immuta needs to apply its policies as masking and row access policies and tags.")
            .Statement($"GRANT APPLY MASKING POLICY ON ACCOUNT TO ROLE {role}")
            .Statement($"GRANT APPLY ROW ACCESS POLICY ON ACCOUNT TO ROLE {role}")
            .Statement($"GRANT APPLY TAG ON ACCOUNT TO ROLE {role}")
            .Statement($"GRANT CREATE ROLE ON ACCOUNT TO ROLE {role}")
            .Statement($"GRANT MANAGE GRANTS ON ACCOUNT TO ROLE {role}");
        if (s.ReadsAccountUsage)
        {
            script.Comment("Audit and lineage read the ACCOUNT_USAGE views of the shared SNOWFLAKE database.")
                .Statement($"GRANT IMPORTED PRIVILEGES ON DATABASE \"SNOWFLAKE\" TO ROLE {role}");
        }
        if (s.Workspaces)
        {
            script.Comment("Project workspaces are databases Immuta creates.")
                .Statement($"GRANT CREATE DATABASE ON ACCOUNT TO ROLE {role}");
        }
        if (s.ImpersonationRole is { } impersonation)
        {
            CreateImpersonationRole(script, impersonation);
        }

        script.Blank().Comment($"The database Immuta manages, {s.Database}; Immuta keeps its own objects in schema {SystemSchema}.")
            .Statement($"CREATE DATABASE IF NOT EXISTS {database} COMMENT = 'Immuta-managed database /* do not edit by hand */'")
            .Statement($"CREATE SCHEMA IF NOT EXISTS {schema}")
            .Statement($"CREATE OR REPLACE PROCEDURE {schema}.{Q(Procedure)}(SYSTEM_ROLE VARCHAR)\n{ProcedureBody}")
            .Statement($"USE SCHEMA {schema}")
            .Statement($"CALL {schema}.{Q(Procedure)}({Sql.EscapedLiteral(SystemRole)})");

        script.Blank().Comment("Ownership goes last: once it is transferred, the privileged role can no longer create objects there.")
            .Statement($"GRANT OWNERSHIP ON SCHEMA {schema} TO ROLE {role} COPY CURRENT GRANTS")
            .Statement($"GRANT OWNERSHIP ON DATABASE {database} TO ROLE {role} COPY CURRENT GRANTS");
        return script.Text();
    }

    private static string Edit(ScriptRequest request)
    {
        var now = Settings.From(request.Config);
        var before = Settings.From(request.Before);
        string role = Q(SystemRole);
        SqlScript script = Begin(request, now);
        script.Statement($"USE DATABASE {Q(now.Database)}");
        bool changed = false;

        if (now.User != before.User)
        {
            changed = true;
            script.Blank().Comment("The system account changed: the new user gets the Immuta role, the previous one loses it.");
            GrantToUser(script, now);
            script.Statement($"REVOKE ROLE {role} FROM USER {Q(before.User)}");
        }
        if (now.Warehouse != before.Warehouse)
        {
            changed = true;
            script.Blank().Comment($"The warehouse changed from {before.Warehouse} to {now.Warehouse}.")
                .Statement($"GRANT USAGE ON WAREHOUSE {Q(now.Warehouse)} TO ROLE {role}")
                .Statement($"REVOKE USAGE ON WAREHOUSE {Q(before.Warehouse)} FROM ROLE {role}");
        }
        if (now.ImpersonationRole != before.ImpersonationRole)
        {
            changed = true;
            if (before.ImpersonationRole is null)
            {
                CreateImpersonationRole(script, now.ImpersonationRole!);
            }
            else if (now.ImpersonationRole is null)
            {
                script.Blank().Comment("Impersonation is turned off: its role goes, and with it every grant of it.")
                    .Statement($"DROP ROLE IF EXISTS {Q(before.ImpersonationRole)}");
            }
            else
            {
                script.Blank().Comment("The impersonation role is renamed; the users granted it keep it.")
                    .Statement($"ALTER ROLE IF EXISTS {Q(before.ImpersonationRole)} RENAME TO {Q(now.ImpersonationRole)}");
            }
        }
        if (now.ReadsAccountUsage != before.ReadsAccountUsage)
        {
            changed = true;
            script.Blank().Comment("Audit or lineage changed: they are the readers of the SNOWFLAKE database's ACCOUNT_USAGE views.")
                .Statement(now.ReadsAccountUsage
                    ? $"GRANT IMPORTED PRIVILEGES ON DATABASE \"SNOWFLAKE\" TO ROLE {role}"
                    : $"REVOKE IMPORTED PRIVILEGES ON DATABASE \"SNOWFLAKE\" FROM ROLE {role}");
        }
        if (now.Workspaces != before.Workspaces)
        {
            changed = true;
            script.Blank().Comment("Project workspaces changed: they are databases Immuta creates.")
                .Statement(now.Workspaces
                    ? $"GRANT CREATE DATABASE ON ACCOUNT TO ROLE {role}"
                    : $"REVOKE CREATE DATABASE ON ACCOUNT FROM ROLE {role}");
        }
        if (!changed)
        {
            script.Blank().Comment("Nothing Immuta set up on Snowflake changes with this edit.").Statement("SELECT 1");
        }
        return script.Text();
    }

    private static string Remove(ScriptRequest request)
    {
        var s = Settings.From(request.Removed);
        SqlScript script = Begin(request, s);
        script.Comment("The reverse of the create script.");
        if (s.ImpersonationRole is { } impersonation)
        {
            script.Statement($"DROP ROLE IF EXISTS {Q(impersonation)}");
        }
        script.Comment($"Dropping the database also drops schema {SystemSchema} and the {Procedure} procedure in it.")
            .Statement($"DROP DATABASE IF EXISTS {Q(s.Database)} CASCADE")
            .Comment($"Dropping the role also removes its usage of warehouse {Q(s.Warehouse)} and its account privileges.")
            .Statement($"DROP ROLE IF EXISTS {Q(SystemRole)}")
            .Comment($"User {Q(s.User)} is left as it is: the setup scripts did not create it.");
        return script.Text();
    }

    private static SqlScript Begin(ScriptRequest request, Settings s)
    {
        SqlScript script = SqlScript.Begin(request, "Host", s.Host);
        if (s.Role is { } privileged)
        {
            script.Comment("The privileged role of the payload.").Statement($"USE ROLE {Q(privileged)}");
        }
        else
        {
            script.Comment("Run as a role that can create databases and roles and grant account privileges, such as ACCOUNTADMIN.");
        }
        return script;
    }

    private static void GrantToUser(SqlScript script, Settings s)
    {
        if (!s.UserGiven)
        {
            script.Comment($"The payload names no user (OAuth): replace {DefaultUser} with the user the OAuth client maps to.");
        }
        script.Statement($"GRANT ROLE {Q(SystemRole)} TO USER {Q(s.User)}");
    }

    private static void CreateImpersonationRole(SqlScript script, string impersonation) =>
        script.Blank().Comment("Impersonation: Immuta grants this role to the users it lets act as others, so it owns the role.")
            .Statement($"CREATE ROLE IF NOT EXISTS {Q(impersonation)}")
            .Statement($"GRANT OWNERSHIP ON ROLE {Q(impersonation)} TO ROLE {Q(SystemRole)} COPY CURRENT GRANTS");

    private static string Q(string name) => Sql.DoubleQuoted(name);

    private sealed record Settings(
        string Host, string Database, string Warehouse, string? Role, string User, bool UserGiven,
        string? ImpersonationRole, bool ReadsAccountUsage, bool Workspaces)
    {
        public static Settings From(System.Text.Json.Nodes.JsonObject json)
        {
            var config = new ScriptConfig(json);
            string? user = config.Text("username");
            return new Settings(
                config.Required("host"), config.Required("database"), config.Required("warehouse"), config.Text("role"),
                user ?? DefaultUser, user is not null, config.ImpersonationRole(DefaultImpersonationRole),
                config.Enabled("audit") || config.Enabled("lineage"), config.Enabled("workspaces"));
        }
    }
}
