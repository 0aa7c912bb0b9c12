using System;

namespace ImmutaIntegrations;

/// <summary>
/// A payload could not be read or is not valid; nothing was sent. The message names the file, line and
/// field where they are known.
/// </summary>
public class ImmutaPayloadException : Exception
{
    public ImmutaPayloadException(string message, string errorId, string? file = null, int? line = null, int? column = null,
        PayloadProblem[]? problems = null, Exception? innerException = null)
        : base(message, innerException)
    {
        ErrorId = errorId;
        File = file;
        Line = line;
        Column = column;
        Problems = problems ?? Array.Empty<PayloadProblem>();
    }

    /// <summary><c>PayloadFileInvalid</c>, <c>PayloadInvalid</c>, <c>SecretReferenceMissing</c>, ...; see <see cref="ImmutaErrorId"/>.</summary>
    public string ErrorId { get; }

    public string? File { get; }

    public int? Line { get; }

    public int? Column { get; }

    /// <summary>Every problem found, when the payload was read but failed validation.</summary>
    public PayloadProblem[] Problems { get; }
}
