namespace ImmutaIntegrations.Emulator.Scripts;

/// <summary>The setup scripts of a manual (autoBootstrap false) integration, one per script endpoint.</summary>
internal enum ScriptKind
{
    Create,
    Edit,
    Delete,
    Cleanup,
    InitialCreate,
    PostCleanup,
}

internal static class ScriptKinds
{
    /// <summary>The kind as its endpoint names it (<c>scripts/initial-create</c>).</summary>
    public static string EndpointName(this ScriptKind kind) => kind switch
    {
        ScriptKind.Create => "create",
        ScriptKind.Edit => "edit",
        ScriptKind.Delete => "delete",
        ScriptKind.Cleanup => "cleanup",
        ScriptKind.InitialCreate => "initial-create",
        ScriptKind.PostCleanup => "post-cleanup",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}

/// <summary>
/// How scripts are written: the platform's own SQL, or (for end-to-end tests of a manual setup through a real
/// ADO.NET provider, SQLite) SQLite statements that record each of the platform's statements, in order, in a
/// table <c>immuta_script_log (id, script, statement)</c>.
/// </summary>
public enum ScriptDialect
{
    Native,
    Sqlite,
}
