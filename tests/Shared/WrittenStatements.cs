namespace ImmutaIntegrations.Tests;

/// <summary>
/// The statements of an emulator script as its generator wrote them, read from the layout alone (no SQL lexer): after
/// the header block, without blank and comment lines, a statement ends at a line ending in <c>;</c>, and a DO block at
/// the line holding its closing dollar tag and <c>;</c>.
/// </summary>
internal static class WrittenStatements
{
    public static string[] Of(string script)
    {
        var statements = new List<string>();
        var current = new List<string>();
        string? tag = null;
        string body = script[(script.IndexOf(" */\n", StringComparison.Ordinal) + 4)..];
        foreach (string line in body.Split('\n').Where(line => line.Length > 0 && !line.StartsWith("--", StringComparison.Ordinal)))
        {
            current.Add(line);
            if (tag is null && line.StartsWith("DO ", StringComparison.Ordinal))
            {
                tag = line[3..];
            }
            else if (tag is null ? line.EndsWith(';') : line == tag + ";")
            {
                statements.Add(string.Join('\n', current));
                current.Clear();
                tag = null;
            }
        }
        if (current.Count > 0) throw new InvalidOperationException("The script ends inside a statement: " + string.Join('\n', current));
        return [.. statements];
    }
}
