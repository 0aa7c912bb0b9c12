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
        if (!(executor is SharedStatementExecutor shared))
        {
            return await RunAllAsync(statements, script, executor, progress, cancellationToken, approve).ConfigureAwait(false);
        }
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
        try
        {
            await RunEachAsync(statements, script, executor, progress, cancellationToken, approve, results).ConfigureAwait(false);
        }
        finally
        {
            (executor as IScriptScope)?.EndScript();
        }
        return results;
    }

    private static async Task RunEachAsync(IReadOnlyList<ScriptStatement> statements, string script, IStatementExecutor executor,
        Action<ScriptProgress>? progress, CancellationToken cancellationToken, Func<ScriptStatement, CancellationToken, Task<bool>>? approve,
        List<ScriptStatementResult> results)
    {
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
            catch (Exception e) when (cancellationToken.IsCancellationRequested)
            {
                // Ctrl+C: whatever the provider threw as its command was cancelled, the run stopped here.
                result.Status = "Stopped";
                result.Duration = clock.Elapsed;
                throw new ImmutaScriptStoppedException(Stopped(result, statements.Count), e, cancellationToken);
            }
            catch (Exception e)
            {
                result.Status = "Failed";
                result.Error = Innermost(e).Message;
                result.ConnectionLost = e is PlatformConnectionLostException;
                failed = true;
            }
            result.Duration = clock.Elapsed;
        }
    }

    private static string Stopped(ScriptStatementResult stopped, int total)
    {
        string script = stopped.Script.Length > 0 ? $" of the {stopped.Script} script" : string.Empty;
        string before = CompletedBefore(stopped.Number);
        return $"Stopped during statement {stopped.Number} of {total}{script}, which was cancelled on the platform: {OneLine(stopped.Statement)}. "
            + $"{before}; the {total - stopped.Number} after it were not run.";
    }

    /// <summary>
    /// Fails with the statement that failed, if one did: its number, its redacted text, what was not run after it,
    /// and the platform's own message.
    /// </summary>
    public static void ThrowIfFailed(IReadOnlyList<ScriptStatementResult> results)
    {
        ScriptStatementResult? failed = results.FirstOrDefault(r => r.Status == "Failed");
        if (failed is null) return;
        if (failed.ConnectionLost)
        {
            string which = failed.Script.Length > 0 ? $"the {failed.Script} script" : "the script";
            string before = CompletedBefore(failed.Number);
            throw new ImmutaScriptException(
                $"The connection to the platform was lost during statement {failed.Number} of {results.Count} of {which}, so whether it took "
                + $"effect is not known. {before}; the {results.Count - failed.Number} after it were not run. "
                + $"Statement {failed.Number}: {failed.Statement}{Environment.NewLine}The platform said: {failed.Error}{Environment.NewLine}"
                + $"Once the platform can be reached again, look at what statement {failed.Number} did and run {which} again.",
                results.ToArray(), ImmutaErrorId.ScriptConnectionLost);
        }
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

    private static string CompletedBefore(int number) => number switch
    {
        1 => "No statement had completed",
        2 => "Statement 1 had completed",
        _ => $"Statements 1 to {number - 1} had completed",
    };

    // A statement on one line, cut to 100 characters, without the comment lines before it (a script's header comes
    // with its first statement), so that what is shown is the statement itself.
    private static string OneLine(string text)
    {
        string[] lines = text.Split('\n');
        int first = 0;
        while (first < lines.Length - 1 && (lines[first].Trim().Length == 0 || lines[first].TrimStart().StartsWith("--", StringComparison.Ordinal)))
        {
            first++;
        }
        text = string.Join("\n", lines, first, lines.Length - first);
        string line = string.Join(" ", text.Split(new[] { '\r', '\n', '\t', ' ' }, StringSplitOptions.RemoveEmptyEntries));
        return line.Length <= 100 ? line : line.Substring(0, 97) + "...";
    }

    private static Exception Innermost(Exception e)
    {
        while ((e is AggregateException || e is System.Reflection.TargetInvocationException) && e.InnerException != null) e = e.InnerException;
        return e;
    }
}

/// <summary>
/// A script run stopped by the user (Ctrl+C): the message says which statement was stopped (cancelled on the platform)
/// and which had completed before it.
/// </summary>
public sealed class ImmutaScriptStoppedException : OperationCanceledException
{
    public ImmutaScriptStoppedException(string message, Exception innerException, CancellationToken token)
        : base(message, innerException, token)
    {
    }
}
