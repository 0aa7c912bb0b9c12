using System.Text.Json.Nodes;
using ImmutaIntegrations.Core.Scripts;
using ImmutaIntegrations.Emulator.Scripts;
using ImmutaIntegrations.Tests;

namespace ImmutaIntegrations.Core.Tests;

/// <summary>
/// The emulator's PostgreSQL rendering of Redshift's scripts (<c>--script-dialect postgres</c>) as the module runs it:
/// cut by <see cref="SqlStatementSplitter"/> into the statements intended, DO blocks whole, and shown with the
/// password hidden.
/// </summary>
public sealed class PostgresScriptSplitTests
{
    private const string Example = """
        { "host": "organization.aws.amazon.com", "database": "immuta", "initialDatabase": "REDSHIFT_SAMPLE_DATA",
          "authenticationType": "userPassword", "username": "taylor@redshift.com", "password": "abc1234",
          "impersonation": { "enabled": true, "role": "rs_imp" } }
        """;

    // Every character that quotes or ends something, in the names and in the password.
    private const string Odd = """
        { "host": "h", "database": "imm\"u$$ta\\", "username": "o'brien\\", "password": "p'a\\ss$$\\;--",
          "impersonation": { "enabled": true, "role": "imp$$x$immuta1$;" } }
        """;

    private const string User = "\"taylor@redshift.com\"";

    // The first line of each statement of the example's scripts, in order.
    public static TheoryData<string, string[]> ExampleStatements() => new()
    {
        { "InitialCreate", ["DO $$", $"ALTER ROLE {User} WITH LOGIN PASSWORD E'abc1234'", $"CREATE DATABASE \"immuta\" WITH OWNER {User}"] },
        {
            "Create",
            [
                $"ALTER DATABASE \"immuta\" OWNER TO {User}", $"GRANT CONNECT, CREATE, TEMPORARY ON DATABASE \"immuta\" TO {User}",
                $"CREATE SCHEMA IF NOT EXISTS \"immuta_system\" AUTHORIZATION {User}", $"ALTER SCHEMA \"immuta_system\" OWNER TO {User}",
                $"GRANT pg_read_all_stats TO {User}", "DO $$", $"GRANT \"rs_imp\" TO {User} WITH ADMIN OPTION",
            ]
        },
        { "Cleanup", ["DROP DATABASE IF EXISTS \"immuta\" WITH (FORCE)", "DROP SCHEMA IF EXISTS \"immuta_system\" CASCADE", "DO $$",
            "DROP ROLE IF EXISTS \"rs_imp\"", "DO $$", $"DROP ROLE IF EXISTS {User}"] },
        { "Delete", ["DROP DATABASE IF EXISTS \"immuta\" WITH (FORCE)", "DROP SCHEMA IF EXISTS \"immuta_system\" CASCADE", "DO $$",
            "DROP ROLE IF EXISTS \"rs_imp\"", "DO $$", $"DROP ROLE IF EXISTS {User}"] },
        { "Edit", [$"ALTER ROLE {User} WITH LOGIN PASSWORD E'abc1234'", "DO $$", "DROP ROLE IF EXISTS \"rs_imp\""] },
    };

    [Theory]
    [MemberData(nameof(ExampleStatements))]
    public void Each_script_splits_into_the_statements_it_was_written_as(string kind, string[] firstLines)
    {
        string script = Generate(kind, Example);

        IReadOnlyList<SqlStatement> statements = SqlStatementSplitter.Split(script);

        Assert.Equal(firstLines, statements.Select(s => Code(s.Text).Split('\n')[0]));
        Assert.Equal(WrittenStatements.Of(script), statements.Select(s => Code(s.Text) + ";"));
        string[] lines = script.Split('\n');
        Assert.All(statements, s => Assert.StartsWith(Code(s.Text).Split('\n')[0], lines[s.Line - 1], StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("InitialCreate", 3)]
    [InlineData("Create", 7)]
    [InlineData("Cleanup", 6)]
    [InlineData("Delete", 6)]
    [InlineData("Edit", 3)]
    public void Quotes_backslashes_dollars_and_semicolons_in_the_payload_split_nothing_apart(string kind, int count)
    {
        string script = Generate(kind, Odd);

        IReadOnlyList<SqlStatement> statements = SqlStatementSplitter.Split(script);

        Assert.Equal(count, statements.Count);
        Assert.Equal(WrittenStatements.Of(script), statements.Select(s => Code(s.Text) + ";"));
        Assert.All(statements.Select(s => Code(s.Text)).Where(code => code.StartsWith("DO ", StringComparison.Ordinal)),
            code => Assert.Matches(@"^DO (\$\w*\$)\n[\s\S]*\nEND\n\1$", code));
    }

    [Theory]
    [InlineData("InitialCreate")]
    [InlineData("Edit")]
    public void The_module_shows_every_statement_without_the_password(string kind)
    {
        foreach (string config in new[] { Example, Odd })
        {
            string password = (string)Parse(config)["password"]!;
            string literal = "E'" + password.Replace("\\", "\\\\").Replace("'", "''") + "'";
            string script = Generate(kind, config, username: "other");

            IReadOnlyList<SqlStatement> statements = SqlStatementSplitter.Split(script);

            Assert.Contains($"PASSWORD {literal};", script);
            SqlStatement withPassword = Assert.Single(statements, s => s.Text.Contains(literal, StringComparison.Ordinal));
            Assert.EndsWith("PASSWORD '<REDACTED>'", SqlRedaction.Redact(withPassword.Text));
            Assert.All(statements, s => Assert.DoesNotContain(literal, SqlRedaction.Redact(s.Text)));
        }
    }

    [Fact]
    public void The_test_hooks_prefix_is_the_first_statement()
    {
        string script = ScriptGenerator.Generate("Redshift", ScriptKind.Create, Parse(Example), null, null, ScriptDialect.Postgres,
            prefix: "SELECT pg_sleep(60)");

        IReadOnlyList<SqlStatement> statements = SqlStatementSplitter.Split(script);

        Assert.Equal("SELECT pg_sleep(60)", Code(statements[0].Text));
        Assert.Equal(8, statements.Count);
    }

    /// <summary>
    /// An Edit changes the password and turns impersonation off; with <paramref name="username"/>, the stored config
    /// had that user instead, so the system account changes too.
    /// </summary>
    private static string Generate(string kind, string config, string? username = null)
    {
        JsonObject json = Parse(config);
        JsonObject? previous = null;
        if (kind == "Edit")
        {
            previous = (JsonObject)json.DeepClone();
            previous["password"] = "old-pass";
            if (username is not null) previous["username"] = username;
            json.Remove("impersonation");
        }
        else if (kind == "Delete")
        {
            previous = json;
        }
        return ScriptGenerator.Generate("Redshift", Enum.Parse<ScriptKind>(kind), json, previous, 7, ScriptDialect.Postgres);
    }

    /// <summary>A statement's code: without the comment lines and the header block it starts with.</summary>
    private static string Code(string text)
    {
        if (text.StartsWith("/*", StringComparison.Ordinal)) text = text[(text.IndexOf("*/", StringComparison.Ordinal) + 2)..];
        return string.Join('\n', text.Split('\n').SkipWhile(line => line.Length == 0 || line.StartsWith("--", StringComparison.Ordinal)));
    }

    private static JsonObject Parse(string json) => (JsonObject)JsonNode.Parse(json)!;
}
