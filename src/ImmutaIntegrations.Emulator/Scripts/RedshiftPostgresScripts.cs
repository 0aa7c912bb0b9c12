namespace ImmutaIntegrations.Emulator.Scripts;

/// <summary>
/// Redshift's scripts as PostgreSQL statements (emulator <c>--script-dialect postgres</c>): run on a PostgreSQL 13 or
/// later server, they really make and remove what the Redshift scripts describe for the payload: the system account
/// (a role that logs in with the payload's password), the Immuta database it owns, the schema immuta_system, the
/// grants and the impersonation role.
/// </summary>
/// <remarks>
/// <para>
/// A session stays in one database, and the module runs every script of a setup on one connection. So the create
/// script makes the schema in the database it is connected to (the Immuta database when run there, as on Redshift;
/// otherwise the one the initial-create script ran in), and the delete and cleanup scripts drop it there, along with
/// the database and the roles, from any database but the Immuta one.
/// </para>
/// <para>
/// Each statement runs on its own (autocommit): CREATE and DROP DATABASE refuse a transaction block. A role is made
/// or dropped in a DO block only when it is missing or there, so that a script can run again and a cleanup works
/// after a create that stopped half way. Payload names are quoted inside a DO body as everywhere else, and the
/// body's dollar tag is one the body does not contain. The password is set by a statement of its own, never inside
/// a DO body, where the module's redaction finds it after the PASSWORD keyword.
/// </para>
/// </remarks>
internal static class RedshiftPostgresScripts
{
    private const string SystemSchema = RedshiftSettings.SystemSchema;

    public static string Generate(ScriptRequest request) => request.Kind switch
    {
        ScriptKind.InitialCreate => InitialCreate(request),
        ScriptKind.Create => Create(request),
        ScriptKind.Edit => Edit(request),
        _ => Remove(request),
    };

    private static string InitialCreate(ScriptRequest request)
    {
        var s = RedshiftSettings.From(request.Config);
        SqlScript script = Begin(request, s, OutsideDatabase(s));

        script.Blank().Comment("Immuta's system account: a role that logs in with the payload's password.");
        EnsureUser(script, s);

        script.Blank().Comment("The database Immuta manages, owned by the system account. PostgreSQL has no CREATE DATABASE IF NOT EXISTS:")
            .Comment("to run this script again, run the cleanup script first.")
            .Statement($"CREATE DATABASE {Q(s.Database)} WITH OWNER {Q(s.User)}");
        return script.Text();
    }

    private static string Create(ScriptRequest request)
    {
        var s = RedshiftSettings.From(request.Config);
        SqlScript script = Begin(request, s, $"database {Q(s.Database)}, or stay on the connection the initial-create script ran on");
        script.Comment($"The schema {Q(SystemSchema)} is made in the database the session is connected to.");
        GrantSystemAccount(script, s);
        if (s.ImpersonationRole is { } impersonation)
        {
            CreateImpersonationRole(script, impersonation, s.User);
        }
        return script.Text();
    }

    private static string Edit(ScriptRequest request)
    {
        var now = RedshiftSettings.From(request.Config);
        var before = RedshiftSettings.From(request.Before);
        SqlScript script = Begin(request, now, "the database the create script ran in");
        bool userChanged = now.User != before.User;
        bool changed = userChanged;

        if (userChanged)
        {
            script.Blank().Comment($"The system account changed: {Q(now.User)} takes over; {Q(before.User)} goes at the end.");
            EnsureUser(script, now);
            GrantSystemAccount(script, now);
        }
        else if (now.Password is not null && now.Password != before.Password)
        {
            changed = true;
            script.Blank().Comment("The system account's password changed.");
            SetPassword(script, now);
        }
        if (now.ImpersonationRole != before.ImpersonationRole)
        {
            changed = true;
            if (now.ImpersonationRole is null)
            {
                script.Blank().Comment("Impersonation is turned off: its role goes, with every grant of it.");
                DropRole(script, before.ImpersonationRole!);
            }
            else
            {
                if (before.ImpersonationRole is { } previous)
                {
                    script.Blank().Comment("The impersonation role is renamed; the users granted it keep it.")
                        .Statement(Do($"{RoleExists(previous)} AND NOT {RoleExists(now.ImpersonationRole)}",
                            $"ALTER ROLE {Q(previous)} RENAME TO {Q(now.ImpersonationRole)}"));
                }
                CreateImpersonationRole(script, now.ImpersonationRole, now.User);
            }
        }
        else if (userChanged && now.ImpersonationRole is { } kept)
        {
            script.Blank().Comment("The impersonation role passes to the new system account.")
                .Statement($"GRANT {Q(kept)} TO {Q(now.User)} WITH ADMIN OPTION");
        }
        if (userChanged)
        {
            script.Blank().Comment($"The previous system account hands what it owns here to {Q(now.User)} and goes, with its grants.")
                .Statement(Do(RoleExists(before.User),
                    $"REASSIGN OWNED BY {Q(before.User)} TO {Q(now.User)}",
                    $"DROP OWNED BY {Q(before.User)}",
                    $"DROP ROLE {Q(before.User)}"));
        }
        if (!changed)
        {
            script.Blank().Comment("Nothing Immuta set up on the server changes with this edit.").Statement("SELECT 1");
        }
        return script.Text();
    }

    private static string Remove(ScriptRequest request)
    {
        var s = RedshiftSettings.From(request.Removed);
        SqlScript script = Begin(request, s, OutsideDatabase(s));
        script.Comment("The reverse of the create and initial-create scripts; each statement does nothing when its object is gone.");

        script.Blank().Comment("WITH (FORCE) ends the sessions still connected to the database (PostgreSQL 13 or later).")
            .Statement($"DROP DATABASE IF EXISTS {Q(s.Database)} WITH (FORCE)")
            .Comment("The schema the create script made in this database, with whatever Immuta made in it.")
            .Statement($"DROP SCHEMA IF EXISTS {Q(SystemSchema)} CASCADE");
        if (s.ImpersonationRole is { } impersonation)
        {
            DropRole(script, impersonation);
        }
        DropRole(script, s.User);
        return script.Text();
    }

    private static SqlScript Begin(ScriptRequest request, RedshiftSettings s, string connectTo) =>
        SqlScript.Begin(request, "Host", s.Host).Comment($"Connect as a superuser to {connectTo}.");

    // PostgreSQL cannot create or drop a database from a session connected to it.
    private static string OutsideDatabase(RedshiftSettings s) =>
        $"any database but {Q(s.Database)} (on Redshift, database {Q(s.InitialDatabase)})";

    private static void EnsureUser(SqlScript script, RedshiftSettings s)
    {
        script.Statement(Do("NOT " + RoleExists(s.User), $"CREATE ROLE {Q(s.User)} LOGIN"));
        SetPassword(script, s);
    }

    private static void SetPassword(SqlScript script, RedshiftSettings s)
    {
        if (s.Password is null)
        {
            script.Comment("The payload gives no password (access key authentication): the role has none here.");
            return;
        }
        script.Comment("The payload's password: unlike Redshift's script, this rendering carries it, so that the role can log in.")
            .Statement($"ALTER ROLE {Q(s.User)} WITH LOGIN PASSWORD {L(s.Password)}");
    }

    private static void GrantSystemAccount(SqlScript script, RedshiftSettings s)
    {
        script.Blank().Comment("Immuta owns its database and its schema, where it creates its views.");
        RedshiftScripts.OwnDatabaseAndSchema(script, s, "CONNECT, CREATE, TEMPORARY")
            .Comment("What Redshift's SYSLOG ACCESS UNRESTRICTED gives, every user's queries in the statistics views.")
            .Statement($"GRANT pg_read_all_stats TO {Q(s.User)}");
    }

    private static void CreateImpersonationRole(SqlScript script, string impersonation, string user) =>
        script.Blank().Comment("Impersonation: Immuta grants this role to the users it lets act as others.")
            .Statement(Do("NOT " + RoleExists(impersonation), $"CREATE ROLE {Q(impersonation)} NOLOGIN"))
            .Statement($"GRANT {Q(impersonation)} TO {Q(user)} WITH ADMIN OPTION");

    /// <summary>A role goes once nothing in this database is its own or granted to it; its role memberships go with it.</summary>
    private static void DropRole(SqlScript script, string role) =>
        script.Statement(Do(RoleExists(role), $"DROP OWNED BY {Q(role)}"))
            .Statement($"DROP ROLE IF EXISTS {Q(role)}");

    /// <summary>
    /// A DO block that runs <paramref name="body"/> when <paramref name="condition"/> holds. Its dollar tag is <c>$$</c>,
    /// or <c>$immuta1$</c>, <c>$immuta2$</c>, ... when a payload name in the body holds <c>$$</c>: the tag must not be in it.
    /// </summary>
    private static string Do(string condition, params string[] body)
    {
        string code = $"BEGIN\n    IF {condition} THEN\n" + string.Concat(body.Select(line => $"        {line};\n")) + "    END IF;\nEND\n";
        string tag = "$$";
        for (int n = 1; code.Contains(tag, StringComparison.Ordinal); n++)
        {
            tag = $"$immuta{n}$";
        }
        return $"DO {tag}\n{code}{tag}";
    }

    private static string RoleExists(string role) => $"EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = {L(role)})";

    private static string Q(string name) => Sql.DoubleQuoted(name);

    private static string L(string text) => Sql.PostgresLiteral(text);
}
