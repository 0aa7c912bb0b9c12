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
