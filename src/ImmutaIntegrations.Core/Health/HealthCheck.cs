using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ImmutaIntegrations.Core.Api;
using ImmutaIntegrations.Core.Changes;

namespace ImmutaIntegrations.Core.Health;

/// <summary>
/// A tenant's integrations, each judged healthy or not (Test-ImmutaIntegrationHealth). The API has no timestamps, so
/// how long an integration has been in a change is unknown: every integration is read, then those in a change are
/// watched, polling, until <see cref="StuckAfter"/> has passed since the check began. Those still in a change then are
/// stuck; those that settled are judged by where they settled (<see cref="HealthJudge"/>).
/// </summary>
public sealed class HealthCheck
{
    public static readonly TimeSpan DefaultStuckAfter = TimeSpan.FromMinutes(5);

    private readonly IntegrationsApi _api;
    private readonly IImmutaLog _log;
    private readonly IChangeProgress _progress;

    public HealthCheck(IntegrationsApi api, IImmutaLog? log = null, IChangeProgress? progress = null)
    {
        _api = api ?? throw new ArgumentNullException(nameof(api));
        _log = log ?? NullImmutaLog.Instance;
        _progress = progress ?? NoChangeProgress.Instance;
    }

    /// <summary>How long, from the start of the check, a change may go on before the integration counts as stuck.</summary>
    public TimeSpan StuckAfter { get; set; } = DefaultStuckAfter;

    /// <summary>How often an integration in a change is asked its status.</summary>
    public TimeSpan PollInterval { get; set; } = IntegrationWaiter.DefaultPollInterval;

    /// <summary>How many integrations are read or polled at the same time.</summary>
    public int Concurrency { get; set; } = 16;

    /// <summary>
    /// Reads every integration (GET /integrations), or with <paramref name="ids"/> those (in that order), keeps those whose
    /// type <paramref name="includeType"/> accepts, watches those in a change, and returns one judgement each, in report
    /// order (<see cref="HealthJudge.InReportOrder"/>). An id that cannot be read goes to <paramref name="unreadable"/>
    /// and the others go on; a failure that concerns the whole connection (a refused key) ends the check.
    /// </summary>
    public async Task<IReadOnlyList<IntegrationHealth>> RunAsync(IReadOnlyList<string>? ids, Func<string, bool>? includeType,
        Action<string, Exception>? unreadable, CancellationToken cancellationToken)
    {
        var began = Stopwatch.StartNew();
        IReadOnlyList<Integration> read = ids is null
            ? await ReadAllAsync(cancellationToken).ConfigureAwait(false)
            : await ReadAsync(ids, unreadable, cancellationToken).ConfigureAwait(false);
        Integration[] kept = read.Where(i => includeType is null || includeType(i.Type)).ToArray();
        return await JudgeAsync(kept, began.Elapsed, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Judges integrations read <paramref name="sinceStart"/> after the check began: those in a change are watched for
    /// what is left of <see cref="StuckAfter"/> (all at once, <see cref="Concurrency"/> at a time), then all are judged.
    /// </summary>
    public async Task<IReadOnlyList<IntegrationHealth>> JudgeAsync(IReadOnlyList<Integration> integrations, TimeSpan sinceStart,
        CancellationToken cancellationToken)
    {
        if (integrations is null) throw new ArgumentNullException(nameof(integrations));
        var results = new IntegrationHealth?[integrations.Count];
        int[] moving = Enumerable.Range(0, integrations.Count).Where(i => HealthJudge.IsInTransition(integrations[i].Status ?? string.Empty)).ToArray();
        TimeSpan left = StuckAfter - sinceStart;
        if (moving.Length > 0 && left > TimeSpan.Zero)
        {
            _log.Verbose($"{moving.Length} integration(s) in a change: watching them for up to {left:hh\\:mm\\:ss}, until {StuckAfter:c} from the start.");
            // Listed at the start, so one Immuta no longer knows has been deleted meanwhile: that is where it settled.
            IReadOnlyList<WaitOutcome> outcomes = await IntegrationWaiter.WaitAsync(_api, moving.Select(i => integrations[i].Id).ToArray(), left,
                PollInterval, Concurrency, _progress.Waiting, cancellationToken, missingMeansDeleted: true).ConfigureAwait(false);
            _progress.WaitEnded();
            for (int m = 0; m < moving.Length; m++)
            {
                WaitOutcome outcome = outcomes[m];
                Integration before = integrations[moving[m]];
                results[moving[m]] = outcome.Error != null
                    ? HealthJudge.Unreadable(outcome.Integration ?? before, outcome.Error)
                    : HealthJudge.Judge(WithType(outcome.Integration ?? before, before), StuckAfter);
            }
        }
        for (int i = 0; i < results.Length; i++) results[i] ??= HealthJudge.Judge(integrations[i], StuckAfter);
        return HealthJudge.InReportOrder(results!);
    }

    private async Task<IReadOnlyList<Integration>> ReadAllAsync(CancellationToken cancellationToken)
    {
        var read = new List<Integration>();
        await _api.GetIntegrationsAsync(integration => { lock (read) read.Add(integration); }, cancellationToken).ConfigureAwait(false);
        return read;
    }

    private async Task<IReadOnlyList<Integration>> ReadAsync(IReadOnlyList<string> ids, Action<string, Exception>? unreadable,
        CancellationToken cancellationToken)
    {
        using (var slots = new SemaphoreSlim(Math.Max(1, Concurrency)))
        {
            Integration?[] read = await Task.WhenAll(ids.Select(async id =>
            {
                await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    return await _api.GetIntegrationAsync(id, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (FailureScope.ConcernsOneItem(e))
                {
                    unreadable?.Invoke(id, e);
                    return null;
                }
                finally
                {
                    slots.Release();
                }
            })).ConfigureAwait(false);
            return read.Where(i => i != null).ToArray()!;
        }
    }

    // The stand-in the waiter makes for an integration that is gone has only its id and status: the rest is as it was listed.
    private static Integration WithType(Integration settled, Integration listed)
    {
        if (!string.IsNullOrEmpty(settled.Type)) return settled;
        return new Integration
        {
            Id = settled.Id, Type = listed.Type, Status = settled.Status, AutoBootstrap = listed.AutoBootstrap, Config = listed.Config,
            ValidationResults = listed.ValidationResults,
        };
    }
}
