using System;
using System.Linq;

namespace ImmutaIntegrations;

/// <summary>The outcome of checking one payload offline: every problem found, at once.</summary>
public sealed class PayloadValidationResult
{
    /// <summary>Where the payload came from: a file (and its position in a list), or the input object.</summary>
    public string Source { get; set; } = string.Empty;

    /// <summary>The API's type name when it could be told, else what the payload said.</summary>
    public string Type { get; set; } = string.Empty;

    /// <summary>True when there are no errors (warnings do not count).</summary>
    public bool IsValid => !Problems.Any(p => p.Severity == PayloadProblemSeverity.Error);

    /// <summary>Every problem found, errors and warnings, in the order found; empty for a payload with neither.</summary>
    public PayloadProblem[] Problems { get; set; } = Array.Empty<PayloadProblem>();

    /// <summary>The problems that make the payload invalid (<see cref="PayloadProblemSeverity.Error"/>); a new array on each read.</summary>
    public PayloadProblem[] Errors => Problems.Where(p => p.Severity == PayloadProblemSeverity.Error).ToArray();

    /// <summary>
    /// The problems worth knowing that do not stop the payload from being sent (<see cref="PayloadProblemSeverity.Warning"/>);
    /// a new array on each read.
    /// </summary>
    public PayloadProblem[] Warnings => Problems.Where(p => p.Severity == PayloadProblemSeverity.Warning).ToArray();

    /// <summary>
    /// The source and the verdict: <c>&lt;source&gt;: valid</c> (warnings or not), or <c>&lt;source&gt;: 2 problem(s)</c>
    /// counting the errors only.
    /// </summary>
    public override string ToString() => IsValid ? $"{Source}: valid" : $"{Source}: {Errors.Length} problem(s)";
}

/// <summary>How much a <see cref="PayloadProblem"/> matters.</summary>
public enum PayloadProblemSeverity
{
    /// <summary>The payload is not valid: it is not sent, and a command that would send it fails with <c>PayloadInvalid</c>.</summary>
    Error = 0,

    /// <summary>
    /// The payload is valid and is sent as it is, but something looks unintended: for example a field the type does not have,
    /// a field unused with the chosen authentication, or a secret written in plain text.
    /// </summary>
    Warning = 1,
}

/// <summary>One thing wrong with a payload: where, what was expected, what was found.</summary>
public sealed class PayloadProblem
{
    /// <summary>The field's path, e.g. <c>config.warehouse</c>; empty for the payload as a whole.</summary>
    public string Path { get; set; } = string.Empty;

    /// <summary>What the field should hold, in words (e.g. <c>an integer</c>, <c>true or false (required)</c>); empty for a warning.</summary>
    public string Expected { get; set; } = string.Empty;

    /// <summary>What was there; a secret's value is never repeated here.</summary>
    public string Found { get; set; } = string.Empty;

    /// <summary>Error (the payload is not valid) or Warning (it is sent all the same).</summary>
    public PayloadProblemSeverity Severity { get; set; }

    /// <summary>
    /// For a reference to a secret that could not be resolved, why (<c>SecretReferenceMissing</c>, <c>SecretFileUnreadable</c>,
    /// <c>SecretNotFound</c>, ...; see <see cref="ImmutaErrorId"/>); null for any other problem.
    /// </summary>
    public string? ErrorId { get; set; }

    /// <summary>The file, when the payload came from one.</summary>
    public string? File { get; set; }

    /// <summary>1-based line and column in <see cref="File"/>, when known.</summary>
    public int? Line { get; set; }

    /// <summary>The 1-based column on <see cref="Line"/>; null when not known.</summary>
    public int? Column { get; set; }

    /// <summary>A sentence saying it all, e.g. <c>config.port: expected an integer, found '443' (a string).</c></summary>
    public string Message { get; set; } = string.Empty;

    /// <summary>
    /// The <see cref="Message"/>, after <c>file:line:column: </c> (or <c>file: </c> when the line is not known) for a payload
    /// from a file, as compilers write their messages.
    /// </summary>
    public override string ToString()
    {
        string where = File is null ? string.Empty : Line is int line ? $"{File}:{line}:{Column ?? 1}: " : $"{File}: ";
        return where + Message;
    }
}
