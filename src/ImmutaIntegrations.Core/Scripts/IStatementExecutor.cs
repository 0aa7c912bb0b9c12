using System;
using System.Data.Common;
using System.Threading;
using System.Threading.Tasks;

namespace ImmutaIntegrations.Core.Scripts;

/// <summary>
/// What runs one statement of a setup script on the data platform: an ADO.NET connection, a user's script
/// block, or a test's recorder. Returns the rows affected when the platform says.
/// </summary>
public interface IStatementExecutor
{
    Task<int?> ExecuteAsync(ScriptStatement statement, CancellationToken cancellationToken);
}

/// <summary>The executors the engine provides.</summary>
public static class StatementExecutor
{
    /// <summary>Runs each statement as one command on an ADO.NET connection (opened first if it is closed).</summary>
    public static IStatementExecutor On(DbConnection connection, TimeSpan? commandTimeout = null) => new DbStatementExecutor(connection, commandTimeout);

    /// <summary>
    /// An executor for changes made at once: at most <paramref name="scriptsAtOnce"/> scripts run on it at a time, each
    /// whole (an ADO.NET connection is not safe to share between threads, and a script's session settings are its own).
    /// </summary>
    public static IStatementExecutor Shared(IStatementExecutor inner, int scriptsAtOnce) =>
        inner is SharedStatementExecutor ? inner : new SharedStatementExecutor(inner, scriptsAtOnce);

    /// <summary>Runs each statement through a function.</summary>
    public static IStatementExecutor From(Func<ScriptStatement, CancellationToken, Task<int?>> execute) => new FunctionExecutor(execute);

    private sealed class FunctionExecutor : IStatementExecutor
    {
        private readonly Func<ScriptStatement, CancellationToken, Task<int?>> _execute;

        public FunctionExecutor(Func<ScriptStatement, CancellationToken, Task<int?>> execute) =>
            _execute = execute ?? throw new ArgumentNullException(nameof(execute));

        public Task<int?> ExecuteAsync(ScriptStatement statement, CancellationToken cancellationToken) => _execute(statement, cancellationToken);
    }
}

/// <summary>An executor whose scripts take turns (<see cref="StatementExecutor.Shared"/>); <see cref="ScriptRunner"/> takes the turns.</summary>
internal sealed class SharedStatementExecutor : IStatementExecutor
{
    public SharedStatementExecutor(IStatementExecutor inner, int scriptsAtOnce)
    {
        Inner = inner ?? throw new ArgumentNullException(nameof(inner));
        Turns = new SemaphoreSlim(Math.Max(1, scriptsAtOnce));
    }

    public IStatementExecutor Inner { get; }

    public SemaphoreSlim Turns { get; }

    public Task<int?> ExecuteAsync(ScriptStatement statement, CancellationToken cancellationToken) => Inner.ExecuteAsync(statement, cancellationToken);
}
