using ImmutaIntegrations.Core.Scripts;
using Microsoft.Data.Sqlite;

namespace ImmutaIntegrations.Core.Tests;

/// <summary>The script runner through a real ADO.NET provider (SQLite) and through a delegate.</summary>
public sealed class ScriptRunnerTests
{
    private const string Script = """
        -- a table, a trigger with a BEGIN ... END body, and rows with semicolons in their text
        CREATE TABLE ran (id INTEGER PRIMARY KEY, note TEXT);
        CREATE TABLE audit (note TEXT);
        CREATE TRIGGER ran_audit AFTER INSERT ON ran
        BEGIN
          INSERT INTO audit (note) VALUES ('inserted; ' || new.note);
        END;
        INSERT INTO ran (note) VALUES ('one; two');
        INSERT INTO ran (note) VALUES ('it''s -- not a comment');
        """;

    [Fact]
    public async Task Statements_run_in_order_on_a_closed_DbConnection_opened_for_the_script_and_closed_after_it()
    {
        string file = Path.Combine(Path.GetTempPath(), $"runner-{Guid.NewGuid():N}.db");
        try
        {
            using var connection = new SqliteConnection($"Data Source={file};Pooling=False");
            ScriptStatement[] statements = ScriptRunner.Statements(Script);

            IReadOnlyList<ScriptStatementResult> results =
                await ScriptRunner.RunAsync(statements, "test", StatementExecutor.On(connection), null, CancellationToken.None);

            Assert.Equal(5, statements.Length);
            Assert.All(results, r => Assert.Equal("Succeeded", r.Status));
            Assert.Equal(1, results[3].RowsAffected);
            Assert.Equal(System.Data.ConnectionState.Closed, connection.State);
            connection.Open();
            using SqliteCommand query = connection.CreateCommand();
            query.CommandText = "SELECT group_concat(note, '|') FROM audit";
            Assert.Equal("inserted; one; two|inserted; it's -- not a comment", query.ExecuteScalar());
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task An_open_DbConnection_is_left_open_also_when_a_statement_fails()
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();

        IReadOnlyList<ScriptStatementResult> results = await ScriptRunner.RunAsync(ScriptRunner.Statements("CREATE TABLE a (x);\nSELECT * FROM missing;"),
            "test", StatementExecutor.On(connection), null, CancellationToken.None);

        Assert.Equal(["Succeeded", "Failed"], results.Select(r => r.Status));
        Assert.Equal(System.Data.ConnectionState.Open, connection.State);
        using SqliteCommand query = connection.CreateCommand();
        query.CommandText = "SELECT count(*) FROM a";
        Assert.Equal(0L, query.ExecuteScalar());
    }

    [Fact]
    public async Task A_lost_connection_fails_with_its_own_id_saying_what_completed_and_that_the_script_can_be_run_again()
    {
        ScriptStatement[] statements = ScriptRunner.Statements("SELECT 1; SELECT 'secret-Lk2' AS password; SELECT 3;");
        IStatementExecutor executor = StatementExecutor.From((statement, _) => statement.Number == 2
            ? throw new PlatformConnectionLostException("The connection to the platform was lost: terminating connection", new IOException("reset"))
            : Task.FromResult<int?>(1));

        IReadOnlyList<ScriptStatementResult> results = await ScriptRunner.RunAsync(statements, "Create", executor, null, CancellationToken.None);
        var error = Assert.Throws<ImmutaScriptException>(() => ScriptRunner.ThrowIfFailed(results));

        Assert.Equal(["Succeeded", "Failed", "NotRun"], results.Select(r => r.Status));
        Assert.True(results[1].ConnectionLost);
        Assert.Equal(ImmutaErrorId.ScriptConnectionLost, error.ErrorId);
        Assert.StartsWith("The connection to the platform was lost during statement 2 of 3 of the Create script, so whether it took effect is not known. "
            + "Statement 1 had completed; the 1 after it were not run.", error.Message);
        Assert.Contains("The platform said: The connection to the platform was lost: terminating connection", error.Message);
        Assert.Contains("run the Create script again", error.Message);
        Assert.Equal(ImmutaErrorId.ScriptStatementFailed, Assert.Throws<ImmutaScriptException>(() => ScriptRunner.ThrowIfFailed(
            [new ScriptStatementResult { Number = 1, Status = "Failed", Error = "no" }])).ErrorId);
    }

    [Fact]
    public async Task A_stop_marks_the_statement_stopped_and_says_which_had_completed()
    {
        using var stop = new CancellationTokenSource();
        ScriptStatement[] statements = ScriptRunner.Statements("SELECT 1; SELECT 2;\n-- a comment before the statement\n--\nSELECT 3; SELECT 4;");
        IStatementExecutor executor = StatementExecutor.From(async (statement, token) =>
        {
            if (statement.Number < 3) return 1;
            stop.Cancel();
            // As a provider does when its command is cancelled: its own exception, not an OperationCanceledException.
            await Task.Yield();
            throw new InvalidOperationException("canceling statement due to user request");
        });

        var stopped = await Assert.ThrowsAsync<ImmutaScriptStoppedException>(() => ScriptRunner.RunAsync(statements, "Edit", executor, null, stop.Token));

        Assert.Equal("Stopped during statement 3 of 4 of the Edit script, which was cancelled on the platform: SELECT 3. "
            + "Statements 1 to 2 had completed; the 1 after it were not run.", stopped.Message);
        Assert.Equal(stop.Token, stopped.CancellationToken);
    }

    [Fact]
    public async Task The_first_failure_stops_the_run_and_names_the_platform_error()
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        ScriptStatement[] statements = ScriptRunner.Statements("CREATE TABLE a (x);\nCREATE TABLE a (x);\nCREATE TABLE b (x);");

        IReadOnlyList<ScriptStatementResult> results = await ScriptRunner.RunAsync(statements, "test", StatementExecutor.On(connection), null, CancellationToken.None);

        Assert.Equal(["Succeeded", "Failed", "NotRun"], results.Select(r => r.Status));
        Assert.Contains("already exists", results[1].Error);
    }

    [Fact]
    public async Task Declined_statements_are_not_run_and_the_rest_go_on()
    {
        var ran = new List<int>();
        ScriptStatement[] statements = ScriptRunner.Statements("SELECT 1; SELECT 2; SELECT 3;");

        IReadOnlyList<ScriptStatementResult> results = await ScriptRunner.RunAsync(statements, "test",
            StatementExecutor.From((statement, _) => { ran.Add(statement.Number); return Task.FromResult<int?>(null); }), null, CancellationToken.None,
            (statement, _) => Task.FromResult(statement.Number != 2));

        Assert.Equal([1, 3], ran);
        Assert.Equal(["Succeeded", "NotRun", "Succeeded"], results.Select(r => r.Status));
    }

    [Fact]
    public async Task Results_and_progress_show_statements_redacted()
    {
        var progress = new List<ScriptProgress>();
        ScriptStatement[] statements = ScriptRunner.Statements("CREATE USER u PASSWORD = 'Sup3rS3cret';");

        IReadOnlyList<ScriptStatementResult> results = await ScriptRunner.RunAsync(statements, "test",
            StatementExecutor.From((_, _) => Task.FromResult<int?>(0)), progress.Add, CancellationToken.None);

        Assert.DoesNotContain("Sup3rS3cret", results[0].Statement);
        Assert.DoesNotContain("Sup3rS3cret", progress[0].Statement);
        Assert.Contains("<REDACTED>", results[0].Statement);
    }
}
