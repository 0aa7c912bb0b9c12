using System;
using System.Linq;

namespace ImmutaIntegrations;

/// <summary>The outcome of the validation tests Immuta ran for a create, edit, delete or dry run.</summary>
public sealed class ValidationResults
{
    /// <summary><c>passed</c>, <c>failed</c>, <c>warning</c> or <c>skipped</c>.</summary>
    public string Status { get; set; } = string.Empty;

    /// <summary>Every test Immuta reported, in its order; empty when it sent none (Starburst (Trino) runs none).</summary>
    public ValidationTest[] ValidationTests { get; set; } = Array.Empty<ValidationTest>();

    /// <summary>
    /// A short summary for tables: <c>5/5 passed</c>, <c>1/6 failed</c>, <c>2/6 warning</c>, counting only
    /// the tests that ran (skipped ones did not apply); the status alone when none ran.
    /// </summary>
    public string Summary
    {
        get
        {
            int ran = ValidationTests.Length - Count("skipped");
            if (ran == 0) return Status;
            foreach (string outcome in new[] { "failed", "warning" })
            {
                int count = Count(outcome);
                if (count > 0) return $"{count}/{ran} {outcome}";
            }
            return $"{Count("passed")}/{ran} passed";
        }
    }

    private int Count(string outcome) => ValidationTests.Count(t => string.Equals(t.Status, outcome, StringComparison.OrdinalIgnoreCase));

    /// <summary>The <see cref="Summary"/>, e.g. <c>5/5 passed</c>.</summary>
    public override string ToString() => Summary;
}

/// <summary>One validation test.</summary>
public sealed class ValidationTest
{
    /// <summary>The test's name as Immuta gives it, e.g. <c>Initial Validation: Basic Connection Test</c>; empty when it gave none.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary><c>passed</c>, <c>failed</c>, <c>warning</c> or <c>skipped</c>.</summary>
    public string Status { get; set; } = string.Empty;

    /// <summary>Why the test failed or warned, when Immuta says.</summary>
    public string? Message { get; set; }

    /// <summary>Extra detail Immuta attaches to the test (usually empty).</summary>
    public object?[] Result { get; set; } = Array.Empty<object?>();

    /// <summary>Name and status, then Immuta's message in brackets when there is one, e.g. <c>Basic Connection Test: failed (timeout)</c>.</summary>
    public override string ToString() => Message is null ? $"{Name}: {Status}" : $"{Name}: {Status} ({Message})";
}
