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
    public async Task Statements_run_in_order_on_a_DbConnection_opened_as_needed()
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        ScriptStatement[] statements = ScriptRunner.Statements(Script);

        IReadOnlyList<ScriptStatementResult> results = await ScriptRunner.RunAsync(statements, "test", StatementExecutor.On(connection), null, CancellationToken.None);

        Assert.Equal(5, statements.Length);
        Assert.All(results, r => Assert.Equal("Succeeded", r.Status));
        Assert.Equal(1, results[3].RowsAffected);
        using SqliteCommand query = connection.CreateCommand();
        query.CommandText = "SELECT group_concat(note, '|') FROM audit";
        Assert.Equal("inserted; one; two|inserted; it's -- not a comment", query.ExecuteScalar());
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
