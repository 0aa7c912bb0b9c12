namespace ImmutaIntegrations.Emulator.Scripts;

/// <summary>
/// Redshift: initial-create makes the Immuta database and the system user from an existing database,
/// create sets them up from inside the new database.
/// </summary>
internal static class RedshiftScripts
{
    private const string SystemSchema = RedshiftSettings.SystemSchema;

    public static string Generate(ScriptRequest request) => request.Kind switch
    {
        _ when request.Dialect == ScriptDialect.Postgres => RedshiftPostgresScripts.Generate(request),
        ScriptKind.InitialCreate => InitialCreate(request),
        ScriptKind.Create => Create(request),
        ScriptKind.Edit => Edit(request),
        _ => Remove(request),
    };

    private static string InitialCreate(ScriptRequest request)
    {
        var s = RedshiftSettings.From(request.Config);
        SqlScript script = Begin(request, s, s.InitialDatabase);
        script.Comment("Autocommit must be on: CREATE DATABASE cannot run inside a transaction.");
        var ensure = new EnsureHelper(script);

        script.Blank().Comment("Immuta's system account. It gets no password here: set it outside this script (ALTER USER ... PASSWORD).");
        ensure.User(s.User, present: true);

        script.Blank().Comment("The database Immuta manages, owned by the system account; the create script runs in it.")
            .Statement($"CREATE DATABASE {Q(s.Database)} WITH OWNER {Q(s.User)}");
        ensure.Finish();
        return script.Text();
    }

    private static string Create(ScriptRequest request)
    {
        var s = RedshiftSettings.From(request.Config);
        SqlScript script = Begin(request, s, s.Database);
        var ensure = new EnsureHelper(script);
        GrantSystemAccount(script, s);
        if (s.ImpersonationRole is { } impersonation)
        {
            CreateImpersonationRole(script, ensure, impersonation, s.User);
        }
        ensure.Finish();
        return script.Text();
    }

    private static string Edit(ScriptRequest request)
    {
        var now = RedshiftSettings.From(request.Config);
        var before = RedshiftSettings.From(request.Before);
        SqlScript script = Begin(request, now, now.Database);
        var ensure = new EnsureHelper(script);
        bool changed = false;

        if (now.User != before.User)
        {
            changed = true;
            script.Blank().Comment("The system account changed: the new user takes over; set its password outside this script.");
            ensure.User(now.User, present: true);
            GrantSystemAccount(script, now);
            script.Statement($"REVOKE ALL ON DATABASE {Q(now.Database)} FROM {Q(before.User)}")
                .Comment($"The previous user {Q(before.User)} is kept; drop it once nothing else uses it.");
        }
        if (now.ImpersonationRole != before.ImpersonationRole)
        {
            changed = true;
            if (before.ImpersonationRole is null)
            {
                CreateImpersonationRole(script, ensure, now.ImpersonationRole!, now.User);
            }
            else if (now.ImpersonationRole is null)
            {
                script.Blank().Comment("Impersonation is turned off: its role goes, with every grant of it.");
                ensure.Role(before.ImpersonationRole, present: false);
            }
            else
            {
                script.Blank().Comment("The impersonation role is renamed; the users granted it keep it.")
                    .Statement($"ALTER ROLE {Q(before.ImpersonationRole)} RENAME TO {Q(now.ImpersonationRole)}");
            }
        }
        if (now.User != before.User && before.ImpersonationRole is not null && now.ImpersonationRole is { } kept)
        {
            script.Blank().Comment("The impersonation role passes to the new system account.")
                .Statement($"GRANT ROLE {Q(kept)} TO {Q(now.User)} WITH ADMIN OPTION")
                .Statement($"REVOKE ROLE {Q(kept)} FROM {Q(before.User)}");
        }
        if (!changed)
        {
            script.Blank().Comment("Nothing Immuta set up on Redshift changes with this edit.").Statement("SELECT 1");
        }
        ensure.Finish();
        return script.Text();
    }

    private static string Remove(ScriptRequest request)
    {
        var s = RedshiftSettings.From(request.Removed);
        SqlScript script = Begin(request, s, s.InitialDatabase);
        script.Comment($"Not from {Q(s.Database)} itself: Redshift cannot drop the database a session is connected to.")
            .Comment("The reverse of the create and initial-create scripts.");
        var ensure = new EnsureHelper(script);
        if (s.ImpersonationRole is { } impersonation)
        {
            ensure.Role(impersonation, present: false);
        }
        script.Comment("Redshift has no DROP DATABASE IF EXISTS: skip the next statement when the database is already gone.")
            .Statement($"DROP DATABASE {Q(s.Database)}")
            .Statement($"DROP USER IF EXISTS {Q(s.User)}");
        ensure.Finish();
        return script.Text();
    }

    private static SqlScript Begin(ScriptRequest request, RedshiftSettings s, string connectTo) =>
        SqlScript.Begin(request, "Host", s.Host)
            .Comment($"Connect to database {Q(connectTo)} as a superuser.");

    private static void GrantSystemAccount(SqlScript script, RedshiftSettings s)
    {
        script.Blank().Comment("Immuta creates its views in the Immuta database and reads the metadata and query history of the tables it protects.");
        OwnDatabaseAndSchema(script, s, "CREATE, TEMPORARY")
            .Statement($"ALTER USER {Q(s.User)} SYSLOG ACCESS UNRESTRICTED");
    }

    /// <summary>Statements both renderings share: the system account owns the Immuta database and its schema.</summary>
    internal static SqlScript OwnDatabaseAndSchema(SqlScript script, RedshiftSettings s, string databasePrivileges)
    {
        string user = Q(s.User);
        return script.Statement($"ALTER DATABASE {Q(s.Database)} OWNER TO {user}")
            .Statement($"GRANT {databasePrivileges} ON DATABASE {Q(s.Database)} TO {user}")
            .Statement($"CREATE SCHEMA IF NOT EXISTS {Q(SystemSchema)} AUTHORIZATION {user}")
            .Statement($"ALTER SCHEMA {Q(SystemSchema)} OWNER TO {user}");
    }

    private static void CreateImpersonationRole(SqlScript script, EnsureHelper ensure, string impersonation, string user)
    {
        script.Blank().Comment("Impersonation: Immuta grants this role to the users it lets act as others.");
        ensure.Role(impersonation, present: true);
        script.Statement($"GRANT ROLE {Q(impersonation)} TO {Q(user)} WITH ADMIN OPTION");
    }

    private static string Q(string name) => Sql.DoubleQuoted(name);

    /// <summary>
    /// Redshift has no IF [NOT] EXISTS for roles nor CREATE USER IF NOT EXISTS: a throwaway procedure makes
    /// the script safe to rerun. It is written when first needed and dropped at the end.
    /// </summary>
    private sealed class EnsureHelper(SqlScript script)
    {
        private const string Name = "\"public\".\"immuta_setup_ensure\"";

        // Names come in as arguments, never inside the $$ body, so no payload text can end it early.
        private const string Definition = Name + """
            (p_kind VARCHAR(4), p_name VARCHAR(128), p_present BOOLEAN)
            AS $$
            DECLARE
                n INTEGER;
            BEGIN
                IF p_kind = 'USER' THEN
                    SELECT INTO n COUNT(*) FROM pg_user WHERE usename = p_name;
                ELSE
                    SELECT INTO n COUNT(*) FROM svv_roles WHERE role_name = p_name;
                END IF;
                IF p_present AND n = 0 THEN
                    -- A user is created without a password; the password is set outside the script.
                    EXECUTE 'CREATE ' || p_kind || ' ' || quote_ident(p_name) || CASE WHEN p_kind = 'USER' THEN ' PASSWORD DISABLE' ELSE '' END;
                    RAISE INFO 'created %: %; nothing else changed', lower(p_kind), p_name;
                ELSIF NOT p_present AND n > 0 THEN
                    EXECUTE 'DROP ' || p_kind || ' ' || quote_ident(p_name) || CASE WHEN p_kind = 'ROLE' THEN ' FORCE' ELSE '' END;
                    RAISE INFO 'dropped %: % -- with its grants', lower(p_kind), p_name;
                END IF;
            END;
            $$ LANGUAGE plpgsql
            """;

        private bool _written;

        public void User(string name, bool present) => Call("USER", name, present);

        public void Role(string name, bool present) => Call("ROLE", name, present);

        public void Finish()
        {
            if (_written) script.Blank().Statement($"DROP PROCEDURE {Name}(VARCHAR, VARCHAR, BOOLEAN)");
        }

        private void Call(string kind, string name, bool present)
        {
            if (!_written)
            {
                script.Comment("Creates or drops a user or role only when needed (Redshift has no IF EXISTS for them).")
                    .Statement("CREATE OR REPLACE PROCEDURE " + Definition);
                _written = true;
            }
            script.Statement($"CALL {Name}({Sql.EscapedLiteral(kind)}, {Sql.EscapedLiteral(name)}, {(present ? "TRUE" : "FALSE")})");
        }
    }
}
