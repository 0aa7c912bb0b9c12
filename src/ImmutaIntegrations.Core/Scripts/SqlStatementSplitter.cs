using System;
using System.Collections.Generic;

namespace ImmutaIntegrations.Core.Scripts;

/// <summary>
/// Cuts a setup script into the statements to run one by one (ADO.NET runs one statement per command).
/// </summary>
/// <remarks>
/// <para>
/// A statement ends at a <c>;</c> outside any block, at a line holding only <c>GO</c> (any case; T-SQL's
/// batch separator, which also closes any block left open), or at the end of the script. A <c>;</c> or a
/// keyword inside a literal, a quoted name, a comment or a dollar-quoted body is no code; see
/// <see cref="SqlLexer"/> for how those are read, backslashes included.
/// </para>
/// <para>
/// Blocks are counted by keyword (whole words, any case, not after a <c>.</c>): <c>BEGIN</c> opens one, and
/// so does <c>CASE</c> inside a block; <c>END</c> closes one. <c>BEGIN</c> starts a statement rather than a
/// block when a <c>;</c>, the end of the script or a transaction word follows it (<c>BEGIN;</c>,
/// <c>BEGIN TRANSACTION</c>, <c>BEGIN TRAN</c>, <c>BEGIN WORK</c>, <c>BEGIN ISOLATION LEVEL ...</c>,
/// SQLite's <c>BEGIN IMMEDIATE</c> ...). <c>END IF;</c>, <c>END LOOP;</c>, <c>END WHILE;</c>,
/// <c>END FOR;</c> and <c>END REPEAT;</c> (Snowflake and Databricks scripting) close nothing, as <c>IF</c>
/// and the loops open nothing; an <c>END</c> followed by an <c>IF</c> or <c>WHILE</c> that goes on is T-SQL's
/// block end before a new statement. Parentheses are not counted.
/// </para>
/// <para>
/// A chunk of only whitespace and comments is no statement; comments before a statement are part of it.
/// A block left open (a <c>BEGIN</c> without its <c>END</c>) runs to the next <c>GO</c> line or the end of
/// the script, and the platform reports the error on that one statement. Not handled: a Snowflake
/// <c>DECLARE</c> section before <c>BEGIN</c> outside a dollar-quoted body (each declaration is cut off;
/// wrap the block in <c>EXECUTE IMMEDIATE $$ ... $$</c>), and <c>GO n</c> (not a separator: the platform
/// reports it).
/// </para>
/// </remarks>
public static class SqlStatementSplitter
{
    /// <summary>The statements of <paramref name="script"/> (none for null or empty); never throws.</summary>
    public static IReadOnlyList<SqlStatement> Split(string script)
    {
        if (string.IsNullOrEmpty(script)) return Array.Empty<SqlStatement>();
        var escaped = new Splitter(script, backslashEscapes: true);
        List<SqlStatement> statements = escaped.Run();
        if (escaped.EscapedQuote && !SqlLexer.PrefersEscapes(script, escaped.UnterminatedStart))
        {
            statements = new Splitter(script, backslashEscapes: false).Run();
        }
        return statements.AsReadOnly();
    }

    private sealed class Splitter
    {
        // After BEGIN, these make it a statement of its own rather than a block.
        private static readonly string[] TransactionWords =
        {
            "TRANSACTION", "TRAN", "WORK", "DISTRIBUTED", "ISOLATION", "READ", "DEFERRABLE", "DEFERRED", "IMMEDIATE",
            "EXCLUSIVE", "DIALOG", "CONVERSATION",
        };

        // Scripting statements closed by END <word>; they open no block either.
        private static readonly string[] LoopWords = { "IF", "LOOP", "WHILE", "FOR", "REPEAT" };

        private readonly string _script;
        private readonly List<SqlStatement> _statements = new List<SqlStatement>();
        private SqlLexer _lexer;
        private int _chunkStart;
        private int _codeStart = -1;
        private int _depth;
        private int _ignoredCase = -1;
        private int _countedTo;
        private int _line = 1;

        public Splitter(string script, bool backslashEscapes)
        {
            _script = script;
            _lexer = new SqlLexer(script, backslashEscapes);
        }

        public bool EscapedQuote => _lexer.EscapedQuote;

        public int UnterminatedStart => _lexer.UnterminatedStart;

        public List<SqlStatement> Run()
        {
            bool afterDot = false;
            while (true)
            {
                SqlToken token = _lexer.Next();
                if (token.Kind == SqlTokenKind.End) break;
                if (token.IsTrivia) continue;
                if (token.Kind == SqlTokenKind.Semicolon && _depth == 0)
                {
                    EndStatement(token.Start, token.End);
                    afterDot = false;
                    continue;
                }
                if (token.Kind == SqlTokenKind.Word)
                {
                    if (IsGoLine(token))
                    {
                        EndStatement(token.Start, token.End);
                        _depth = 0;
                        afterDot = false;
                        continue;
                    }
                    if (!afterDot) CountBlock(token);
                }
                if (_codeStart < 0) _codeStart = token.Start;
                afterDot = token.Kind == SqlTokenKind.Symbol && _script[token.Start] == '.';
            }
            EndStatement(_script.Length, _script.Length);
            return _statements;
        }

        private void CountBlock(SqlToken word)
        {
            if (SqlLexer.IsKeyword(_script, word, "BEGIN"))
            {
                if (OpensBlock()) _depth++;
            }
            else if (SqlLexer.IsKeyword(_script, word, "CASE"))
            {
                // Only a CASE inside a block needs counting, so that its END does not close the block; outside
                // one, a CASE left without END (a typo) would otherwise swallow the rest of the script.
                if (_depth > 0 && word.Start != _ignoredCase) _depth++;
            }
            else if (SqlLexer.IsKeyword(_script, word, "END"))
            {
                SqlLexer peek = _lexer;
                SqlToken next = peek.NextSignificant();
                if (IsAnyKeyword(next, LoopWords) && EndsHere(peek)) return;
                if (SqlLexer.IsKeyword(_script, next, "CONVERSATION")) return;
                if (_depth > 0) _depth--;
                if (SqlLexer.IsKeyword(_script, next, "CASE")) _ignoredCase = next.Start;
            }
        }

        private bool OpensBlock()
        {
            SqlLexer peek = _lexer;
            SqlToken next = peek.NextSignificant();
            switch (next.Kind)
            {
                case SqlTokenKind.Word:
                    if (char.IsDigit(_script[next.Start]) || IsAnyKeyword(next, TransactionWords)) return false;
                    if (!SqlLexer.IsKeyword(_script, next, "NAME")) return true;
                    // Snowflake's BEGIN NAME <transaction>;
                    SqlToken name = peek.NextSignificant();
                    SqlToken after = peek.NextSignificant();
                    return !(name.Kind == SqlTokenKind.Word && (after.Kind == SqlTokenKind.Semicolon || after.Kind == SqlTokenKind.End));
                case SqlTokenKind.QuotedName:
                    return true;
                case SqlTokenKind.Semicolon:
                    // T-SQL's habit of writing ";WITH" at the start of a line, where a CTE follows a statement.
                    return StartsLine(next.Start) && next.End < _script.Length && char.IsLetter(_script[next.End]);
                default:
                    return false;
            }
        }

        /// <summary>Whether the statement ends after at most one more word.</summary>
        private static bool EndsHere(SqlLexer peek)
        {
            SqlToken next = peek.NextSignificant();
            if (next.Kind == SqlTokenKind.Word) next = peek.NextSignificant();
            return next.Kind == SqlTokenKind.Semicolon || next.Kind == SqlTokenKind.End;
        }

        private bool IsAnyKeyword(SqlToken token, string[] keywords)
        {
            foreach (string keyword in keywords)
            {
                if (SqlLexer.IsKeyword(_script, token, keyword)) return true;
            }
            return false;
        }

        private bool IsGoLine(SqlToken word)
        {
            if (!SqlLexer.IsKeyword(_script, word, "GO") || !StartsLine(word.Start)) return false;
            for (int i = word.End; i < _script.Length; i++)
            {
                char c = _script[i];
                if (c == '\n' || c == '\r') return true;
                if (!SqlLexer.IsSpace(c)) return false;
            }
            return true;
        }

        private bool StartsLine(int position)
        {
            for (int i = position - 1; i >= 0; i--)
            {
                char c = _script[i];
                if (c == '\n' || c == '\r') return true;
                if (!SqlLexer.IsSpace(c)) return false;
            }
            return true;
        }

        /// <summary>Closes the chunk that ends at <paramref name="end"/>; the next one starts at <paramref name="next"/>.</summary>
        private void EndStatement(int end, int next)
        {
            int start = _chunkStart;
            int codeStart = _codeStart;
            _chunkStart = next;
            _codeStart = -1;
            if (codeStart < 0) return;
            while (start < end && SqlLexer.IsSpace(_script[start])) start++;
            while (end > start && SqlLexer.IsSpace(_script[end - 1])) end--;
            _statements.Add(new SqlStatement(_statements.Count + 1, _script.Substring(start, end - start), LineOf(codeStart)));
        }

        // Statements come in order, so lines are counted once over the whole script. "\r\n" is one break.
        private int LineOf(int position)
        {
            string script = _script;
            for (; _countedTo < position; _countedTo++)
            {
                char c = script[_countedTo];
                if (c == '\n' || (c == '\r' && (_countedTo + 1 >= script.Length || script[_countedTo + 1] != '\n'))) _line++;
            }
            return _line;
        }
    }
}
