using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using ImmutaIntegrations.Core.Changes;
using ImmutaIntegrations.Core.Payloads.Types;
using ImmutaIntegrations.Core.Plans;

namespace ImmutaIntegrations.Core.Health;

/// <summary>
/// Which integrations are unwell, by their status (docs/api-contract.md §4): one in an error status, or one still in a
/// change once it has been watched for as long as a change may take. Everything else (enabled, disabled, deleted, a
/// status this module does not know that does not read as under way) is healthy.
/// </summary>
public static class HealthJudge
{
    /// <summary>The <see cref="IntegrationHealth.Problem"/> of an integration in an error status.</summary>
    public const string ErrorState = "error state";

    /// <summary>
    /// An error status: createError, editError, deleteError, migrateError, recurringValidationError, and any other status
    /// ending in "Error" (tenants add statuses; the waits read them the same way).
    /// </summary>
    public static bool IsError(string status) => IntegrationWaiter.IsError(status);

    /// <summary>
    /// A change under way: creating, editing, deleting, migrating, or a status this module does not know that reads as
    /// under way ("...ing"). The waits decide the same way (<see cref="IntegrationWaiter.IsSettled"/>).
    /// </summary>
    public static bool IsInTransition(string status) => !IntegrationWaiter.IsSettled(status);

    /// <summary>
    /// Judges an integration once the watch is over: in an error status, or still in a change after
    /// <paramref name="stuckAfter"/> (stuck), it is unhealthy; otherwise healthy.
    /// </summary>
    public static IntegrationHealth Judge(Integration integration, TimeSpan stuckAfter)
    {
        if (integration is null) throw new ArgumentNullException(nameof(integration));
        string status = integration.Status ?? string.Empty;
        string? problem = IsError(status) ? ErrorState : IsInTransition(status) ? Stuck(status, stuckAfter) : null;
        return Health(integration, problem);
    }

    /// <summary>An integration whose status could not be read while it was watched: unhealthy, as far as anyone can tell.</summary>
    public static IntegrationHealth Unreadable(Integration lastSeen, Exception error)
    {
        if (lastSeen is null) throw new ArgumentNullException(nameof(lastSeen));
        if (error is null) throw new ArgumentNullException(nameof(error));
        return Health(lastSeen, $"could not be read: {error.Message.TrimEnd('.')}");
    }

    /// <summary>The problem of an integration stuck in a change: <c>stuck in creating for 00:05:00</c>.</summary>
    public static string Stuck(string status, TimeSpan stuckAfter) =>
        $"stuck in {status} for {stuckAfter.ToString("c", CultureInfo.InvariantCulture)}";

    /// <summary>
    /// The order of a report: the unhealthy first, so the problems head it, then the healthy; each in id order
    /// (<see cref="IntegrationIdOrder"/>), as Get-ImmutaIntegration lists them.
    /// </summary>
    public static IReadOnlyList<IntegrationHealth> InReportOrder(IEnumerable<IntegrationHealth> results) =>
        results.OrderBy(r => r.Healthy).ThenBy(r => r.Id, IntegrationIdOrder.Instance).ToArray();

    private static IntegrationHealth Health(Integration integration, string? problem)
    {
        IntegrationType type = IntegrationTypes.ResolveOrUnknown(integration.Type ?? string.Empty);
        return new IntegrationHealth
        {
            Id = integration.Id,
            Type = integration.Type ?? string.Empty,
            Target = IntegrationTargets.Describe(type, integration.Config),
            Status = integration.Status ?? string.Empty,
            Healthy = problem is null,
            Problem = problem,
            FailedTests = FailedTests(integration.ValidationResults),
        };
    }

    private static ValidationTest[] FailedTests(ValidationResults? results) =>
        results?.ValidationTests.Where(t => string.Equals(t.Status, "failed", StringComparison.OrdinalIgnoreCase)).ToArray() ?? Array.Empty<ValidationTest>();
}
