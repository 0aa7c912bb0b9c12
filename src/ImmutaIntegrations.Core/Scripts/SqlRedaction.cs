using System;
using System.Text;

namespace ImmutaIntegrations.Core.Scripts;

/// <summary>
/// Makes a statement fit to show in errors and logs: a script may be edited by hand to carry a password
/// (a <c>CREATE USER ... PASSWORD '...'</c>, a Redshift <c>COPY ... SECRET_ACCESS_KEY '...'</c>).
/// </summary>
public static class SqlRedaction
{
    public const string Redacted = "'<REDACTED>'";

    // A word that is one of these, or ends with "_" or "@" and one of these (OLD_PASSWORD, AWS_SECRET_KEY,
    // OAUTH_CLIENT_SECRET, SESSION_TOKEN, @password), names a secret.
    private static readonly string[] SecretWords =
    {
        "PASSWORD", "SECRET", "TOKEN", "CREDENTIALS", "SECRET_KEY", "SECRET_ACCESS_KEY", "ACCESS_KEY_ID", "AWS_KEY_ID",
        "PRIVATE_KEY", "API_KEY", "MASTER_KEY",
    };

    /// <summary>
    /// The statement with every quoted value (a <c>'...'</c> literal, prefixed or not, a <c>"..."</c> string
    /// or a dollar-quoted one) that follows a secret's keyword replaced by <see cref="Redacted"/>: the keyword,
    /// then optionally <c>AS</c> and <c>=</c> (<c>=&gt;</c>, <c>:=</c>), then the value; <c>IDENTIFIED BY</c>
    /// too. Keywords count only as code, not inside literals or comments. Everything else is unchanged,
    /// unquoted values included (<c>PASSWORD DISABLE</c>, T-SQL's hashed <c>0x...</c>). Never throws.
    /// </summary>
    public static string Redact(string statement)
    {
        if (string.IsNullOrEmpty(statement)) return statement ?? string.Empty;
        bool escapes = SqlLexer.ChooseBackslashEscapes(statement);
        var lexer = new SqlLexer(statement, escapes);
        StringBuilder? shown = null;
        int copied = 0;
        while (true)
        {
            SqlToken token = lexer.NextSignificant();
            if (token.Kind == SqlTokenKind.End) break;
            if (token.Kind != SqlTokenKind.Word || !NamesSecret(statement, token)) continue;

            SqlLexer peek = lexer;
            if (!TryValue(statement, token, ref peek, out SqlToken value)) continue;
            int end = Math.Max(value.End, OtherReadingEnd(statement, value, escapes));
            shown ??= new StringBuilder(statement.Length);
            shown.Append(statement, copied, value.Start - copied).Append(Redacted);
            copied = end;
            lexer = new SqlLexer(statement, escapes, end);
        }
        if (shown is null) return statement;
        return shown.Append(statement, copied, statement.Length - copied).ToString();
    }

    private static bool NamesSecret(string text, SqlToken word)
    {
        foreach (string secret in SecretWords)
        {
            int offset = word.Length - secret.Length;
            if (offset < 0) continue;
            if (offset > 0 && text[word.Start + offset - 1] != '_' && text[word.Start + offset - 1] != '@') continue;
            if (string.Compare(text, word.Start + offset, secret, 0, secret.Length, StringComparison.OrdinalIgnoreCase) == 0) return true;
        }
        return SqlLexer.IsKeyword(text, word, "IDENTIFIED");
    }

    private static bool TryValue(string text, SqlToken keyword, ref SqlLexer peek, out SqlToken value)
    {
        value = peek.NextSignificant();
        if (SqlLexer.IsKeyword(text, keyword, "IDENTIFIED"))
        {
            if (!SqlLexer.IsKeyword(text, value, "BY")) return false;
            value = peek.NextSignificant();
        }
        if (SqlLexer.IsKeyword(text, value, "AS")) value = peek.NextSignificant();
        if (IsSymbol(text, value, ':')) value = peek.NextSignificant();
        if (IsSymbol(text, value, '='))
        {
            value = peek.NextSignificant();
            if (IsSymbol(text, value, '>')) value = peek.NextSignificant();
        }
        return value.Kind == SqlTokenKind.String || value.Kind == SqlTokenKind.DollarQuoted
            || (value.Kind == SqlTokenKind.QuotedName && text[value.Start] == '"');
    }

    private static bool IsSymbol(string text, SqlToken token, char symbol) =>
        token.Kind == SqlTokenKind.Symbol && text[token.Start] == symbol;

    // Where the value ends under the other reading of backslashes: hiding too much beats showing a secret's tail.
    private static int OtherReadingEnd(string text, SqlToken value, bool escapes) =>
        new SqlLexer(text, !escapes, value.Start).Next().End;
}
