using System.Collections.Specialized;
using ImmutaIntegrations.Core.Api;
using ImmutaIntegrations.Core.Changes;
using ImmutaIntegrations.Core.Http;
using ImmutaIntegrations.Core.Payloads;
using ImmutaIntegrations.Core.Payloads.Reading;
using ImmutaIntegrations.Core.Plans;
using ImmutaIntegrations.Emulator.State;
using ImmutaIntegrations.Tests;
using Microsoft.Extensions.DependencyInjection;

namespace ImmutaIntegrations.Core.Tests;

/// <summary>
/// A plan applied phase by phase, changes of a phase at once up to the limit, against the in-memory emulator whose
/// transitions end only when the test settles them: what is under way when the test settles shows the limit and the phases.
/// </summary>
public sealed class PhasedApplyTests : IAsyncLifetime
{
    private TestEmulator _emulator = null!;
    private RecordingHandler _requests = null!;
    private ImmutaClient _client = null!;
    private IntegrationsApi _api = null!;

    public async Task InitializeAsync()
    {
        _emulator = await TestEmulator.StartAsync(configure: o => o.TransitionDelay = TimeSpan.FromMinutes(10));
        _requests = new RecordingHandler(_emulator.CreateHandler());
        _client = Clients.Create(_requests);
        _api = new IntegrationsApi(_client, new RecordingLog());
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _emulator.DisposeAsync();
    }

    private static PreparedPayload Databricks(string workspace, string httpPath = "sql/protocolv1/o/0/1")
    {
        PayloadDocument document = PayloadFiles.Read(Path.Combine(AppContext.BaseDirectory, "examples", "create-databricks.json"))[0];
        var config = (OrderedDictionary)((OrderedDictionary)document.Root!)["config"]!;
        config["workspaceUrl"] = workspace;
        config["httpPath"] = httpPath;
        return PreparedPayload.From(document);
    }

    // Ends every transition under way once this many integrations are in the status: how many it ended.
    private async Task<int> SettleWhen(string status, int count)
    {
        var patience = System.Diagnostics.Stopwatch.StartNew();
        int now;
        while ((now = (await Integrations()).Count(i => i.Status == status)) < count)
        {
            Assert.True(patience.Elapsed < TimeSpan.FromMinutes(1), $"{now} integrations {status}, waiting for {count}");
            await Task.Delay(5);
        }
        return _emulator.App.Services.GetRequiredService<Lifecycle>().CompleteAll();
    }

    private async Task<List<Integration>> Integrations()
    {
        var found = new List<Integration>();
        await _api.GetIntegrationsAsync(found.Add, CancellationToken.None);
        return found;
    }

    [Fact]
    public async Task Each_phase_runs_up_to_the_limit_at_once_and_the_next_starts_only_once_it_has_settled()
    {
        var engine = new IntegrationChanges(_api, new RecordingLog(), NoChangeProgress.Instance);
        var options = new ChangeOptions { Timeout = TimeSpan.FromMinutes(1), PollInterval = TimeSpan.FromMilliseconds(5) };
        foreach (string kept in new[] { "kept", "edited", "dropped" })
        {
            Task<ChangeOutcome> made = engine.CreateAsync(Databricks($"{kept}.cloud.databricks.com"), options, CancellationToken.None);
            Assert.Equal(1, await SettleWhen("creating", 1));
            Assert.Equal(ChangeState.Made, (await made).State);
        }
        PreparedPayload[] desired =
        [
            Databricks("kept.cloud.databricks.com"),
            Databricks("edited.cloud.databricks.com", "sql/protocolv1/o/0/2"),
            .. Enumerable.Range(1, 5).Select(n => Databricks($"new-{n}.cloud.databricks.com")),
        ];
        IReadOnlyList<IntegrationPlanItem> plan = IntegrationPlanner.Plan(desired, await Integrations(), prune: true);
        var applied = new System.Collections.Concurrent.ConcurrentDictionary<int, AppliedPlanItem>();
        var phases = new System.Collections.Concurrent.ConcurrentQueue<string>();

        Task applying = PhasedApply.ApplyAsync(new PlanApplier(engine, options), plan, throttleLimit: 3, (index, item) => applied[index] = item,
            progress => { if (progress.Settled == 0) phases.Enqueue($"{progress.Number}/{progress.Phases} {progress.Phase}: {progress.Total}"); },
            CancellationToken.None);
        int[] settled =
        [
            await SettleWhen("editing", 1),
            await SettleWhen("creating", 3),
            await SettleWhen("creating", 2),
            await SettleWhen("deleting", 1),
        ];
        await applying;

        // Under way at each settle: the one update; three creations (the limit), then the other two; then the deletion.
        Assert.Equal([1, 3, 2, 1], settled);
        Assert.Equal(["1/3 updates and replacements: 1", "2/3 creations: 5", "3/3 deletions: 1"], phases);
        Assert.Equal(Enumerable.Range(0, plan.Count), applied.Keys.Order());
        Assert.All(applied.Values, item => Assert.Null(item.Error));
        List<Integration> after = await Integrations();
        Assert.Equal(["edited", "kept", "new-1", "new-2", "new-3", "new-4", "new-5"],
            after.Select(i => ((string)i.Config["workspaceUrl"]!).Split('.')[0]).Order());
    }

    [Fact]
    public async Task A_failed_change_stops_neither_the_others_of_its_phase_nor_the_next_phase()
    {
        var engine = new IntegrationChanges(_api, new RecordingLog(), NoChangeProgress.Instance);
        var options = new ChangeOptions { Timeout = TimeSpan.FromMinutes(1), PollInterval = TimeSpan.FromMilliseconds(5) };
        PreparedPayload[] desired = [Databricks("a.cloud.databricks.com"), Databricks("b.cloud.databricks.com", "fail-http-path"), Databricks("c.cloud.databricks.com")];
        IReadOnlyList<IntegrationPlanItem> plan = IntegrationPlanner.Plan(desired, [], prune: false);
        var applied = new System.Collections.Concurrent.ConcurrentDictionary<int, AppliedPlanItem>();

        Task applying = PhasedApply.ApplyAsync(new PlanApplier(engine, options), plan, throttleLimit: 16, (index, item) => applied[index] = item, null,
            CancellationToken.None);
        Assert.Equal(3, await SettleWhen("creating", 3));
        await applying;

        Assert.Equal(IntegrationSyncOutcome.Failed, applied[1].Result.Outcome);
        Assert.IsType<ImmutaIntegrationFailedException>(applied[1].Error);
        Assert.Equal([IntegrationSyncOutcome.Done, IntegrationSyncOutcome.Done], new[] { applied[0], applied[2] }.Select(a => a.Result.Outcome));
    }
}
