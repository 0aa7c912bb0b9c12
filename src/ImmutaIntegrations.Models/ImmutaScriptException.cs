using System;

namespace ImmutaIntegrations;

/// <summary>
/// A statement of a setup script failed on the data platform; the statements after it were not run.
/// The message names the statement's number, shows its (redacted) text and the platform's error.
/// </summary>
public class ImmutaScriptException : Exception
{
    /// <summary>A script run that stopped at a failed statement.</summary>
    /// <param name="message">Names the failed statement's number, its redacted text and the platform's error.</param>
    /// <param name="results">What each statement of the run did: succeeded, failed, or not run.</param>
    /// <param name="innerException">The platform's own exception, when there is one.</param>
    public ImmutaScriptException(string message, ScriptStatementResult[] results, Exception? innerException = null)
        : this(message, results, ImmutaErrorId.ScriptStatementFailed, innerException)
    {
    }

    /// <summary>A script run that stopped at a statement, for the reason the error id names.</summary>
    /// <param name="message">Names the statement's number, its redacted text and the platform's error.</param>
    /// <param name="results">What each statement of the run did.</param>
    /// <param name="innerException">The platform's own exception, when there is one.</param>
    /// <param name="errorId"><see cref="ImmutaErrorId.ScriptStatementFailed"/> or <see cref="ImmutaErrorId.ScriptConnectionLost"/>.</param>
    public ImmutaScriptException(string message, ScriptStatementResult[] results, string errorId, Exception? innerException = null)
        : base(message, innerException)
    {
        Results = results;
        ErrorId = errorId;
    }

    /// <summary>What each statement did, the failed one included.</summary>
    public ScriptStatementResult[] Results { get; }

    /// <summary>
    /// <see cref="ImmutaErrorId.ScriptStatementFailed"/>, or <see cref="ImmutaErrorId.ScriptConnectionLost"/> when the connection to
    /// the platform was lost during the statement; here so a script can read the id as on the module's other exceptions.
    /// </summary>
    public string ErrorId { get; }
}
