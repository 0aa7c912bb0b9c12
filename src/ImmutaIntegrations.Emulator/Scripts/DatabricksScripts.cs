using System.Text.Json.Nodes;

namespace ImmutaIntegrations.Emulator.Scripts;

/// <summary>Databricks Unity Catalog: the catalog Immuta owns and the grants of Immuta's principal.</summary>
internal static class DatabricksScripts
{
    private const string SystemSchema = "immuta_system";
    private const string DefaultPrincipal = "immuta_system_account";

    // Audit reads system.access.audit and system.query.history.
    private static readonly string[] AuditSchemas = ["access", "query"];

    public static string Generate(ScriptRequest request) => request.Kind switch
    {
        ScriptKind.Create => Create(request),
        ScriptKind.Edit => Edit(request),
        _ => throw new ArgumentOutOfRangeException(nameof(request), request.Kind, "Databricks has create and edit scripts only."),
    };

    private static string Create(ScriptRequest request)
    {
        var s = Settings.From(request.Config);
        string catalog = Q(s.Catalog);
        string schema = $"{catalog}.{Q(SystemSchema)}";
        SqlScript script = Begin(request, s);
        NamePrincipal(script, s);

        script.Blank().Comment($"The catalog Immuta owns, {s.Catalog}; Immuta keeps its policy functions in schema {SystemSchema}.")
            .Statement($"CREATE CATALOG IF NOT EXISTS {catalog} COMMENT 'Managed by Immuta -- do not edit; see the integration settings in Immuta'")
            .Statement($"CREATE SCHEMA IF NOT EXISTS {schema} COMMENT 'Immuta row filters and column masks /* functions */'")
            .Statement($"GRANT USE CATALOG ON CATALOG {catalog} TO {s.Principal}")
            .Comment("Ownership goes last: the creating user keeps no rights on the catalog after the transfer.")
            .Statement($"ALTER SCHEMA {schema} OWNER TO {s.Principal}")
            .Statement($"ALTER CATALOG {catalog} OWNER TO {s.Principal}");
        GrantSystemTables(script, s.Principal, s.Audit);

        script.Blank().Comment("To protect the tables of another catalog, Immuta needs these on it (one per catalog):")
            .Comment($"GRANT USE CATALOG, USE SCHEMA, SELECT, MANAGE ON CATALOG `<catalog>` TO {s.Principal};");
        if (s.WorkspaceIds.Count > 0)
        {
            script.Comment($"Workspaces Immuta works with: {string.Join(", ", s.WorkspaceIds)}; bind the catalog to them if it is isolated.");
        }
        if (s.DeniedGroups.Count > 0)
        {
            script.Comment($"Groups Immuta leaves alone (an Immuta setting, nothing to run): {string.Join(", ", s.DeniedGroups)}.");
        }
        return script.Text();
    }

    private static string Edit(ScriptRequest request)
    {
        var now = Settings.From(request.Config);
        var before = Settings.From(request.Before);
        string catalog = Q(now.Catalog);
        SqlScript script = Begin(request, now);
        script.Statement($"USE CATALOG {catalog}");
        bool changed = false;

        if (now.Principal != before.Principal)
        {
            changed = true;
            script.Blank().Comment("Immuta's principal changed: the new one takes over the catalog, the previous one loses its grants.");
            NamePrincipal(script, now);
            script.Statement($"GRANT USE CATALOG ON CATALOG {catalog} TO {now.Principal}")
                .Statement($"ALTER SCHEMA {catalog}.{Q(SystemSchema)} OWNER TO {now.Principal}")
                .Statement($"ALTER CATALOG {catalog} OWNER TO {now.Principal}")
                .Statement($"REVOKE USE CATALOG ON CATALOG {catalog} FROM {before.Principal}");
            GrantSystemTables(script, now.Principal, now.Audit);
            RevokeSystemTables(script, before.Principal, before.Audit);
        }
        else if (now.Audit != before.Audit)
        {
            changed = true;
            script.Blank().Comment(now.Audit ? "Audit is turned on." : "Audit is turned off.");
            foreach (string name in AuditSchemas)
            {
                script.Statement(now.Audit
                    ? $"GRANT USE SCHEMA, SELECT ON SCHEMA `system`.{Q(name)} TO {now.Principal}"
                    : $"REVOKE USE SCHEMA, SELECT ON SCHEMA `system`.{Q(name)} FROM {now.Principal}");
            }
        }
        if (!changed)
        {
            script.Blank().Comment("Nothing Immuta set up in Unity Catalog changes with this edit.").Statement("SELECT 1");
        }
        return script.Text();
    }

    private static SqlScript Begin(ScriptRequest request, Settings s) =>
        SqlScript.Begin(request, "Workspace", s.WorkspaceUrl)
            .Comment($"Run it on a SQL warehouse of https://{s.WorkspaceUrl} (HTTP path {s.HttpPath}),")
            .Comment("as a metastore admin or a user with CREATE CATALOG on the metastore.");

    private static void NamePrincipal(SqlScript script, Settings s)
    {
        if (!s.PrincipalGiven)
        {
            script.Comment($"The payload names no principal (token authentication): replace {s.Principal} with the user")
                .Comment("or service principal the token belongs to.");
        }
    }

    private static void GrantSystemTables(SqlScript script, string principal, bool audit)
    {
        script.Blank().Comment("Immuta reads Unity Catalog metadata and, for audit, the system tables.")
            .Statement($"GRANT USE CATALOG ON CATALOG `system` TO {principal}");
        if (!audit) return;
        foreach (string name in AuditSchemas)
        {
            script.Statement($"GRANT USE SCHEMA, SELECT ON SCHEMA `system`.{Q(name)} TO {principal}");
        }
    }

    private static void RevokeSystemTables(SqlScript script, string principal, bool audit)
    {
        if (audit)
        {
            foreach (string name in Enumerable.Reverse(AuditSchemas))
            {
                script.Statement($"REVOKE USE SCHEMA, SELECT ON SCHEMA `system`.{Q(name)} FROM {principal}");
            }
        }
        script.Statement($"REVOKE USE CATALOG ON CATALOG `system` FROM {principal}");
    }

    private static string Q(string name) => Sql.Backticked(name);

    /// <summary><see cref="Principal"/> is already quoted: it is only ever used as a grantee.</summary>
    private sealed record Settings(
        string WorkspaceUrl, string HttpPath, string Catalog, string Principal, bool PrincipalGiven, bool Audit,
        IReadOnlyList<string> WorkspaceIds, IReadOnlyList<string> DeniedGroups)
    {
        public static Settings From(JsonObject json)
        {
            var config = new ScriptConfig(json);
            // A service principal is named by its application id, the OAuth client id; a token names nobody.
            string? clientId = config.Text("oAuthClientConfig.clientId");
            return new Settings(
                config.Required("workspaceUrl"), config.Text("httpPath") ?? "", config.Required("catalog"),
                Q(clientId ?? DefaultPrincipal), clientId is not null, config.Enabled("audit"),
                config.List("workspaceIds"), config.List("groupPattern.deny"));
        }
    }
}
