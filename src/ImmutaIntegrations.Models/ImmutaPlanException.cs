using System;

namespace ImmutaIntegrations;

/// <summary>
/// A saved plan cannot be applied as it is: the file is not a plan or was changed since it was written, it is in a format
/// this version cannot read, it was made for another tenant, or the tenant moved on since it was made (stale). Nothing was
/// changed. Catch it in scripts as <c>[ImmutaIntegrations.ImmutaPlanException]</c>.
/// </summary>
public class ImmutaPlanException : Exception
{
    /// <summary>A saved plan refused before anything was changed.</summary>
    /// <param name="message">What is wrong and what to do, naming the file and, for a stale item, the integration and what moved.</param>
    /// <param name="errorId"><c>PlanFileInvalid</c>, <c>PlanFormatUnsupported</c>, <c>PlanTenantMismatch</c> or <c>PlanStale</c>.</param>
    /// <param name="file">The plan file's full path.</param>
    /// <param name="innerException">The reader's own exception, when there is one.</param>
    public ImmutaPlanException(string message, string errorId, string? file = null, Exception? innerException = null)
        : base(message, innerException)
    {
        ErrorId = errorId;
        File = file;
    }

    /// <summary>One of the <see cref="ImmutaErrorId"/> constants for saved plans.</summary>
    public string ErrorId { get; }

    /// <summary>The plan file's full path, when the error is about one.</summary>
    public string? File { get; }
}
