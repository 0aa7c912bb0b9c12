using System;
using System.Data.Common;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using ImmutaIntegrations.Core.Changes;
using ImmutaIntegrations.Core.Scripts;

namespace ImmutaIntegrations.Input;

/// <summary>What runs setup scripts on the platform, from -DbConnection (an ADO.NET connection) or -Executor (a script block).</summary>
internal static class ScriptExecutors
{
    /// <summary>The executor the parameters give, or null when neither was given.</summary>
    /// <param name="statementTimeout">-StatementTimeout: each statement's limit on -DbConnection (zero for none; null for the provider's own).</param>
    public static IStatementExecutor? From(AsyncCmdlet cmdlet, DbConnection? connection, ScriptBlock? executor, TimeSpan? statementTimeout)
    {
        if (connection != null) return StatementExecutor.On(connection, statementTimeout);
        if (statementTimeout.HasValue)
        {
            throw new ImmutaRefusedException(
                "-StatementTimeout is the time limit of each statement run on -DbConnection; a script block given to -Executor sets its own.",
                ImmutaErrorId.InvalidArgument);
        }
        return executor is null ? null : new ScriptBlockExecutor(cmdlet, executor);
    }

    /// <summary>The executor the parameters give, or the error that says how to give one.</summary>
    public static IStatementExecutor Require(AsyncCmdlet cmdlet, DbConnection? connection, ScriptBlock? executor, TimeSpan? statementTimeout) =>
        From(cmdlet, connection, executor, statementTimeout) ?? throw ChangeRules.NoExecutor();

    /// <summary>
    /// A user's script block, run once per statement with the statement's text first and the statement second. A
    /// script block belongs to its runspace: it runs on the pipeline thread. An int it returns is the rows affected.
    /// </summary>
    private sealed class ScriptBlockExecutor : IStatementExecutor
    {
        private readonly AsyncCmdlet _cmdlet;
        private readonly ScriptBlock _executor;

        public ScriptBlockExecutor(AsyncCmdlet cmdlet, ScriptBlock executor)
        {
            _cmdlet = cmdlet;
            _executor = executor;
        }

        public Task<int?> ExecuteAsync(ScriptStatement statement, CancellationToken cancellationToken) =>
            _cmdlet.Output.OnPipelineThreadAsync(() =>
            {
                var output = _executor.Invoke(statement.Text, statement);
                return output.Count == 1 && output[0]?.BaseObject is int rows ? rows : (int?)null;
            }, cancellationToken);
    }
}
