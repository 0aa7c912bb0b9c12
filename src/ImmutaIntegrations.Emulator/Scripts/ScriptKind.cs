using ImmutaIntegrations.Emulator.Settings;

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

    /// <summary>The kinds <paramref name="names"/> give by their endpoint names (any case), each once, in the order given.</summary>
    /// <exception cref="ArgumentException">A name is no kind; the message names them all.</exception>
    public static IReadOnlyList<ScriptKind> Parse(string setting, IEnumerable<string> names)
    {
        ScriptKind[] all = Enum.GetValues<ScriptKind>();
        string[] endpoints = all.Select(EndpointName).ToArray();
        var kinds = new List<ScriptKind>();
        foreach (string name in names.Where(n => n.Trim().Length > 0))
        {
            ScriptKind kind = all[Array.IndexOf(endpoints, SettingValues.OneOf(setting, name, endpoints))];
            if (!kinds.Contains(kind)) kinds.Add(kind);
        }
        return kinds;
    }
}

/// <summary>
/// How scripts are written: the platform's own SQL; or (for end-to-end tests of a manual setup through a real
/// ADO.NET provider, SQLite) SQLite statements that record each of the platform's statements, in order, in a
/// table <c>immuta_script_log (id, script, statement)</c>; or (for tests against a real PostgreSQL server)
/// Redshift's scripts as PostgreSQL statements that make and remove the objects for real, the other types
/// keeping their own SQL.
/// </summary>
public enum ScriptDialect
{
    Native,
    Sqlite,
    Postgres,
}

internal static class ScriptDialects
{
    /// <summary>The dialect's name in options and settings: native, sqlite, postgres.</summary>
    public static string Name(this ScriptDialect dialect) => dialect.ToString().ToLowerInvariant();

    /// <exception cref="ArgumentException">The text names no dialect; the message names them all.</exception>
    public static ScriptDialect Parse(string setting, string? text)
    {
        string[] names = Enum.GetValues<ScriptDialect>().Select(Name).ToArray();
        return Enum.Parse<ScriptDialect>(SettingValues.OneOf(setting, text, names), ignoreCase: true);
    }
}
