namespace ImmutaIntegrations.Core.Scripts;

/// <summary>What a <see cref="SqlToken"/> is, as <see cref="SqlLexer"/> reads it.</summary>
internal enum SqlTokenKind
{
    End,
    Space,
    LineComment,
    BlockComment,
    Word,

    /// <summary>A <c>'...'</c> literal, with its <c>N</c>, <c>E</c>, <c>R</c>, <c>X</c> or <c>B</c> prefix if any.</summary>
    String,

    /// <summary>A <c>"..."</c>, <c>[...]</c> or <c>`...`</c> name (a string in some dialects).</summary>
    QuotedName,

    /// <summary>A <c>$$ ... $$</c> or <c>$tag$ ... $tag$</c> body.</summary>
    DollarQuoted,
    Semicolon,

    /// <summary>Any other character, one at a time.</summary>
    Symbol,
}

/// <summary>One token of SQL text: its kind and where it is (<see cref="Start"/> to the exclusive <see cref="End"/>).</summary>
internal readonly struct SqlToken
{
    public SqlToken(SqlTokenKind kind, int start, int end)
    {
        Kind = kind;
        Start = start;
        End = end;
    }

    public SqlTokenKind Kind { get; }

    public int Start { get; }

    /// <summary>Exclusive.</summary>
    public int End { get; }

    public int Length => End - Start;

    /// <summary>Whitespace and comments: what sits between the tokens that make a statement.</summary>
    public bool IsTrivia => Kind == SqlTokenKind.Space || Kind == SqlTokenKind.LineComment || Kind == SqlTokenKind.BlockComment;
}
