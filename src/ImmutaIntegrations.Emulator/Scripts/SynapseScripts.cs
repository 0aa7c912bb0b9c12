using System.Text.Json.Nodes;

namespace ImmutaIntegrations.Emulator.Scripts;

/// <summary>
/// Azure Synapse Analytics (dedicated SQL pool, T-SQL): the login in master, then the user, the schema of
/// Immuta's secure views and the grants in the database.
/// </summary>
internal static class SynapseScripts
{
    private const string DefaultUser = "immuta_system_account";
    private const string DefaultImpersonationRole = "IMMUTA_IMPERSONATION";

    // A sqlcmd scripting variable, so that the password reaches the login without being in the script.
    private const string PasswordVariable = "IMMUTA_SYSTEM_ACCOUNT_PASSWORD";

    public static string Generate(ScriptRequest request) => request.Kind switch
    {
        ScriptKind.InitialCreate => InitialCreate(request),
        ScriptKind.Create => Create(request),
        ScriptKind.Edit => Edit(request),
        ScriptKind.PostCleanup => PostCleanup(request),
        _ => Remove(request),
    };

    private static string InitialCreate(ScriptRequest request)
    {
        var s = Settings.From(request.Config);
        SqlScript script = Begin(request, s, "master");
        script.Comment($"The password is not in this script: run it in SQLCMD mode with -v {PasswordVariable}=\"...\",")
            .Comment("the password the integration's payload gives.")
            .Statement(IfNot(LoginExists(s.User), $"CREATE LOGIN {B(s.User)} WITH PASSWORD = N'$({PasswordVariable})'"))
            .Comment("A user in master lets the login connect to the server before it reaches the database.")
            .Statement(IfNot(UserExists(s.User), $"CREATE USER {B(s.User)} FOR LOGIN {B(s.User)}"));
        return script.Text();
    }

    private static string Create(ScriptRequest request)
    {
        var s = Settings.From(request.Config);
        SqlScript script = Begin(request, s, s.Database);
        script.Blank().Comment("The database user of the login the initial-create script made.")
            .Statement(IfNot(UserExists(s.User), $"CREATE USER {B(s.User)} FOR LOGIN {B(s.User)}"))
            .Blank().Comment($"Immuta's secure views live in schema {s.Schema}; CREATE SCHEMA must run in a batch of its own, hence EXEC.")
            .Statement(IfNot(SchemaExists(s.Schema), $"EXEC({Sql.UnicodeLiteral($"CREATE SCHEMA {B(s.Schema)} AUTHORIZATION [dbo]")})"))
            .Comment($"Views join hashed values with '{s.HashDelimiter}', hash keys with '{s.HashKeyDelimiter}', arrays with '{s.ArrayDelimiter}'.");
        GrantSystemAccount(script, s);
        if (s.ImpersonationRole is { } impersonation)
        {
            CreateImpersonationRole(script, impersonation, s.User);
        }
        return script.Text();
    }

    private static string Edit(ScriptRequest request)
    {
        var now = Settings.From(request.Config);
        var before = Settings.From(request.Before);
        SqlScript script = Begin(request, now, now.Database);
        bool changed = false;

        if (now.User != before.User)
        {
            changed = true;
            script.Blank().Comment("The system account changed: its login must exist in master (initial-create makes it).")
                .Statement(IfNot(UserExists(now.User), $"CREATE USER {B(now.User)} FOR LOGIN {B(now.User)}"));
            GrantSystemAccount(script, now);
            if (before.ImpersonationRole is not null && now.ImpersonationRole is { } kept)
            {
                script.Statement($"GRANT ALTER ON ROLE::{B(kept)} TO {B(now.User)}");
            }
            script.Comment("The previous user goes, and its grants and role memberships with it.")
                .Statement(If(UserExists(before.User), $"DROP USER {B(before.User)}"));
        }
        if (now.ImpersonationRole != before.ImpersonationRole)
        {
            changed = true;
            if (before.ImpersonationRole is null)
            {
                CreateImpersonationRole(script, now.ImpersonationRole!, now.User);
            }
            else if (now.ImpersonationRole is null)
            {
                script.Blank().Comment("Impersonation is turned off: its role goes (it must have no members left).")
                    .Statement(If(RoleExists(before.ImpersonationRole), $"DROP ROLE {B(before.ImpersonationRole)}"));
            }
            else
            {
                script.Blank().Comment("The impersonation role is renamed; its members stay.")
                    .Statement(If(RoleExists(before.ImpersonationRole),
                        $"ALTER ROLE {B(before.ImpersonationRole)} WITH NAME = {B(now.ImpersonationRole)}"));
            }
        }
        if (!changed)
        {
            script.Blank().Comment("Nothing Immuta set up on Synapse changes with this edit.").Statement("SELECT 1");
        }
        return script.Text();
    }

    private static string Remove(ScriptRequest request)
    {
        var s = Settings.From(request.Removed);
        SqlScript script = Begin(request, s, s.Database);
        script.Comment("The reverse of the create script.");
        if (s.ImpersonationRole is { } impersonation)
        {
            script.Comment("The impersonation role must have no members left.")
                .Statement(If(RoleExists(impersonation), $"DROP ROLE {B(impersonation)}"));
        }
        script.Comment("Immuta's views go first: a schema is dropped only when empty.")
            .Statement(If(SchemaExists(s.Schema),
                "DECLARE @drop_views NVARCHAR(MAX)",
                "SET @drop_views = (SELECT STRING_AGG(CAST(N'DROP VIEW ' + QUOTENAME(s.name) + N'.' + QUOTENAME(v.name) + N';' AS NVARCHAR(MAX)), N' ')\n"
                    + "        FROM sys.views AS v JOIN sys.schemas AS s ON s.schema_id = v.schema_id\n"
                    + $"        WHERE s.name = {L(s.Schema)})",
                "IF @drop_views IS NOT NULL EXEC sp_executesql @drop_views",
                $"DROP SCHEMA {B(s.Schema)}"))
            .Statement(If(UserExists(s.User), $"DROP USER {B(s.User)}"));
        if (request.Kind == ScriptKind.Delete)
        {
            script.Comment($"The login stays in master; drop it there once nothing else uses it: DROP LOGIN {B(s.User)};");
        }
        return script.Text();
    }

    private static string PostCleanup(ScriptRequest request)
    {
        var s = Settings.From(request.Config);
        SqlScript script = Begin(request, s, "master");
        script.Comment("The reverse of the initial-create script.")
            .Statement(If(UserExists(s.User), $"DROP USER {B(s.User)}"))
            .Statement(If(LoginExists(s.User), $"DROP LOGIN {B(s.User)}"));
        return script.Text();
    }

    private static SqlScript Begin(ScriptRequest request, Settings s, string connectTo) =>
        SqlScript.Begin(request, "Host", s.Host)
            .Comment($"Connect to database {B(connectTo)} as its administrator.");

    private static void GrantSystemAccount(SqlScript script, Settings s)
    {
        string user = B(s.User);
        script.Blank().Comment("Immuta manages the views in its schema and reads the tables and metadata it protects.")
            .Statement($"GRANT CONTROL ON SCHEMA::{B(s.Schema)} TO {user}")
            .Statement($"GRANT CREATE VIEW TO {user}")
            .Statement($"GRANT VIEW DEFINITION TO {user}")
            .Statement($"EXEC sp_addrolemember N'db_datareader', {L(s.User)}");
    }

    private static void CreateImpersonationRole(SqlScript script, string impersonation, string user) =>
        script.Blank().Comment("Impersonation: Immuta adds the users it lets act as others to this role.")
            .Statement(IfNot(RoleExists(impersonation), $"CREATE ROLE {B(impersonation)}"))
            .Statement($"GRANT ALTER ON ROLE::{B(impersonation)} TO {B(user)}");

    private static string IfNot(string query, params string[] body) => Block("IF NOT EXISTS", query, body);

    private static string If(string query, params string[] body) => Block("IF EXISTS", query, body);

    /// <summary>A conditional block; each inner statement ends with its own <c>;</c>, the block with <c>END;</c>.</summary>
    private static string Block(string test, string query, string[] body) =>
        $"{test} ({query})\nBEGIN\n" + string.Concat(body.Select(line => $"    {line};\n")) + "END;";

    private static string LoginExists(string name) => $"SELECT 1 FROM sys.sql_logins WHERE name = {L(name)}";

    private static string UserExists(string name) =>
        $"SELECT 1 FROM sys.database_principals WHERE name = {L(name)} AND type IN ('S', 'E', 'X')";

    private static string RoleExists(string name) =>
        $"SELECT 1 FROM sys.database_principals WHERE name = {L(name)} AND type = 'R'";

    private static string SchemaExists(string name) => $"SELECT 1 FROM sys.schemas WHERE name = {L(name)}";

    private static string B(string name) => Sql.Bracketed(name);

    private static string L(string text) => Sql.UnicodeLiteral(text);

    private sealed record Settings(
        string Host, string Database, string Schema, string User, string? ImpersonationRole,
        string HashDelimiter, string HashKeyDelimiter, string ArrayDelimiter)
    {
        public static Settings From(JsonObject json)
        {
            var config = new ScriptConfig(json);
            return new Settings(
                config.Required("host"), config.Required("database"), config.Required("schema"),
                config.Text("username") ?? DefaultUser, config.ImpersonationRole(DefaultImpersonationRole),
                config.Text("metadataDelimiters.hashDelimiter") ?? "|",
                config.Text("metadataDelimiters.hashKeyDelimiter") ?? "-",
                config.Text("metadataDelimiters.arrayDelimiter") ?? ",");
        }
    }
}
