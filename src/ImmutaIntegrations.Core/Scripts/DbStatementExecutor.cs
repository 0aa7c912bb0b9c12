using System;
using System.Data;
using System.Data.Common;
using System.Threading;
using System.Threading.Tasks;

namespace ImmutaIntegrations.Core.Scripts;

/// <summary>
/// Runs statements on the user's ADO.NET connection (Snowflake's connector, SqlClient, Npgsql, ...): each statement
/// one command. A closed connection is opened for a script and closed again when the script ends; an open one is left
/// open. Ctrl+C cancels the running command through the provider's own <see cref="DbCommand.Cancel"/> as well as the
/// token, for providers whose async calls ignore the token, so the statement stops on the server too.
/// </summary>
internal sealed class DbStatementExecutor : IStatementExecutor, IScriptScope
{
    private readonly DbConnection _connection;
    private readonly TimeSpan? _commandTimeout;
    private bool _openedHere;

    /// <param name="commandTimeout">Each statement's time limit (<see cref="DbCommand.CommandTimeout"/>); zero for none, null for the provider's own.</param>
    public DbStatementExecutor(DbConnection connection, TimeSpan? commandTimeout)
    {
        _connection = connection ?? throw new ArgumentNullException(nameof(connection));
        _commandTimeout = commandTimeout;
    }

    public async Task<int?> ExecuteAsync(ScriptStatement statement, CancellationToken cancellationToken)
    {
        if (_connection.State != ConnectionState.Open)
        {
            // A connection the module opened is the module's to close (EndScript); a broken one is closed first.
            if (_connection.State != ConnectionState.Closed) _connection.Close();
            await _connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            _openedHere = true;
        }
        using (DbCommand command = _connection.CreateCommand())
        {
            command.CommandText = statement.Text;
            if (_commandTimeout.HasValue) command.CommandTimeout = (int)Math.Ceiling(_commandTimeout.Value.TotalSeconds);
            using (cancellationToken.Register(() => CancelQuietly(command)))
            {
                try
                {
                    int affected = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    return affected >= 0 ? affected : (int?)null;
                }
                catch (Exception e) when (!cancellationToken.IsCancellationRequested && IsTimeout(e))
                {
                    throw new TimeoutException(
                        $"The statement did not end within {command.CommandTimeout} s (the statement timeout) and was cancelled: {e.Message}", e);
                }
                catch (Exception e) when (!cancellationToken.IsCancellationRequested && _connection.State != ConnectionState.Open)
                {
                    throw new PlatformConnectionLostException($"The connection to the platform was lost: {e.Message}", e);
                }
            }
        }
    }

    public void EndScript()
    {
        if (!_openedHere) return;
        _openedHere = false;
        _connection.Close();
    }

    private static bool IsTimeout(Exception e)
    {
        for (Exception? inner = e; inner != null; inner = inner.InnerException)
        {
            if (inner is TimeoutException) return true;
        }
        return false;
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

/// <summary>An executor that holds something for the length of one script (a connection it opened): released when the script ends.</summary>
internal interface IScriptScope
{
    void EndScript();
}

/// <summary>The platform's connection went away while a statement ran (the server stopped, the session was terminated).</summary>
public sealed class PlatformConnectionLostException : Exception
{
    public PlatformConnectionLostException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
