using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ImmutaIntegrations.Core.Api;

namespace ImmutaIntegrations.Core.Changes;

/// <summary>How one integration's wait ended.</summary>
public sealed class WaitOutcome
{
    public WaitOutcome(string id) => Id = id;

    public string Id { get; }

    /// <summary>The integration as it settled; for one that is gone, a stand-in with status "deleted".</summary>
    public Integration? Integration { get; set; }

    /// <summary>It did not settle within the timeout (<see cref="Integration"/> is its last state).</summary>
    public bool TimedOut { get; set; }

    /// <summary>Reading it failed (and the wait for it ended there).</summary>
    public Exception? Error { get; set; }

    public bool Failed => Integration != null && IntegrationWaiter.IsError(Integration.Status);
}

/// <summary>Where a wait stands, for one progress display over all the integrations.</summary>
public sealed class WaitProgress
{
    public int Total { get; set; }

    public int Settled { get; set; }

    public TimeSpan Elapsed { get; set; }

    /// <summary>How many are in each status now ("creating: 3, enabled: 5").</summary>
    public string Summary { get; set; } = string.Empty;
}

/// <summary>
/// Polls integrations until each settles: enabled, disabled, deleted (or gone), an error status, or a status this
/// module does not know that does not read as a change under way. All are polled concurrently (a bounded number at a
/// time), so waiting for many takes about as long as the slowest.
/// </summary>
public static class IntegrationWaiter
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(10);
    public static readonly TimeSpan DefaultPollInterval = TimeSpan.FromSeconds(2);

    public static bool IsError(string status) => status.EndsWith("Error", StringComparison.Ordinal);

    private static readonly string[] KnownStatuses =
    {
        "creating", "createError", "enabled", "editing", "editError", "deleting", "deleteError", "deleted", "disabled",
        "migrating", "migrateError", "recurringValidationError",
    };

    private static readonly string[] UnderWay = { "creating", "editing", "deleting", "migrating" };

    /// <summary>Whether the status is one docs/api-contract.md §4 names.</summary>
    public static bool IsKnownStatus(string status) => KnownStatuses.Contains(status, StringComparer.Ordinal);

    /// <summary>
    /// Settled: anything but a change under way. A status this module does not know (tenants add them) counts as under
    /// way only when it reads so ("...ing"); any other is settled, since waiting on a status no one leaves only runs out.
    /// </summary>
    public static bool IsSettled(string status) =>
        !(UnderWay.Contains(status, StringComparer.Ordinal) || (!IsKnownStatus(status) && status.EndsWith("ing", StringComparison.Ordinal)));

    /// <summary>
    /// Waits for every id; returns one outcome per id, in the order given. <paramref name="progress"/>
    /// hears of every status change.
    /// </summary>
    /// <param name="missingMeansDeleted">
    /// True after a DELETE: an integration Immuta no longer knows has been deleted. Otherwise an id that is
    /// unknown from the start is an error (IntegrationNotFound), not a deletion.
    /// </param>
    public static async Task<IReadOnlyList<WaitOutcome>> WaitAsync(IntegrationsApi api, IReadOnlyList<string> ids, TimeSpan timeout,
        TimeSpan pollInterval, int concurrency, Action<WaitProgress>? progress, CancellationToken cancellationToken, bool missingMeansDeleted = false)
    {
        var clock = Stopwatch.StartNew();
        var statuses = new string[ids.Count];
        for (int i = 0; i < statuses.Length; i++) statuses[i] = "waiting";
        var gate = new object();
        void Report(int index, string status)
        {
            if (progress is null) return;
            WaitProgress snapshot;
            lock (gate)
            {
                statuses[index] = status;
                snapshot = new WaitProgress
                {
                    Total = statuses.Length,
                    Settled = statuses.Count(IsSettled),
                    Elapsed = clock.Elapsed,
                    Summary = string.Join(", ", statuses.GroupBy(s => s).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key}: {g.Count()}")),
                };
            }
            progress(snapshot);
        }

        using (var slots = new SemaphoreSlim(Math.Max(1, concurrency)))
        {
            var waits = ids.Select(async (id, index) =>
            {
                await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    return await WaitOneAsync(api, id, timeout, pollInterval, clock, status => Report(index, status), missingMeansDeleted, cancellationToken)
                        .ConfigureAwait(false);
                }
                finally
                {
                    slots.Release();
                }
            }).ToArray();
            return await Task.WhenAll(waits).ConfigureAwait(false);
        }
    }

    private static async Task<WaitOutcome> WaitOneAsync(IntegrationsApi api, string id, TimeSpan timeout, TimeSpan pollInterval,
        Stopwatch clock, Action<string> report, bool missingMeansDeleted, CancellationToken cancellationToken)
    {
        var outcome = new WaitOutcome(id);
        try
        {
            // The first look reads the whole integration: one request when it has already settled, and it tells
            // whether the id exists at all (unless it was just deleted: then missing means deleted).
            Integration? current = missingMeansDeleted
                ? await IntegrationOrGoneAsync(api, id, cancellationToken).ConfigureAwait(false)
                : await api.GetIntegrationAsync(id, cancellationToken).ConfigureAwait(false);
            string? status = current?.Status;
            while (true)
            {
                report(status ?? "deleted");
                if (status is null)
                {
                    outcome.Integration = new Integration { Id = id, Status = "deleted" };
                    return outcome;
                }
                if (IsSettled(status) || clock.Elapsed >= timeout)
                {
                    outcome.TimedOut = !IsSettled(status);
                    outcome.Integration = current ?? await IntegrationOrGoneAsync(api, id, cancellationToken).ConfigureAwait(false);
                    return outcome;
                }
                TimeSpan left = timeout - clock.Elapsed;
                await Task.Delay(left < pollInterval ? left : pollInterval, cancellationToken).ConfigureAwait(false);
                // Later looks ask only the status, which is lighter; the integration is read once it settles.
                status = await StatusOrGoneAsync(api, id, cancellationToken).ConfigureAwait(false);
                current = null;
            }
        }
        catch (Exception e) when (e is ImmutaApiException || e is ImmutaRefusedException)
        {
            outcome.Error = e;
            return outcome;
        }
    }

    // A deleted integration may answer 404 once Immuta has forgotten it: that is "deleted" too.
    private static async Task<string?> StatusOrGoneAsync(IntegrationsApi api, string id, CancellationToken cancellationToken)
    {
        try
        {
            return (await api.GetStatusAsync(id, cancellationToken).ConfigureAwait(false)).Status;
        }
        catch (ImmutaApiException e) when (e.StatusCode == 404)
        {
            return null;
        }
    }

    private static async Task<Integration> IntegrationOrGoneAsync(IntegrationsApi api, string id, CancellationToken cancellationToken)
    {
        try
        {
            return await api.GetIntegrationAsync(id, cancellationToken).ConfigureAwait(false);
        }
        catch (ImmutaApiException e) when (e.StatusCode == 404)
        {
            return new Integration { Id = id, Status = "deleted" };
        }
    }
}
