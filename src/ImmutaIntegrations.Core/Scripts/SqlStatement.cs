using System;

namespace ImmutaIntegrations.Core.Scripts;

/// <summary>One statement of a script, as <see cref="SqlStatementSplitter"/> cuts it out.</summary>
public sealed class SqlStatement
{
    public SqlStatement(int number, string text, int line)
    {
        if (number < 1) throw new ArgumentOutOfRangeException(nameof(number), number, "Statements are numbered from 1.");
        if (line < 1) throw new ArgumentOutOfRangeException(nameof(line), line, "Lines are numbered from 1.");
        Number = number;
        Text = text ?? throw new ArgumentNullException(nameof(text));
        Line = line;
    }

    /// <summary>Its place in the script, from 1.</summary>
    public int Number { get; }

    /// <summary>
    /// What to send to the platform: trimmed, without the terminating <c>;</c> (or <c>GO</c> line), with the
    /// comments written before it.
    /// </summary>
    public string Text { get; }

    /// <summary>
    /// The script line (from 1) of its first token of code, after the comments and blank lines it starts with:
    /// the line an error in it is about.
    /// </summary>
    public int Line { get; }

    public override string ToString() => Text;
}
