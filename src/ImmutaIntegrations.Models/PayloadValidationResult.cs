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

    public PayloadProblem[] Problems { get; set; } = Array.Empty<PayloadProblem>();

    public PayloadProblem[] Errors => Problems.Where(p => p.Severity == PayloadProblemSeverity.Error).ToArray();

    public PayloadProblem[] Warnings => Problems.Where(p => p.Severity == PayloadProblemSeverity.Warning).ToArray();

    public override string ToString() => IsValid ? $"{Source}: valid" : $"{Source}: {Errors.Length} problem(s)";
}

public enum PayloadProblemSeverity
{
    Error = 0,
    Warning = 1,
}

/// <summary>One thing wrong with a payload: where, what was expected, what was found.</summary>
public sealed class PayloadProblem
{
    /// <summary>The field's path, e.g. <c>config.warehouse</c>; empty for the payload as a whole.</summary>
    public string Path { get; set; } = string.Empty;

    public string Expected { get; set; } = string.Empty;

    /// <summary>What was there; a secret's value is never repeated here.</summary>
    public string Found { get; set; } = string.Empty;

    public PayloadProblemSeverity Severity { get; set; }

    /// <summary>The file, when the payload came from one.</summary>
    public string? File { get; set; }

    /// <summary>1-based line and column in <see cref="File"/>, when known.</summary>
    public int? Line { get; set; }

    public int? Column { get; set; }

    /// <summary>A sentence saying it all, e.g. <c>config.port: expected an integer, found '443' (a string).</c></summary>
    public string Message { get; set; } = string.Empty;

    public override string ToString()
    {
        string where = File is null ? string.Empty : Line is int line ? $"{File}:{line}:{Column ?? 1}: " : $"{File}: ";
        return where + Message;
    }
}
