using System;
using System.Collections.Generic;
using System.Data.Common;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace ImmutaIntegrations.Core.Scripts;

/// <summary>Where a script run stands, for a progress display.</summary>
public sealed class ScriptProgress
{
    public string Script { get; set; } = string.Empty;

    public int Number { get; set; }

    public int Total { get; set; }

    /// <summary>The statement about to run, redacted and cut to one line.</summary>
    public string Statement { get; set; } = string.Empty;
}

/// <summary>
/// Runs a script's statements in order through whatever executes SQL on the platform, and stops at the
/// first failure: the statements after it are reported as not run.
/// </summary>
public static class ScriptRunner
{
    /// <param name="approve">Asked before each statement (confirmation, WhatIf); a statement it declines is not run, and the run goes on.</param>
    public static async Task<IReadOnlyList<ScriptStatementResult>> RunAsync(IReadOnlyList<ScriptStatement> statements, string script,
        Func<ScriptStatement, CancellationToken, Task<int?>> execute, Action<ScriptProgress>? progress, CancellationToken cancellationToken,
        Func<ScriptStatement, CancellationToken, Task<bool>>? approve = null)
    {
        var results = new List<ScriptStatementResult>(statements.Count);
        bool failed = false;
        foreach (ScriptStatement statement in statements)
        {
            var result = new ScriptStatementResult { Number = statement.Number, Statement = SqlRedaction.Redact(statement.Text), Script = script };
            results.Add(result);
            if (failed)
            {
                result.Status = "NotRun";
                continue;
            }
            cancellationToken.ThrowIfCancellationRequested();
            if (approve != null && !await approve(statement, cancellationToken).ConfigureAwait(false))
            {
                result.Status = "NotRun";
                continue;
            }
            progress?.Invoke(new ScriptProgress { Script = script, Number = statement.Number, Total = statements.Count, Statement = OneLine(result.Statement) });
            var clock = Stopwatch.StartNew();
            try
            {
                result.RowsAffected = await execute(statement, cancellationToken).ConfigureAwait(false);
                result.Status = "Succeeded";
            }
            catch (Exception e) when (!(e is OperationCanceledException) || !cancellationToken.IsCancellationRequested)
            {
                result.Status = "Failed";
                result.Error = Innermost(e).Message;
                failed = true;
            }
            result.Duration = clock.Elapsed;
        }
        return results;
    }

    /// <summary>
    /// Executes statements on an ADO.NET connection (opened if it is closed, and closed again at the end by
    /// the caller's <see cref="IDisposable"/>); each statement is one command.
    /// </summary>
    public static Func<ScriptStatement, CancellationToken, Task<int?>> On(DbConnection connection, TimeSpan? commandTimeout = null)
    {
        return async (statement, cancellationToken) =>
        {
            if (connection.State != System.Data.ConnectionState.Open) await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            using (DbCommand command = connection.CreateCommand())
            {
                command.CommandText = statement.Text;
                if (commandTimeout.HasValue) command.CommandTimeout = (int)Math.Ceiling(commandTimeout.Value.TotalSeconds);
                // ADO.NET's own way to stop a running statement, for providers whose async calls ignore the token.
                using (cancellationToken.Register(() => CancelQuietly(command)))
                {
                    int affected = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    return affected >= 0 ? affected : (int?)null;
                }
            }
        };
    }

    private static void CancelQuietly(DbCommand command)
    {
        try
        {
            command.Cancel();
        }
        catch (Exception)
        {
            // Cancelling is best effort: some providers cannot, or fail when the statement just ended.
        }
    }

    /// <summary>The statements of a script text, as the module runs them.</summary>
    public static ScriptStatement[] Statements(string script)
    {
        IReadOnlyList<SqlStatement> split = SqlStatementSplitter.Split(script);
        var statements = new ScriptStatement[split.Count];
        for (int i = 0; i < split.Count; i++)
        {
            statements[i] = new ScriptStatement { Number = split[i].Number, Line = split[i].Line, Text = split[i].Text };
        }
        return statements;
    }

    private static string OneLine(string text)
    {
        string line = string.Join(" ", text.Split(new[] { '\r', '\n', '\t', ' ' }, StringSplitOptions.RemoveEmptyEntries));
        return line.Length <= 100 ? line : line.Substring(0, 97) + "...";
    }

    private static Exception Innermost(Exception e)
    {
        while ((e is AggregateException || e is System.Reflection.TargetInvocationException) && e.InnerException != null) e = e.InnerException;
        return e;
    }
}
