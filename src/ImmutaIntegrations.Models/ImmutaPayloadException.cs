using System;

namespace ImmutaIntegrations;

/// <summary>
/// A payload could not be read or is not valid; nothing was sent. The message names the file, line and
/// field where they are known.
/// </summary>
public class ImmutaPayloadException : Exception
{
    /// <summary>A payload that cannot be read or used.</summary>
    /// <param name="message">What is wrong, naming the file, line and field where they are known.</param>
    /// <param name="errorId">One of the <see cref="ImmutaErrorId"/> constants.</param>
    /// <param name="file">The payload file's full path, when it came from one.</param>
    /// <param name="line">The 1-based line in <paramref name="file"/>, when known.</param>
    /// <param name="column">The 1-based column in <paramref name="file"/>, when known.</param>
    /// <param name="problems">The validation's problems; null for none.</param>
    /// <param name="innerException">The parser's or reader's own exception, when there is one.</param>
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

    /// <summary>
    /// The full path of the payload file it concerns; null when the payload did not come from a file (a hashtable, an
    /// <see cref="IntegrationPayload"/>), for an unset <c>${env:NAME}</c> variable, and for an error about several files.
    /// </summary>
    public string? File { get; }

    /// <summary>
    /// The 1-based line in <see cref="File"/> where the problem is (for an invalid payload, its first error's); null when
    /// not known.
    /// </summary>
    public int? Line { get; }

    /// <summary>The 1-based column on <see cref="Line"/>; null when not known.</summary>
    public int? Column { get; }

    /// <summary>Every problem found, when the payload was read but failed validation.</summary>
    public PayloadProblem[] Problems { get; }
}
