using System;
using System.Data;
using System.Data.Common;
using System.Threading;
using System.Threading.Tasks;

namespace ImmutaIntegrations.Core.Scripts;

/// <summary>
/// Runs statements on the user's ADO.NET connection (Snowflake's connector, SqlClient, Npgsql, ...): each statement
/// one command, opened first if the connection is closed. Ctrl+C cancels the running command through the provider's
/// own <see cref="DbCommand.Cancel"/> as well as the token, for providers whose async calls ignore the token.
/// </summary>
internal sealed class DbStatementExecutor : IStatementExecutor
{
    private readonly DbConnection _connection;
    private readonly TimeSpan? _commandTimeout;

    public DbStatementExecutor(DbConnection connection, TimeSpan? commandTimeout)
    {
        _connection = connection ?? throw new ArgumentNullException(nameof(connection));
        _commandTimeout = commandTimeout;
    }

    public async Task<int?> ExecuteAsync(ScriptStatement statement, CancellationToken cancellationToken)
    {
        if (_connection.State != ConnectionState.Open) await _connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        using (DbCommand command = _connection.CreateCommand())
        {
            command.CommandText = statement.Text;
            if (_commandTimeout.HasValue) command.CommandTimeout = (int)Math.Ceiling(_commandTimeout.Value.TotalSeconds);
            using (cancellationToken.Register(() => CancelQuietly(command)))
            {
                int affected = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                return affected >= 0 ? affected : (int?)null;
            }
        }
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
}
