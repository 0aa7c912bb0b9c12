using System.Globalization;
using System.Text;

namespace ImmutaIntegrations.Emulator.Scripts;

/// <summary>
/// A script being written: a header block comment, then statements and <c>--</c> comments, one per line,
/// joined with <c>\n</c> whatever the platform.
/// </summary>
internal sealed class SqlScript
{
    private readonly List<string> _lines = [];
    private readonly List<string> _statements = [];
    private readonly List<string> _prefix = [];
    private ScriptKind _kind;
    private ScriptDialect _dialect;

    private SqlScript()
    {
    }

    /// <summary>Starts a script with the header block: type, kind, where it runs, and the integration id.</summary>
    public static SqlScript Begin(ScriptRequest request, string targetLabel, string target)
    {
        var script = new SqlScript { _kind = request.Kind, _dialect = request.Dialect };
        script._lines.Add("/*");
        script.HeaderLine($"Immuta integration: {request.Type}");
        script.HeaderLine($"Script: {request.Kind.EndpointName()} (manual setup, autoBootstrap false)");
        script.HeaderLine($"{targetLabel}: {target}");
        if (request.IntegrationId is long id)
        {
            script.HeaderLine($"Integration id: {id.ToString(CultureInfo.InvariantCulture)}");
        }
        script._lines.Add(" *");
        script.HeaderLine(Purpose(request.Kind));
        script.HeaderLine(request.Dialect == ScriptDialect.Postgres
            ? "PostgreSQL rendering (emulator --script-dialect postgres): run it one statement at a time, with autocommit on."
            : "Run it by hand as a privileged user. Credentials are never part of it: set them outside this script.");
        script._lines.Add(" */");
        if (request.Prefix is { Length: > 0 } prefix)
        {
            string text = prefix.ReplaceLineEndings("\n").TrimEnd();
            script._prefix.Add("-- Test hook (emulator scriptPrefix setting), not part of Immuta's script:");
            script._prefix.Add(text.EndsWith(';') ? text : text + ";");
            script._lines.AddRange(script._prefix);
        }
        return script;
    }

    public SqlScript Comment(string text)
    {
        _lines.Add("-- " + CommentText(text));
        return this;
    }

    public SqlScript Blank()
    {
        _lines.Add("");
        return this;
    }

    /// <summary>Adds a statement, one or more lines, and ends it with <c>;</c> when it does not already.</summary>
    public SqlScript Statement(string sql)
    {
        // Raw string literals carry the source file's line endings; the script's are always \n.
        string text = sql.ReplaceLineEndings("\n").TrimEnd();
        _lines.Add(text.EndsWith(';') ? text : text + ";");
        _statements.Add(text.EndsWith(';') ? text[..^1] : text);
        return this;
    }

    public string Text() => _dialect == ScriptDialect.Sqlite ? SqliteText() : string.Join('\n', _lines) + "\n";

    // The header, then one INSERT per platform statement, each holding that statement as a string literal.
    private string SqliteText()
    {
        var lines = _lines.TakeWhile(line => line != " */").Append(" */").Concat(_prefix).ToList();
        lines.Add($"-- SQLite rendering (emulator --script-dialect sqlite): records the {_statements.Count} statements of the {_kind.EndpointName()} script.");
        lines.Add("CREATE TABLE IF NOT EXISTS immuta_script_log (id INTEGER PRIMARY KEY AUTOINCREMENT, script TEXT NOT NULL, statement TEXT NOT NULL);");
        foreach (string statement in _statements)
        {
            lines.Add($"INSERT INTO immuta_script_log (script, statement) VALUES ('{_kind.EndpointName()}', "
                + $"'{statement.Replace("'", "''", StringComparison.Ordinal)}');");
        }
        return string.Join('\n', lines) + "\n";
    }

    private void HeaderLine(string text) => _lines.Add(" * " + CommentText(text));

    private static string Purpose(ScriptKind kind) => kind switch
    {
        ScriptKind.Create => "Creates the objects Immuta needs; run it before creating the integration in Immuta.",
        ScriptKind.Edit => "Brings those objects in line with the edited configuration; run it before updating the integration.",
        ScriptKind.Delete => "Removes the objects Immuta used; run it once the integration is deleted in Immuta.",
        ScriptKind.Cleanup => "Removes what a failed creation left behind.",
        ScriptKind.InitialCreate => "First of the two setup scripts; run the create script after it.",
        ScriptKind.PostCleanup => "Second cleanup step after a failed creation; run it after the cleanup script.",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>
    /// Payload text shown in a comment stays inside it: a line break would end a <c>--</c> comment early, and
    /// <c>*/</c> (or a nested <c>/*</c>, which T-SQL and Redshift count) would unbalance the header.
    /// </summary>
    private static string CommentText(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (char c in text)
        {
            builder.Append(char.IsControl(c) || c is '\u2028' or '\u2029' ? ' ' : c);
        }
        return builder.Replace("*/", "* /").Replace("/*", "/ *").ToString();
    }
}

/// <summary>Quoting of payload values, per dialect.</summary>
internal static class Sql
{
    /// <summary>Snowflake and Redshift identifiers.</summary>
    public static string DoubleQuoted(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>T-SQL identifiers.</summary>
    public static string Bracketed(string name) => "[" + name.Replace("]", "]]", StringComparison.Ordinal) + "]";

    /// <summary>Databricks SQL identifiers.</summary>
    public static string Backticked(string name) => "`" + name.Replace("`", "``", StringComparison.Ordinal) + "`";

    /// <summary>T-SQL Unicode string literal; a backslash is an ordinary character there.</summary>
    public static string UnicodeLiteral(string text) => "N'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";

    /// <summary>String literal of Snowflake and Redshift, where a backslash escapes the next character.</summary>
    public static string EscapedLiteral(string text) =>
        "'" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "''", StringComparison.Ordinal) + "'";

    /// <summary>
    /// PostgreSQL escape string literal: <c>E'...'</c> takes backslash escapes whatever standard_conforming_strings
    /// says, so the text arrives as it is, and every reader of the script (the module's splitter too) reads it one way.
    /// </summary>
    public static string PostgresLiteral(string text) => "E" + EscapedLiteral(text);
}
