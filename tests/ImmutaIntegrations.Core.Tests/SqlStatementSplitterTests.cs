using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ImmutaIntegrations.Core.Scripts;
using ImmutaIntegrations.Tests;

namespace ImmutaIntegrations.Core.Tests;

/// <summary>Cutting setup scripts into statements to run one by one, and hiding their secrets.</summary>
public sealed class SqlStatementSplitterTests
{
    private static string[] Texts(string script) => SqlStatementSplitter.Split(script).Select(s => s.Text).ToArray();

    // ---- Statement ends ----

    [Fact]
    public void Splits_at_each_semicolon_and_trims_without_the_semicolon()
    {
        IReadOnlyList<SqlStatement> statements = SqlStatementSplitter.Split("  SELECT 1;SELECT 2 ;\n\n  SELECT 3  ");

        Assert.Equal(["SELECT 1", "SELECT 2", "SELECT 3"], statements.Select(s => s.Text));
        Assert.Equal([1, 2, 3], statements.Select(s => s.Number));
        Assert.Equal([1, 1, 3], statements.Select(s => s.Line));
    }

    [Theory]
    [InlineData("")]
    [InlineData(" \r\n\t ")]
    [InlineData(";;\n ;")]
    [InlineData("-- only a comment; with a semicolon")]
    [InlineData("/* a block; */\n-- and a line\n;\n// and a Snowflake one\n")]
    [InlineData("/* never closed; SELECT 1;")]
    [InlineData("\uFEFF-- a script saved with a byte order mark\n")]
    [InlineData(null)]
    public void A_script_of_only_whitespace_and_comments_has_no_statement(string? script)
    {
        Assert.Empty(SqlStatementSplitter.Split(script!));
    }

    [Fact]
    public void Comments_before_a_statement_stay_in_it_and_its_line_is_that_of_its_code()
    {
        const string script = "-- first\nSELECT 1;\n\n/* second,\n   on two lines */\n\n  SELECT 2; -- trailing\n";

        IReadOnlyList<SqlStatement> statements = SqlStatementSplitter.Split(script);

        Assert.Equal(["-- first\nSELECT 1", "/* second,\n   on two lines */\n\n  SELECT 2"], statements.Select(s => s.Text));
        Assert.Equal([2, 7], statements.Select(s => s.Line));
    }

    [Fact]
    public void Lines_count_CRLF_LF_and_a_lone_CR_as_one_break_each()
    {
        IReadOnlyList<SqlStatement> statements = SqlStatementSplitter.Split("SELECT 1;\r\n\r\n-- c\r\nSELECT 2;\rSELECT\n3;\n\nSELECT 4");

        Assert.Equal([1, 4, 5, 8], statements.Select(s => s.Line));
        Assert.Equal("SELECT\n3", statements[2].Text);
    }

    [Fact]
    public void The_last_statement_needs_no_semicolon()
    {
        Assert.Equal(["SELECT 1", "SELECT 2 -- the end"], Texts("SELECT 1;\nSELECT 2 -- the end\n"));
    }

    // ---- Literals and quoted names ----

    [Theory]
    [InlineData("SELECT 'a;b', 'it''s; fine'", "single quotes, doubled")]
    [InlineData("SELECT \"a;\"\"b\" FROM t", "double-quoted name, doubled")]
    [InlineData("SELECT [a;]]b] FROM [t;]", "bracketed T-SQL name, ]] doubled")]
    [InlineData("SELECT `a;``b` FROM `t;`", "Databricks backticks, doubled")]
    [InlineData("SELECT 1 -- don't; split\n, 2", "line comment, with a quote")]
    [InlineData("SELECT 1 // it's; Snowflake's\n, 2", "Snowflake line comment")]
    [InlineData("SELECT 1 /* a /* nested; */ it's; */ , 2", "nested block comment")]
    [InlineData("SELECT E'a\\';b', N'x;y'", "prefixed literals")]
    [InlineData("SELECT 'a\\\\'';b'", "doubled backslashes, as the project's Snowflake and Redshift scripts write them")]
    [InlineData("CREATE FUNCTION f() RETURNS INT AS $$ BEGIN; RETURN ';'; END; $$ LANGUAGE plpgsql", "dollar-quoted body")]
    [InlineData("CREATE FUNCTION f() AS $body$ x; $$ still; inside $$ $body$", "tagged dollar quote, $$ inside")]
    [InlineData("CREATE FUNCTION f() AS$$ x; $$", "dollar quote right after a word")]
    public void A_semicolon_inside_a_literal_a_name_a_comment_or_a_body_does_not_split(string statement, string what)
    {
        Assert.True(Texts(statement + ";\nSELECT 2").SequenceEqual([statement, "SELECT 2"]), what);
    }

    [Fact]
    public void Positional_parameters_are_not_dollar_quotes()
    {
        Assert.Equal(["SELECT $1, $2 FROM @stage", "SELECT $3", "SELECT a$b"], Texts("SELECT $1, $2 FROM @stage; SELECT $3; SELECT a$b"));
    }

    [Fact]
    public void A_backslash_escapes_a_quote_as_Snowflake_Redshift_and_Databricks_read_it()
    {
        Assert.Equal(["SELECT 'it\\'s; fine'", "SELECT 'x;y'"], Texts("SELECT 'it\\'s; fine'; SELECT 'x;y';"));
        Assert.Equal(["SELECT \"it\\\"s; fine\"", "SELECT 2"], Texts("SELECT \"it\\\"s; fine\"; SELECT 2"));
    }

    [Fact]
    public void A_backslash_is_an_ordinary_character_when_escapes_would_leave_the_script_unterminated()
    {
        // T-SQL: reading \' as an escape would turn every later literal inside out.
        Assert.Equal(["SELECT 'C:\\temp\\'", "PRINT 'a;b'", "PRINT 'done'"], Texts("SELECT 'C:\\temp\\';\nPRINT 'a;b';\nPRINT 'done';"));
    }

    [Fact]
    public void A_name_ending_with_a_backslash_as_the_generator_quotes_it_keeps_the_script_readable()
    {
        // Names are never backslash-escaped, literals have their backslashes doubled.
        Assert.Equal(["USE WAREHOUSE \"WH\\\"", "CALL p('a\\\\''b;')", "SELECT 2"],
            Texts("USE WAREHOUSE \"WH\\\"; CALL p('a\\\\''b;'); SELECT 2"));
    }

    [Fact]
    public void An_E_literal_always_takes_backslash_escapes_and_an_N_literal_never_does()
    {
        // Plain literals read as T-SQL here, yet E'...' still escapes.
        Assert.Equal(["SELECT E'a\\';b'", "SELECT 'C:\\'", "SELECT 'x;y'"], Texts("SELECT E'a\\';b'; SELECT 'C:\\'; SELECT 'x;y'"));
        // Plain literals escape here, yet N'...' does not.
        Assert.Equal(["SELECT N'C:\\'", "SELECT 'it\\'s'", "SELECT 'x;y'"], Texts("SELECT N'C:\\'; SELECT 'it\\'s'; SELECT 'x;y'"));
    }

    // ---- Blocks ----

    [Fact]
    public void A_TSQL_conditional_block_is_one_statement()
    {
        const string block = "IF NOT EXISTS (SELECT 1 FROM sys.schemas WHERE name = N'x')\nBEGIN\n    EXEC(N'CREATE SCHEMA [x]');\n    SELECT 1;\nEND";

        IReadOnlyList<SqlStatement> statements = SqlStatementSplitter.Split($"SELECT 0;\n{block};\nSELECT 2;");

        Assert.Equal(["SELECT 0", block, "SELECT 2"], statements.Select(s => s.Text));
        Assert.Equal([1, 2, 7], statements.Select(s => s.Line));
    }

    [Fact]
    public void TRY_and_CATCH_blocks_are_one_statement()
    {
        const string block = "BEGIN TRY\n  SELECT 1/0;\nEND TRY\nBEGIN CATCH\n  SELECT ERROR_MESSAGE();\nEND CATCH";

        Assert.Equal([block, "SELECT 2"], Texts($"{block};\nSELECT 2"));
    }

    [Fact]
    public void A_SQLite_trigger_is_one_statement()
    {
        const string trigger = "CREATE TRIGGER t AFTER INSERT ON a\nBEGIN\n  UPDATE b SET n = n + 1;\n  DELETE FROM c;\nEND";

        Assert.Equal([trigger, "SELECT 2"], Texts($"{trigger};\nSELECT 2;"));
    }

    [Theory]
    [InlineData("SELECT CASE WHEN a THEN 'x;' ELSE 'y' END AS c FROM t")]
    [InlineData("IF 1 = 1 BEGIN SELECT CASE WHEN x = 1 THEN 1 ELSE 2 END; SELECT 3; END")]
    [InlineData("IF 1 = 1 BEGIN SELECT CASE x WHEN 1 THEN CASE WHEN y THEN 1 END END; END")]
    [InlineData("BEGIN\n  CASE (x) WHEN 1 THEN a := 1; ELSE a := 2; END CASE;\n  b := 3;\nEND")]
    public void CASE_END_inside_a_statement_keeps_the_blocks_balanced(string statement)
    {
        Assert.Equal([statement, "SELECT 2", "SELECT 3"], Texts($"{statement};\nSELECT 2;\nSELECT 3"));
    }

    [Fact]
    public void A_CASE_left_without_END_outside_a_block_does_not_swallow_the_script()
    {
        Assert.Equal(["SELECT CASE WHEN a THEN 1 FROM t", "SELECT 2"], Texts("SELECT CASE WHEN a THEN 1 FROM t;\nSELECT 2"));
    }

    [Theory]
    [InlineData("BEGIN")]
    [InlineData("begin")]
    [InlineData("BEGIN TRANSACTION")]
    [InlineData("BEGIN TRAN")]
    [InlineData("Begin Work")]
    [InlineData("BEGIN /* a comment */ TRANSACTION")]
    [InlineData("BEGIN ISOLATION LEVEL SERIALIZABLE")]
    [InlineData("BEGIN READ ONLY")]
    [InlineData("BEGIN DISTRIBUTED TRANSACTION")]
    [InlineData("BEGIN IMMEDIATE TRANSACTION")]
    [InlineData("BEGIN NAME my_transaction")]
    public void Starting_a_transaction_is_a_statement_not_a_block(string begin)
    {
        Assert.Equal([begin, "INSERT INTO t VALUES (1)", "COMMIT"], Texts($"{begin};\nINSERT INTO t VALUES (1);\nCOMMIT;"));
    }

    [Fact]
    public void A_transaction_start_at_the_end_of_the_script_is_a_statement()
    {
        Assert.Equal(["SELECT 1", "BEGIN"], Texts("SELECT 1; BEGIN"));
    }

    [Fact]
    public void Keywords_count_only_as_whole_words_of_code()
    {
        const string statement =
            "SELECT beginning, my_end, end_date, \"END\", [begin], `case`, t.begin, 'BEGIN', @begin /* BEGIN */ -- CASE\nFROM t";

        Assert.Equal([statement, "SELECT 2"], Texts($"{statement};\nSELECT 2"));
    }

    [Fact]
    public void Scripting_END_IF_and_END_loops_close_nothing()
    {
        const string block = "BEGIN\n  IF (x > 0) THEN\n    y := 1;\n  END IF;\n  FOR i IN 1 TO 3 DO\n    z := i;\n  END FOR;\n"
            + "  WHILE (z > 0) DO\n    z := z - 1;\n  END WHILE my_loop;\n  LOOP\n    BREAK;\n  END LOOP;\nEND";

        Assert.Equal([block, "SELECT 2"], Texts($"{block};\nSELECT 2"));
    }

    [Fact]
    public void A_TSQL_END_followed_by_a_new_IF_or_WHILE_closes_its_block()
    {
        const string batch = "IF 1 = 1\nBEGIN\n  SELECT 1;\nEND\nIF EXISTS (SELECT 1)\nBEGIN\n  SELECT 2;\nEND\nWHILE @i < 3\nBEGIN\n  SET @i = @i + 1;\nEND";

        Assert.Equal([batch, "SELECT 3"], Texts($"{batch};\nSELECT 3"));
    }

    [Fact]
    public void A_TSQL_semicolon_before_WITH_inside_a_block_does_not_end_it()
    {
        const string block = "IF 1 = 1\nBEGIN\n  ;WITH c AS (SELECT 1 AS a) SELECT a FROM c;\nEND";

        Assert.Equal([block, "SELECT 2"], Texts($"{block};\nSELECT 2"));
    }

    [Fact]
    public void PostgreSQL_BEGIN_ATOMIC_function_bodies_are_one_statement()
    {
        const string function = "CREATE FUNCTION f() RETURNS INT LANGUAGE SQL\nBEGIN ATOMIC\n  SELECT 1;\n  SELECT 2;\nEND";

        Assert.Equal([function, "SELECT 3"], Texts($"{function};\nSELECT 3"));
    }

    // ---- GO ----

    [Fact]
    public void A_GO_line_ends_a_statement_without_a_semicolon()
    {
        IReadOnlyList<SqlStatement> statements = SqlStatementSplitter.Split(
            "CREATE TABLE t (a INT)\nGO\nCREATE VIEW v AS SELECT 1 AS a\n  go  \r\nGO\n\nSELECT 2\nGo");

        Assert.Equal(["CREATE TABLE t (a INT)", "CREATE VIEW v AS SELECT 1 AS a", "SELECT 2"], statements.Select(s => s.Text));
        Assert.Equal([1, 3, 7], statements.Select(s => s.Line));
    }

    [Theory]
    [InlineData("SELECT 1 GO")]
    [InlineData("SELECT 1\nGO 2")]
    [InlineData("SELECT 1 AS\ngo_on")]
    [InlineData("SELECT '\nGO\n'")]
    [InlineData("SELECT 1 /*\nGO\n*/")]
    [InlineData("SELECT [a\nGO\n]")]
    public void GO_counts_only_alone_on_a_line_of_code(string statement)
    {
        Assert.Equal([statement, "SELECT 2"], Texts($"{statement};SELECT 2"));
    }

    [Fact]
    public void A_GO_line_closes_a_block_left_open()
    {
        Assert.Equal(["BEGIN\n  SELECT 1;", "SELECT 2", "SELECT 3"], Texts("BEGIN\n  SELECT 1;\nGO\nSELECT 2;SELECT 3"));
    }

    // ---- Robustness ----

    [Theory]
    [InlineData("SELECT 'abc; def")]
    [InlineData("SELECT 'abc\\")]
    [InlineData("SELECT \"abc; def")]
    [InlineData("SELECT [abc; def")]
    [InlineData("SELECT `abc; def")]
    [InlineData("SELECT 1 /* abc; /* def */ ghi;")]
    [InlineData("CREATE FUNCTION f() AS $$ abc; def")]
    [InlineData("CREATE FUNCTION f() AS $body$ abc; $$ def")]
    [InlineData("IF 1 = 1 BEGIN SELECT 1; SELECT 2;")]
    [InlineData("SELECT E'abc\\';")]
    public void Anything_unterminated_runs_to_the_end_of_the_script(string rest)
    {
        Assert.Equal(["SELECT 0", rest], Texts("SELECT 0;\n" + rest));
    }

    [Fact]
    public void Random_text_never_breaks_the_splitter_and_every_statement_is_a_piece_of_the_script_in_order()
    {
        string[] pieces =
        [
            "SELECT", "x", " ", "\n", "\r\n", "\r", ";", ";", "'", "''", "\"", "[", "]", "`", "\\", "--", "/*", "*/", "//", "$$", "$a$",
            "$1", "$", "BEGIN", "END", "CASE", "IF", "TRAN", "GO", "\nGO\n", "N'", "E'", "(", ")", ".", "é", "\uFEFF", "PASSWORD", "=",
        ];
        var random = new Random(20240611);
        for (int run = 0; run < 3000; run++)
        {
            var builder = new StringBuilder();
            int count = random.Next(40);
            for (int i = 0; i < count; i++) builder.Append(pieces[random.Next(pieces.Length)]);
            string script = builder.ToString();
            int lines = script.Replace("\r\n", "\n").Split('\n', '\r').Length;

            IReadOnlyList<SqlStatement> statements = SqlStatementSplitter.Split(script);

            int from = 0;
            int line = 1;
            for (int i = 0; i < statements.Count; i++)
            {
                SqlStatement statement = statements[i];
                Assert.Equal(i + 1, statement.Number);
                Assert.NotEqual(0, statement.Text.Length);
                Assert.Equal(statement.Text, statement.Text.Trim().Trim('\uFEFF'));
                int at = script.IndexOf(statement.Text, from, StringComparison.Ordinal);
                Assert.True(at >= 0, $"statement {i + 1} of {Show(script)} is not in the script after what came before");
                from = at + statement.Text.Length;
                Assert.InRange(statement.Line, line, lines);
                line = statement.Line;
            }
            string redacted = SqlRedaction.Redact(script);
            if (!script.Contains("PASSWORD", StringComparison.Ordinal)) Assert.Equal(script, redacted);
        }
    }

    [Fact]
    public void A_large_script_splits_whole()
    {
        const string chunk =
            "-- a comment; with a semicolon and an apostrophe: it's\n"
            + "CREATE TABLE \"t;1\" (a VARCHAR DEFAULT 'x;''y', b VARCHAR DEFAULT 'c:\\\\');\n"
            + "IF NOT EXISTS (SELECT 1 FROM sys.tables WHERE name = N't')\nBEGIN\n"
            + "    SELECT CASE WHEN 1 = 1 THEN 'a;' END;\n    DROP TABLE [t;]]2];\nEND;\n"
            + "CREATE FUNCTION f() RETURNS VARCHAR AS $$ BEGIN RETURN ';'; END; $$;\n"
            + "/* block; /* nested; */ */ SELECT `c;` FROM t\nGO\n";
        int repeats = 5_000_000 / chunk.Length + 1;
        var builder = new StringBuilder(repeats * chunk.Length);
        for (int i = 0; i < repeats; i++) builder.Append(chunk);

        IReadOnlyList<SqlStatement> statements = SqlStatementSplitter.Split(builder.ToString());

        Assert.Equal(4 * repeats, statements.Count);
        Assert.Equal(10 * (repeats - 1) + 3, statements[^3].Line);
        Assert.Equal("CREATE FUNCTION f() RETURNS VARCHAR AS $$ BEGIN RETURN ';'; END; $$", statements[^2].Text);
        Assert.Equal("/* block; /* nested; */ */ SELECT `c;` FROM t", statements[^1].Text);
    }

    [Theory]
    [InlineData("/*", 0)]
    [InlineData("$a$ ", 1)]
    [InlineData("'\\", 1)]
    [InlineData("BEGIN\n", 1)]
    [InlineData("END IF ", 1)]
    [InlineData("CASE END ", 1)]
    [InlineData("GO GO\n", 1)]
    [InlineData("\"\\\";", 250_000)]
    public void Pathological_scripts_of_a_million_characters_split(string piece, int expected)
    {
        string script = string.Concat(Enumerable.Repeat(piece, 1_000_000 / piece.Length));

        Assert.Equal(expected, SqlStatementSplitter.Split(script).Count);
        Assert.NotNull(SqlRedaction.Redact(script));
    }

    // ---- Redaction ----

    [Theory]
    [InlineData("CREATE USER u PASSWORD 'abc'", "CREATE USER u PASSWORD '<REDACTED>'")]
    [InlineData("create user u password 'abc' valid until 'infinity'", "create user u password '<REDACTED>' valid until 'infinity'")]
    [InlineData("ALTER USER u SET PASSWORD = 'a''b;c' MUST_CHANGE_PASSWORD = TRUE", "ALTER USER u SET PASSWORD = '<REDACTED>' MUST_CHANGE_PASSWORD = TRUE")]
    [InlineData("CREATE LOGIN [x] WITH PASSWORD = N'p@ss', CHECK_POLICY = OFF", "CREATE LOGIN [x] WITH PASSWORD = '<REDACTED>', CHECK_POLICY = OFF")]
    [InlineData("ALTER LOGIN x WITH PASSWORD = 'new' OLD_PASSWORD = 'old'", "ALTER LOGIN x WITH PASSWORD = '<REDACTED>' OLD_PASSWORD = '<REDACTED>'")]
    [InlineData("CREATE USER u IDENTIFIED BY 'pw'", "CREATE USER u IDENTIFIED BY '<REDACTED>'")]
    [InlineData("CREATE DATABASE SCOPED CREDENTIAL c WITH IDENTITY = 'me', SECRET = 'sv'", "CREATE DATABASE SCOPED CREDENTIAL c WITH IDENTITY = 'me', SECRET = '<REDACTED>'")]
    [InlineData("CREATE MASTER KEY ENCRYPTION BY PASSWORD = 'k'", "CREATE MASTER KEY ENCRYPTION BY PASSWORD = '<REDACTED>'")]
    [InlineData("COPY t FROM 's3://b/k' ACCESS_KEY_ID 'AKIA' SECRET_ACCESS_KEY 'sk' SESSION_TOKEN 'st'",
        "COPY t FROM 's3://b/k' ACCESS_KEY_ID '<REDACTED>' SECRET_ACCESS_KEY '<REDACTED>' SESSION_TOKEN '<REDACTED>'")]
    [InlineData("COPY t FROM 's3://b' CREDENTIALS 'aws_access_key_id=A;aws_secret_access_key=B' CSV",
        "COPY t FROM 's3://b' CREDENTIALS '<REDACTED>' CSV")]
    [InlineData("COPY t FROM 's3://b' CREDENTIALS AS 'aws_iam_role=arn'", "COPY t FROM 's3://b' CREDENTIALS AS '<REDACTED>'")]
    [InlineData("CREATE STAGE s URL = 's3://b' CREDENTIALS = (AWS_KEY_ID = 'k' AWS_SECRET_KEY = 's' AWS_TOKEN = 't')",
        "CREATE STAGE s URL = 's3://b' CREDENTIALS = (AWS_KEY_ID = '<REDACTED>' AWS_SECRET_KEY = '<REDACTED>' AWS_TOKEN = '<REDACTED>')")]
    [InlineData("ALTER SECURITY INTEGRATION i SET OAUTH_CLIENT_SECRET = 'cs'", "ALTER SECURITY INTEGRATION i SET OAUTH_CLIENT_SECRET = '<REDACTED>'")]
    [InlineData("CREATE CONNECTION c OPTIONS (user 'u', password 'p', token \"t\")", "CREATE CONNECTION c OPTIONS (user 'u', password '<REDACTED>', token '<REDACTED>')")]
    [InlineData("ALTER USER u SET PASSWORD = $$p'w;$$", "ALTER USER u SET PASSWORD = '<REDACTED>'")]
    [InlineData("ALTER USER u SET PASSWORD /* new */ = E'p\\'w'", "ALTER USER u SET PASSWORD /* new */ = '<REDACTED>'")]
    [InlineData("CREATE USER u PASSWORD 'p\\'w; x' NOCREATEDB", "CREATE USER u PASSWORD '<REDACTED>' NOCREATEDB")]
    [InlineData("SET @password = N'x'", "SET @password = '<REDACTED>'")]
    // The script reads as T-SQL, but Snowflake would read the secret on to the second quote: none of it shows.
    [InlineData("ALTER USER u SET PASSWORD = 'p\\'w'; SELECT 'C:\\'", "ALTER USER u SET PASSWORD = '<REDACTED>'; SELECT 'C:\\'")]
    [InlineData("CREATE USER u PASSWORD 'never closed", "CREATE USER u PASSWORD '<REDACTED>'")]
    public void The_quoted_value_of_a_secret_is_redacted(string statement, string expected)
    {
        Assert.Equal(expected, SqlRedaction.Redact(statement));
    }

    [Theory]
    [InlineData("CREATE USER u PASSWORD DISABLE")]
    [InlineData("CREATE LOGIN x WITH PASSWORD = 0x0200ABCD HASHED")]
    [InlineData("SELECT 'password' AS word, 'PASSWORD ''x''' AS phrase")]
    [InlineData("-- PASSWORD 'x'\n/* SECRET 'y' */ SELECT 1")]
    [InlineData("SELECT password, 'x' FROM t")]
    [InlineData("SELECT password_policy, tokens FROM t WHERE passwords = 'x'")]
    [InlineData("CREATE ROLE \"PASSWORD\"")]
    [InlineData("SELECT secret('scope', 'key')")]
    [InlineData("")]
    public void Everything_else_is_left_as_it_is(string statement)
    {
        Assert.Equal(statement, SqlRedaction.Redact(statement));
    }

    // ---- The emulator's scripts ----

    public static TheoryData<string, string> EmulatorScripts() => new()
    {
        { "snowflake", "create" }, { "snowflake", "cleanup" }, { "snowflake", "edit" }, { "snowflake", "delete" },
        { "databricks", "create" }, { "databricks", "edit" },
        { "redshift", "create" }, { "redshift", "cleanup" }, { "redshift", "initial-create" }, { "redshift", "edit" }, { "redshift", "delete" },
        { "synapse", "create" }, { "synapse", "cleanup" }, { "synapse", "initial-create" }, { "synapse", "post-cleanup" },
        { "synapse", "edit" }, { "synapse", "delete" },
    };

    [Theory]
    [MemberData(nameof(EmulatorScripts))]
    public async Task Every_script_of_the_emulator_splits_into_whole_statements(string example, string kind)
    {
        string script = await ScriptAsync(example, kind);

        IReadOnlyList<SqlStatement> statements = SqlStatementSplitter.Split(script);

        Assert.True(statements.Count > 1, script);
        string[] scriptLines = script.Split('\n');
        foreach (SqlStatement statement in statements)
        {
            string code = Code(statement.Text);
            Assert.NotEqual("", code);
            Assert.Matches(Verbs, code);
            Assert.StartsWith(code.Split('\n')[0].Trim(), scriptLines[statement.Line - 1].Trim(), StringComparison.Ordinal);
            Assert.True(Regex.Matches(statement.Text, @"\$\$").Count % 2 == 0, statement.Text);
            if (Regex.IsMatch(Regex.Replace(code, @"\$\$.*?\$\$", "", RegexOptions.Singleline), @"^\s*BEGIN\b", RegexOptions.Multiline))
            {
                Assert.EndsWith("END", code);
            }
        }
        Assert.Equal(statements.Select(s => s.Text), Texts(string.Join(";", statements.Select(s => s.Text))));
        string[] codes = statements.Select(s => Code(s.Text)).ToArray();
        foreach (string expected in KnownStatements(example, kind))
        {
            int gap = expected.IndexOf(Elided, StringComparison.Ordinal);
            if (gap < 0) Assert.Contains(expected, codes);
            else Assert.Contains(codes, code => code.StartsWith(expected[..gap], StringComparison.Ordinal) && code.EndsWith(expected[(gap + 1)..], StringComparison.Ordinal));
        }
    }

    // Every quote and comment opener of the four dialects, a semicolon, a dollar quote, and a closing backslash.
    private const string OddName = "x;y'z\"w]v`u$$t--s/*r\\";

    public static TheoryData<string, string, string> OddNames() => new()
    {
        { "snowflake", "create", "warehouse,database" },
        { "databricks", "create", "catalog" },
        { "redshift", "initial-create", "username,database" },
        { "synapse", "create", "schema,username" },
    };

    [Theory]
    [MemberData(nameof(OddNames))]
    public async Task Names_full_of_quotes_semicolons_and_backslashes_split_as_plain_names_do(string example, string kind, string fields)
    {
        JsonObject payload = Manual(example);
        foreach (string field in fields.Split(',')) payload["config"]![field] = OddName;
        int plain = SqlStatementSplitter.Split(await ScriptAsync(example, kind)).Count;

        string script = await ScriptAsync(example, kind, payload);

        IReadOnlyList<SqlStatement> statements = SqlStatementSplitter.Split(script);
        Assert.True(plain == statements.Count, script);
        foreach (SqlStatement statement in statements) Assert.Matches(Verbs, Code(statement.Text));
    }

    [Fact]
    public async Task The_Synapse_login_statement_shows_no_password_once_redacted()
    {
        string script = await ScriptAsync("synapse", "initial-create");
        SqlStatement login = SqlStatementSplitter.Split(script).Single(s => s.Text.Contains("CREATE LOGIN", StringComparison.Ordinal));

        string shown = SqlRedaction.Redact(login.Text);

        Assert.EndsWith("CREATE LOGIN [taylor@synapse.com] WITH PASSWORD = '<REDACTED>';\nEND", shown);
        Assert.Equal(login.Text.Replace("N'$(IMMUTA_SYSTEM_ACCOUNT_PASSWORD)'", "'<REDACTED>'", StringComparison.Ordinal), shown);
    }

    // What every statement of the generator starts with: a cut in the middle of one would leave a fragment.
    private const string Verbs = @"^(USE|CREATE|GRANT|REVOKE|ALTER|DROP|CALL|SELECT|IF|EXEC)\b";

    // In a known statement, stands for a body not repeated here: the statement starts with what comes before it and ends with what follows.
    private const string Elided = "\u2026";

    /// <summary>Statements the generator writes (<c>src/ImmutaIntegrations.Emulator/Scripts</c>), each of which must come out whole.</summary>
    private static string[] KnownStatements(string example, string kind)
    {
        const string snowflakeRole = "\"IMMUTA_SYSTEM_ACCOUNT_ROLE\"";
        const string redshiftEnsure = "CREATE OR REPLACE PROCEDURE \"public\".\"immuta_setup_ensure\"";
        return (example, kind) switch
        {
            ("snowflake", "create") =>
            [
                $"CREATE ROLE IF NOT EXISTS {snowflakeRole} COMMENT = 'Immuta system role -- managed by Immuta; do not grant it to people'",
                "CREATE DATABASE IF NOT EXISTS \"SNOWFLAKE_SAMPLE_DATA\" COMMENT = 'Immuta-managed database /* do not edit by hand */'",
                $"CALL \"SNOWFLAKE_SAMPLE_DATA\".\"IMMUTA_SYSTEM\".\"GRANT_IMMUTA_ACCESS\"('IMMUTA_SYSTEM_ACCOUNT_ROLE')",
                Procedure("CREATE OR REPLACE PROCEDURE \"SNOWFLAKE_SAMPLE_DATA\".\"IMMUTA_SYSTEM\".\"GRANT_IMMUTA_ACCESS\"(SYSTEM_ROLE VARCHAR)", "$$"),
            ],
            ("snowflake", "cleanup") => ["DROP DATABASE IF EXISTS \"SNOWFLAKE_SAMPLE_DATA\" CASCADE", $"DROP ROLE IF EXISTS {snowflakeRole}"],
            ("snowflake", "edit") =>
            [
                $"REVOKE USAGE ON WAREHOUSE \"SAMPLE_WAREHOUSE\" FROM ROLE {snowflakeRole}",
                $"GRANT OWNERSHIP ON ROLE \"IMMUTA_IMPERSONATION\" TO ROLE {snowflakeRole} COPY CURRENT GRANTS",
            ],
            ("snowflake", "delete") => ["DROP ROLE IF EXISTS \"IMMUTA_IMPERSONATION\"", $"DROP ROLE IF EXISTS {snowflakeRole}"],
            ("databricks", "create") =>
            [
                "CREATE CATALOG IF NOT EXISTS `immuta` COMMENT 'Managed by Immuta -- do not edit; see the integration settings in Immuta'",
                "CREATE SCHEMA IF NOT EXISTS `immuta`.`immuta_system` COMMENT 'Immuta row filters and column masks /* functions */'",
                "GRANT USE CATALOG ON CATALOG `system` TO `immuta_system_account`",
            ],
            ("databricks", "edit") => ["GRANT USE SCHEMA, SELECT ON SCHEMA `system`.`query` TO `immuta_system_account`"],
            ("databricks", "delete") => ["REVOKE USE SCHEMA, SELECT ON SCHEMA `system`.`access` FROM `immuta_system_account`", "DROP CATALOG IF EXISTS `immuta` CASCADE"],
            ("redshift", "create") => ["ALTER USER \"taylor@redshift.com\" SYSLOG ACCESS UNRESTRICTED"],
            ("redshift", "cleanup") => ["DROP DATABASE \"immuta\"", "DROP USER IF EXISTS \"taylor@redshift.com\""],
            ("redshift", "initial-create") =>
            [
                Procedure(redshiftEnsure, "$$ LANGUAGE plpgsql"),
                "CALL \"public\".\"immuta_setup_ensure\"('USER', 'taylor@redshift.com', TRUE)",
                "CREATE DATABASE \"immuta\" WITH OWNER \"taylor@redshift.com\"",
                "DROP PROCEDURE \"public\".\"immuta_setup_ensure\"(VARCHAR, VARCHAR, BOOLEAN)",
            ],
            ("redshift", "edit") =>
            [
                Procedure(redshiftEnsure, "$$ LANGUAGE plpgsql"),
                "GRANT ROLE \"immuta_impersonation\" TO \"taylor@redshift.com\" WITH ADMIN OPTION",
            ],
            ("redshift", "delete") =>
            [
                Procedure(redshiftEnsure, "$$ LANGUAGE plpgsql"),
                "CALL \"public\".\"immuta_setup_ensure\"('ROLE', 'immuta_impersonation', FALSE)",
                "DROP DATABASE \"immuta\"",
            ],
            ("synapse", "create") =>
            [
                "IF NOT EXISTS (SELECT 1 FROM sys.schemas WHERE name = N'sample_schema')\nBEGIN\n    EXEC(N'CREATE SCHEMA [sample_schema] AUTHORIZATION [dbo]');\nEND",
                "EXEC sp_addrolemember N'db_datareader', N'taylor@synapse.com'",
            ],
            ("synapse", "initial-create") =>
            [
                "IF NOT EXISTS (SELECT 1 FROM sys.sql_logins WHERE name = N'taylor@synapse.com')\nBEGIN\n"
                    + "    CREATE LOGIN [taylor@synapse.com] WITH PASSWORD = N'$(IMMUTA_SYSTEM_ACCOUNT_PASSWORD)';\nEND",
            ],
            ("synapse", "post-cleanup") =>
            [
                "IF EXISTS (SELECT 1 FROM sys.sql_logins WHERE name = N'taylor@synapse.com')\nBEGIN\n    DROP LOGIN [taylor@synapse.com];\nEND",
            ],
            ("synapse", "cleanup") => [SynapseDropViews],
            ("synapse", "edit") =>
            [
                "IF NOT EXISTS (SELECT 1 FROM sys.database_principals WHERE name = N'IMMUTA_IMPERSONATION' AND type = 'R')\nBEGIN\n"
                    + "    CREATE ROLE [IMMUTA_IMPERSONATION];\nEND",
            ],
            ("synapse", "delete") =>
            [
                SynapseDropViews,
                "IF EXISTS (SELECT 1 FROM sys.database_principals WHERE name = N'IMMUTA_IMPERSONATION' AND type = 'R')\nBEGIN\n"
                    + "    DROP ROLE [IMMUTA_IMPERSONATION];\nEND",
            ],
            _ => throw new ArgumentOutOfRangeException(nameof(kind), $"{example} {kind}"),
        };

        static string Procedure(string head, string tail) => head + Elided + tail;
    }

    private const string SynapseDropViews =
        "IF EXISTS (SELECT 1 FROM sys.schemas WHERE name = N'sample_schema')\nBEGIN\n"
        + "    DECLARE @drop_views NVARCHAR(MAX);\n"
        + "    SET @drop_views = (SELECT STRING_AGG(CAST(N'DROP VIEW ' + QUOTENAME(s.name) + N'.' + QUOTENAME(v.name) + N';' AS NVARCHAR(MAX)), N' ')\n"
        + "        FROM sys.views AS v JOIN sys.schemas AS s ON s.schema_id = v.schema_id\n"
        + "        WHERE s.name = N'sample_schema');\n"
        + "    IF @drop_views IS NOT NULL EXEC sp_executesql @drop_views;\n"
        + "    DROP SCHEMA [sample_schema];\nEND";

    /// <summary>A statement's text without the comments it starts with (the generator's header block and <c>--</c> lines).</summary>
    private static string Code(string text)
    {
        string[] lines = text.Split('\n');
        int first = 0;
        bool inHeader = false;
        for (; first < lines.Length; first++)
        {
            string line = lines[first].Trim();
            if (inHeader)
            {
                inHeader = !line.EndsWith("*/", StringComparison.Ordinal);
                continue;
            }
            if (line.StartsWith("/*", StringComparison.Ordinal))
            {
                inHeader = !line.EndsWith("*/", StringComparison.Ordinal);
                continue;
            }
            if (line.Length > 0 && !line.StartsWith("--", StringComparison.Ordinal)) break;
        }
        return string.Join('\n', lines[first..]);
    }

    private static string Show(string script) => "\"" + script.Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal) + "\"";

    // ---- Talking to the emulator ----

    private static JsonObject Manual(string example)
    {
        var payload = (JsonObject)JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "examples", $"create-{example}.json")))!;
        payload["autoBootstrap"] = false;
        return payload;
    }

    /// <summary>The example with settings changed that the edit script acts on.</summary>
    private static JsonObject Edited(string example)
    {
        JsonObject payload = Manual(example);
        var config = (JsonObject)payload["config"]!;
        switch (example)
        {
            case "snowflake":
                config["warehouse"] = "OTHER_WAREHOUSE";
                config["port"] = 444;
                config["impersonation"] = new JsonObject { ["enabled"] = true };
                break;
            case "databricks":
                config["port"] = 8443;
                config["audit"] = new JsonObject { ["enabled"] = true };
                break;
            default:
                config["port"] = example == "redshift" ? 5440 : 1434;
                config["impersonation"] = new JsonObject { ["enabled"] = true };
                break;
        }
        return payload;
    }

    /// <summary>
    /// A script of the emulator. Edit is of a manual integration created from the example; delete is of that
    /// integration once the edit is applied, so that it has everything to remove.
    /// </summary>
    private static async Task<string> ScriptAsync(string example, string kind, JsonObject? payload = null)
    {
        await using TestEmulator emulator = await TestEmulator.StartAsync();
        using HttpClient http = emulator.CreateClient();
        http.DefaultRequestHeaders.Add("Authorization", TestEmulator.ApiKey);
        if (kind is not ("edit" or "delete")) return await SendAsync(http, HttpMethod.Post, $"integrations/scripts/{kind}", payload ?? Manual(example));

        string id = JsonNode.Parse(await SendAsync(http, HttpMethod.Post, "integrations", Manual(example)))!["id"]!.ToString();
        if (kind == "edit") return await SendAsync(http, HttpMethod.Post, $"integrations/{id}/scripts/edit", Edited(example));
        await SendAsync(http, HttpMethod.Put, $"integrations/{id}", Edited(example));
        return await SendAsync(http, HttpMethod.Post, $"integrations/{id}/scripts/delete", null);
    }

    private static async Task<string> SendAsync(HttpClient http, HttpMethod method, string path, JsonObject? body)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null) request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        using HttpResponseMessage response = await http.SendAsync(request);
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{method} {path}: {(int)response.StatusCode} {text}");
        return text;
    }
}
