using ImmutaIntegrations.Core;
using ImmutaIntegrations.Core.Api;
using ImmutaIntegrations.Core.Changes;
using ImmutaIntegrations.Core.Http;
using ImmutaIntegrations.Tests;

namespace ImmutaIntegrations.Core.Tests;

public sealed class WaiterTests
{
    private const string Seed = """
        - { type: Trino }
        - type: Native S3
          autoBootstrap: false
          status: createError
          config: { name: lake, awsAccountId: "1", awsRegion: r, awsLocationRole: arn, awsLocationPath: "s3://", authenticationType: auto, awsRoleToAssume: x }
        """;

    [Fact]
    public async Task Settled_integrations_come_back_in_the_order_given_with_their_outcome()
    {
        await using TestEmulator emulator = await TestEmulator.StartAsync(Seed);
        using ImmutaClient client = Clients.Create(emulator.CreateHandler());

        IReadOnlyList<WaitOutcome> outcomes = await IntegrationWaiter.WaitAsync(new IntegrationsApi(client), ["2", "1"], TimeSpan.FromSeconds(5),
            TimeSpan.FromMilliseconds(20), 4, null, CancellationToken.None);

        Assert.Equal(["2", "1"], outcomes.Select(o => o.Id));
        Assert.True(outcomes[0].Failed);
        Assert.Equal("createError", outcomes[0].Integration!.Status);
        Assert.False(outcomes[1].Failed);
        Assert.False(outcomes[1].TimedOut);
    }

    [Fact]
    public async Task An_unknown_id_is_an_error_but_one_gone_after_a_delete_is_deleted()
    {
        await using TestEmulator emulator = await TestEmulator.StartAsync(Seed);
        using ImmutaClient client = Clients.Create(emulator.CreateHandler());
        var api = new IntegrationsApi(client);

        WaitOutcome unknown = (await IntegrationWaiter.WaitAsync(api, ["42"], TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(20), 1, null, CancellationToken.None))[0];
        WaitOutcome gone = (await IntegrationWaiter.WaitAsync(api, ["42"], TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(20), 1, null, CancellationToken.None, missingMeansDeleted: true))[0];

        Assert.Equal(ImmutaErrorId.IntegrationNotFound, Assert.IsType<ImmutaApiException>(unknown.Error).ErrorId);
        Assert.Equal("deleted", gone.Integration!.Status);
    }

    [Fact]
    public async Task Many_transitions_are_waited_for_concurrently_and_progress_is_reported()
    {
        await using TestEmulator emulator = await TestEmulator.StartAsync(configure: o => o.TransitionDelay = TimeSpan.FromMinutes(10));
        using ImmutaClient client = Clients.Create(emulator.CreateHandler());
        var api = new IntegrationsApi(client);
        var ids = new List<string>();
        for (int i = 0; i < 8; i++)
        {
            var payload = Payloads.PreparedPayload.From(new Payloads.PayloadDocument(Payloads.Writing.PayloadWriter.Document("Databricks", false,
                new System.Collections.Specialized.OrderedDictionary(StringComparer.OrdinalIgnoreCase)
                {
                    ["workspaceUrl"] = $"w{i}.cloud.databricks.com", ["httpPath"] = "p", ["catalog"] = "c", ["authenticationType"] = "token", ["token"] = "t",
                }), "test"));
            ids.Add((await api.CreateAsync(payload, false, CancellationToken.None)).Id);
        }
        var reports = new List<WaitProgress>();
        using var allCreating = new SemaphoreSlim(0);

        // Nothing settles until the test moves the emulator's clock; the waiter's own timeout is only a backstop.
        Task<IReadOnlyList<WaitOutcome>> waiting = IntegrationWaiter.WaitAsync(api, ids, TimeSpan.FromMinutes(10), TimeSpan.FromMilliseconds(50), 8, p =>
        {
            lock (reports) reports.Add(p);
            if (p.Summary == "creating: 8") allCreating.Release();
        }, CancellationToken.None);

        // All eight are being waited for at once: each has been looked at while none has settled. One at a time, the
        // waiter would still be polling the first, which never settles until the clock moves.
        Assert.True(await allCreating.WaitAsync(TimeSpan.FromMinutes(1)), "the eight integrations were not waited for at once: " + Summaries());
        emulator.PassTransitionDelay();
        IReadOnlyList<WaitOutcome> outcomes = await waiting.WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(ids, outcomes.Select(o => o.Id));
        Assert.All(outcomes, o => Assert.Equal("enabled", o.Integration!.Status));
        Assert.All(outcomes, o => Assert.False(o.TimedOut));
        lock (reports) Assert.Contains(reports, r => r.Settled == 8 && r.Total == 8 && r.Summary == "enabled: 8");

        string Summaries()
        {
            lock (reports) return string.Join("; ", reports.Select(r => r.Summary));
        }
    }

    [Fact]
    public async Task Not_settling_in_time_is_a_timeout_with_the_last_state()
    {
        await using TestEmulator emulator = await TestEmulator.StartAsync(configure: o => o.TransitionDelay = TimeSpan.FromSeconds(30));
        using ImmutaClient client = Clients.Create(emulator.CreateHandler());
        var api = new IntegrationsApi(client);
        var payload = Payloads.PreparedPayload.From(new Payloads.PayloadDocument(Payloads.Writing.PayloadWriter.Document("Trino", null, null), "test"));
        string id = (await api.CreateAsync(payload, false, CancellationToken.None)).Id;

        WaitOutcome outcome = (await IntegrationWaiter.WaitAsync(api, [id], TimeSpan.FromMilliseconds(300), TimeSpan.FromMilliseconds(50), 1, null, CancellationToken.None))[0];

        Assert.True(outcome.TimedOut);
        Assert.Equal("creating", outcome.Integration!.Status);
    }
}
