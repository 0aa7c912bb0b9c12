using System;

namespace ImmutaIntegrations;

/// <summary>
/// A statement of a setup script failed on the data platform; the statements after it were not run.
/// The message names the statement's number, shows its (redacted) text and the platform's error.
/// </summary>
public class ImmutaScriptException : Exception
{
    public ImmutaScriptException(string message, ScriptStatementResult[] results, Exception? innerException = null)
        : base(message, innerException)
    {
        Results = results;
    }

    /// <summary>What each statement did, the failed one included.</summary>
    public ScriptStatementResult[] Results { get; }

    public string ErrorId => ImmutaErrorId.ScriptStatementFailed;
}
