using System;
using System.Linq;

namespace ImmutaIntegrations;

/// <summary>
/// An integration ended in an error status (createError, editError, deleteError, ...). The message lists
/// the failed validation tests with Immuta's messages; <see cref="Integration"/> is its final state.
/// </summary>
public class ImmutaIntegrationFailedException : Exception
{
    /// <summary>The failure of <paramref name="integration"/>; the message is made from its type, id, status and failed tests.</summary>
    /// <param name="integration">The integration as it was read when the wait ended.</param>
    public ImmutaIntegrationFailedException(Integration integration)
        : base(Describe(integration))
    {
        Integration = integration;
    }

    /// <summary>
    /// The integration as it was read when the wait ended: its <see cref="Integration.Status"/> (<c>createError</c>, ...) and
    /// <see cref="Integration.ValidationResults"/> say what failed.
    /// </summary>
    public Integration Integration { get; }

    /// <summary>Always <see cref="ImmutaErrorId.IntegrationFailed"/>, as for the other exceptions of the module.</summary>
    public string ErrorId => ImmutaErrorId.IntegrationFailed;

    /// <summary>The tests that failed, with Immuta's messages.</summary>
    public ValidationTest[] FailedTests =>
        Integration.ValidationResults?.ValidationTests.Where(t => string.Equals(t.Status, "failed", StringComparison.OrdinalIgnoreCase)).ToArray()
        ?? Array.Empty<ValidationTest>();

    private static string Describe(Integration integration)
    {
        ValidationTest[] failed = integration.ValidationResults?.ValidationTests
            .Where(t => string.Equals(t.Status, "failed", StringComparison.OrdinalIgnoreCase)).ToArray() ?? Array.Empty<ValidationTest>();
        string tests = failed.Length == 0 ? "Immuta gave no failed test." : string.Join(" ", failed.Select(t => $"{t.Name}: {t.Message ?? "failed"}."));
        return $"{integration.Type} integration {integration.Id} ended in {integration.Status}. {tests}".Replace("..", ".");
    }
}
