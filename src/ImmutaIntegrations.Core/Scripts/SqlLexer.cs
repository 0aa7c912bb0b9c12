using System;

namespace ImmutaIntegrations.Core.Scripts;

/// <summary>
/// Cuts SQL text into tokens, for the dialects the setup scripts are written in (Snowflake, Redshift,
/// Databricks SQL, T-SQL), so that a <c>;</c> or a keyword is only ever seen where it is code.
/// Never throws, and reads each character a bounded number of times: anything unterminated (a string,
/// a name, a comment, a dollar-quoted body) runs to the end of the text.
/// </summary>
/// <remarks>
/// <para>
/// One question has no answer from the text alone: a backslash in a <c>'...'</c> literal (or a
/// <c>"..."</c> name) escapes the next character in Snowflake, Redshift and Databricks, but is an ordinary
/// character in T-SQL. The two readings differ only where a backslash escapes the closing quote, so the
/// lexer is given one reading and records whether such an escape happened (<see cref="EscapedQuote"/>);
/// <see cref="PrefersEscapes"/> then judges between the two. Prefixed literals do not depend on it:
/// <c>E'...'</c> always takes backslash escapes, <c>N'...'</c> (T-SQL's Unicode literal), <c>R'...'</c>
/// (raw), <c>X'...'</c> and <c>B'...'</c> never do.
/// </para>
/// <para>
/// Other choices: block comments nest (PostgreSQL, T-SQL); <c>--</c> and <c>//</c> (Snowflake) start line
/// comments; a dollar quote follows PostgreSQL's rule (<c>$</c>, an optional tag of letters, digits and
/// <c>_</c> not starting with a digit, <c>$</c>), so <c>$1</c> is not one; a word may contain <c>$</c>,
/// but stops before <c>$$</c>, so that <c>AS$$</c> opens a body.
/// </para>
/// </remarks>
internal struct SqlLexer
{
    private static readonly char[] LineBreaks = { '\r', '\n' };

    private readonly string _text;
    private readonly bool _backslashEscapes;
    private int _position;

    public SqlLexer(string text, bool backslashEscapes, int position = 0)
    {
        _text = text;
        _backslashEscapes = backslashEscapes;
        _position = position;
        EscapedQuote = false;
        UnterminatedStart = text.Length;
    }

    /// <summary>Whether a backslash was read as escaping a closing quote: the other reading would differ.</summary>
    public bool EscapedQuote { get; private set; }

    /// <summary>Where the token that runs unterminated to the end starts; the text's length when there is none.</summary>
    public int UnterminatedStart { get; private set; }

    public SqlToken Next()
    {
        string text = _text;
        int start = _position;
        int length = text.Length;
        if (start >= length) return new SqlToken(SqlTokenKind.End, length, length);

        char c = text[start];
        char next = start + 1 < length ? text[start + 1] : '\0';
        SqlTokenKind kind;
        int end;
        if (IsSpace(c))
        {
            end = start + 1;
            while (end < length && IsSpace(text[end])) end++;
            kind = SqlTokenKind.Space;
        }
        else if ((c == '-' && next == '-') || (c == '/' && next == '/'))
        {
            int lineBreak = text.IndexOfAny(LineBreaks, start + 2);
            end = lineBreak < 0 ? length : lineBreak;
            kind = SqlTokenKind.LineComment;
        }
        else if (c == '/' && next == '*')
        {
            end = BlockCommentEnd(start);
            kind = SqlTokenKind.BlockComment;
        }
        else if (c == '\'')
        {
            end = QuotedEnd(start, start + 1, '\'', _backslashEscapes, byReading: true);
            kind = SqlTokenKind.String;
        }
        else if (c == '"')
        {
            end = QuotedEnd(start, start + 1, '"', _backslashEscapes, byReading: true);
            kind = SqlTokenKind.QuotedName;
        }
        else if (c == '[')
        {
            end = QuotedEnd(start, start + 1, ']', backslashEscapes: false, byReading: false);
            kind = SqlTokenKind.QuotedName;
        }
        else if (c == '`')
        {
            end = QuotedEnd(start, start + 1, '`', backslashEscapes: false, byReading: false);
            kind = SqlTokenKind.QuotedName;
        }
        else if (c == '$' && TryDollarTag(start, out int tagEnd))
        {
            end = DollarQuotedEnd(start, tagEnd);
            kind = SqlTokenKind.DollarQuoted;
        }
        else if (c == ';')
        {
            end = start + 1;
            kind = SqlTokenKind.Semicolon;
        }
        else if (IsWordStart(c))
        {
            end = WordEnd(start);
            kind = SqlTokenKind.Word;
            if (end == start + 1 && next == '\'' && IsLiteralPrefix(c))
            {
                bool escapes = c == 'E' || c == 'e';
                end = QuotedEnd(start, start + 2, '\'', escapes, byReading: false);
                kind = SqlTokenKind.String;
            }
        }
        else
        {
            end = start + 1;
            kind = SqlTokenKind.Symbol;
        }
        _position = end;
        return new SqlToken(kind, start, end);
    }

    /// <summary>The next token that is not whitespace or a comment.</summary>
    public SqlToken NextSignificant()
    {
        SqlToken token;
        do
        {
            token = Next();
        }
        while (token.IsTrivia);
        return token;
    }

    /// <summary>Whether a token is the word <paramref name="keyword"/> (upper case), in any case.</summary>
    public static bool IsKeyword(string text, SqlToken token, string keyword) =>
        token.Kind == SqlTokenKind.Word && token.Length == keyword.Length
        && string.Compare(text, token.Start, keyword, 0, keyword.Length, StringComparison.OrdinalIgnoreCase) == 0;

    /// <summary>
    /// Given the outcome of reading <paramref name="text"/> with backslash escapes (a backslash did escape a
    /// closing quote, and an unterminated token, if any, started at <paramref name="escapedTail"/>), whether
    /// that reading is the better one. The other reading is the better one when everything it reads is
    /// terminated further into the text: one misread quote turns every later literal inside out, which
    /// almost always leaves the last one unterminated. On a tie, backslash escapes win, as Snowflake,
    /// Redshift and Databricks read them.
    /// </summary>
    public static bool PrefersEscapes(string text, int escapedTail)
    {
        var plain = new SqlLexer(text, backslashEscapes: false);
        while (plain.Next().Kind != SqlTokenKind.End)
        {
        }
        return plain.UnterminatedStart <= escapedTail;
    }

    /// <summary>The reading of backslashes for <paramref name="text"/>: see <see cref="PrefersEscapes"/>.</summary>
    public static bool ChooseBackslashEscapes(string text)
    {
        var escaped = new SqlLexer(text, backslashEscapes: true);
        while (escaped.Next().Kind != SqlTokenKind.End)
        {
        }
        return !escaped.EscapedQuote || PrefersEscapes(text, escaped.UnterminatedStart);
    }

    public static bool IsSpace(char c) => char.IsWhiteSpace(c) || c == '\uFEFF';

    private static bool IsWordStart(char c) => char.IsLetterOrDigit(c) || c == '_' || c == '@' || c == '#';

    private static bool IsLiteralPrefix(char c) => "NnEeRrXxBb".IndexOf(c) >= 0;

    private int WordEnd(int start)
    {
        string text = _text;
        int i = start + 1;
        while (i < text.Length)
        {
            char c = text[i];
            if (c == '$')
            {
                if (i + 1 < text.Length && text[i + 1] == '$') break;
            }
            else if (!IsWordStart(c))
            {
                break;
            }
            i++;
        }
        return i;
    }

    /// <summary>
    /// The end of a literal or name whose content starts at <paramref name="from"/>: the closing character
    /// doubled stands for itself, and with <paramref name="backslashEscapes"/> a backslash escapes any
    /// character.
    /// </summary>
    private int QuotedEnd(int start, int from, char closing, bool backslashEscapes, bool byReading)
    {
        string text = _text;
        int i = from;
        while (i < text.Length)
        {
            char c = text[i];
            if (backslashEscapes && c == '\\')
            {
                if (byReading && i + 1 < text.Length && text[i + 1] == closing) EscapedQuote = true;
                i += 2;
                continue;
            }
            if (c == closing)
            {
                if (i + 1 < text.Length && text[i + 1] == closing)
                {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return Unterminated(start);
    }

    private int BlockCommentEnd(int start)
    {
        string text = _text;
        int depth = 1;
        int i = start + 2;
        while (i < text.Length - 1)
        {
            char c = text[i];
            if (c == '/' && text[i + 1] == '*')
            {
                depth++;
                i += 2;
            }
            else if (c == '*' && text[i + 1] == '/')
            {
                i += 2;
                if (--depth == 0) return i;
            }
            else
            {
                i++;
            }
        }
        return Unterminated(start);
    }

    private bool TryDollarTag(int start, out int tagEnd)
    {
        string text = _text;
        int i = start + 1;
        tagEnd = 0;
        if (i < text.Length && text[i] == '$')
        {
            tagEnd = i + 1;
            return true;
        }
        if (i >= text.Length || !(char.IsLetter(text[i]) || text[i] == '_')) return false;
        while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '_')) i++;
        if (i >= text.Length || text[i] != '$') return false;
        tagEnd = i + 1;
        return true;
    }

    private int DollarQuotedEnd(int start, int tagEnd)
    {
        string tag = _text.Substring(start, tagEnd - start);
        int close = _text.IndexOf(tag, tagEnd, StringComparison.Ordinal);
        return close < 0 ? Unterminated(start) : close + tag.Length;
    }

    private int Unterminated(int start)
    {
        UnterminatedStart = start;
        return _text.Length;
    }
}
