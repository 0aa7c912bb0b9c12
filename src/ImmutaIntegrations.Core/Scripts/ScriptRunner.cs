using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
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
    /// <remarks>
    /// On an executor shared by changes made at once (<see cref="StatementExecutor.Shared"/>), a script waits for its turn
    /// and runs whole: scripts set their session up (a role, a warehouse), so two never mix on one connection.
    /// </remarks>
    public static async Task<IReadOnlyList<ScriptStatementResult>> RunAsync(IReadOnlyList<ScriptStatement> statements, string script,
        IStatementExecutor executor, Action<ScriptProgress>? progress, CancellationToken cancellationToken,
        Func<ScriptStatement, CancellationToken, Task<bool>>? approve = null)
    {
        if (!(executor is SharedStatementExecutor shared)) return await RunAllAsync(statements, script, executor, progress, cancellationToken, approve).ConfigureAwait(false);
        await shared.Turns.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await RunAllAsync(statements, script, shared.Inner, progress, cancellationToken, approve).ConfigureAwait(false);
        }
        finally
        {
            shared.Turns.Release();
        }
    }

    private static async Task<IReadOnlyList<ScriptStatementResult>> RunAllAsync(IReadOnlyList<ScriptStatement> statements, string script,
        IStatementExecutor executor, Action<ScriptProgress>? progress, CancellationToken cancellationToken,
        Func<ScriptStatement, CancellationToken, Task<bool>>? approve)
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
            progress?.Invoke(new ScriptProgress
            {
                Script = script,
                Number = statement.Number,
                Total = statements.Count,
                Statement = OneLine(result.Statement),
            });
            var clock = Stopwatch.StartNew();
            try
            {
                result.RowsAffected = await executor.ExecuteAsync(statement, cancellationToken).ConfigureAwait(false);
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
    /// Fails with the statement that failed, if one did: its number, its redacted text, what was not run after it,
    /// and the platform's own message.
    /// </summary>
    public static void ThrowIfFailed(IReadOnlyList<ScriptStatementResult> results)
    {
        ScriptStatementResult? failed = results.FirstOrDefault(r => r.Status == "Failed");
        if (failed is null) return;
        string script = failed.Script.Length > 0 ? $"The {failed.Script} script failed" : "The script failed";
        throw new ImmutaScriptException(
            $"{script} at statement {failed.Number} of {results.Count}; the {results.Count - failed.Number} after it were not run. "
            + $"Statement {failed.Number}: {failed.Statement}{Environment.NewLine}The platform said: {failed.Error}",
            results.ToArray());
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
