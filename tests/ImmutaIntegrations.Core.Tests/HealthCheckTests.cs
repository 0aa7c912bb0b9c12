using System.Collections.Specialized;
using ImmutaIntegrations.Core.Api;
using ImmutaIntegrations.Core.Changes;
using ImmutaIntegrations.Core.Health;
using ImmutaIntegrations.Core.Http;
using ImmutaIntegrations.Core.Payloads;
using ImmutaIntegrations.Core.Payloads.Writing;
using ImmutaIntegrations.Core.Scripts;
using ImmutaIntegrations.Tests;

namespace ImmutaIntegrations.Core.Tests;

/// <summary>
/// The health check's judging: which statuses are errors or changes under way, and the watch of those in a change
/// against the in-process emulator. Transitions there end only when a test moves the emulator's clock, so an
/// integration the test never settles stays in its change however slow the machine, and one it settles does so on
/// the test's word; the checks' own times are only backstops.
/// </summary>
public sealed class HealthCheckTests
{
    [Theory]
    [InlineData("createError", true, false)]
    [InlineData("editError", true, false)]
    [InlineData("deleteError", true, false)]
    [InlineData("migrateError", true, false)]
    [InlineData("recurringValidationError", true, false)]
    [InlineData("syncError", true, false)]
    [InlineData("creating", false, true)]
    [InlineData("editing", false, true)]
    [InlineData("deleting", false, true)]
    [InlineData("migrating", false, true)]
    [InlineData("pausing", false, true)]
    [InlineData("enabled", false, false)]
    [InlineData("disabled", false, false)]
    [InlineData("deleted", false, false)]
    [InlineData("paused", false, false)]
    public void Statuses_are_errors_changes_under_way_or_neither(string status, bool error, bool inTransition)
    {
        Assert.Equal(error, HealthJudge.IsError(status));
        Assert.Equal(inTransition, HealthJudge.IsInTransition(status));
    }

    [Theory]
    [InlineData("createError", false, "error state")]
    [InlineData("recurringValidationError", false, "error state")]
    [InlineData("syncError", false, "error state")]
    [InlineData("creating", false, "stuck in creating for 00:05:00")]
    [InlineData("pausing", false, "stuck in pausing for 00:05:00")]
    [InlineData("enabled", true, null)]
    [InlineData("disabled", true, null)]
    [InlineData("paused", true, null)]
    public void An_integration_is_judged_by_its_status_once_the_watch_is_over(string status, bool healthy, string? problem)
    {
        IntegrationHealth health = HealthJudge.Judge(new Integration { Id = "4", Type = "Snowflake", Status = status }, TimeSpan.FromMinutes(5));

        Assert.Equal(healthy, health.Healthy);
        Assert.Equal(problem, health.Problem);
        Assert.Equal(status, health.Status);
    }

    [Fact]
    public void A_judgement_carries_the_target_and_only_the_failed_tests_with_their_messages()
    {
        var integration = new Integration
        {
            Id = "3",
            Type = "Redshift",
            Status = "createError",
            Config = new OrderedDictionary(StringComparer.OrdinalIgnoreCase) { ["host"] = "acme.redshift.amazonaws.com" },
            ValidationResults = new ValidationResults
            {
                Status = "failed",
                ValidationTests =
                [
                    new ValidationTest { Name = "Basic Connection Test", Status = "failed", Message = "Connection refused." },
                    new ValidationTest { Name = "Grants", Status = "passed" },
                    new ValidationTest { Name = "Role", Status = "warning", Message = "Role is broad." },
                    new ValidationTest { Name = "Schema", Status = "FAILED" },
                ],
            },
        };

        IntegrationHealth health = HealthJudge.Judge(integration, TimeSpan.FromMinutes(5));

        Assert.Equal("acme.redshift.amazonaws.com", health.Target);
        Assert.Equal(["Basic Connection Test", "Schema"], health.FailedTests.Select(t => t.Name));
        Assert.Equal("Connection refused.", health.FailedTests[0].Message);
        Assert.Equal("Redshift integration 3: error state (createError)", health.ToString());
        Assert.Equal("the Trino integration", HealthJudge.Judge(new Integration { Id = "7", Type = "Trino", Status = "enabled" }, TimeSpan.Zero).Target);
    }

    [Fact]
    public void A_report_lists_the_unhealthy_first_then_the_healthy_each_in_id_order()
    {
        IntegrationHealth[] results =
        [
            new() { Id = "10", Healthy = true }, new() { Id = "9", Healthy = false }, new() { Id = "2", Healthy = true },
            new() { Id = "11", Healthy = false }, new() { Id = "x", Healthy = true },
        ];

        Assert.Equal(["9", "11", "2", "10", "x"], HealthJudge.InReportOrder(results).Select(r => r.Id));
    }

    [Fact]
    public async Task Every_integration_of_a_tenant_is_judged_the_error_first_with_Immutas_message()
    {
        await using TestEmulator emulator = await TestEmulator.StartAsync(SampleData.Seed);
        using ImmutaClient client = Clients.Create(emulator.CreateHandler());

        IReadOnlyList<IntegrationHealth> report = await new HealthCheck(new IntegrationsApi(client)).RunAsync(null, null, null, CancellationToken.None);

        Assert.Equal(["3", "1", "2", "4"], report.Select(r => r.Id));
        IntegrationHealth redshift = report[0];
        Assert.False(redshift.Healthy);
        Assert.Equal(("Redshift", "createError", "error state"), (redshift.Type, redshift.Status, redshift.Problem));
        Assert.Equal("Connection refused.", Assert.Single(redshift.FailedTests).Message);
        Assert.All(report.Skip(1), r => Assert.True(r.Healthy));
        Assert.All(report.Skip(1), r => Assert.Null(r.Problem));
    }

    [Fact]
    public async Task Ids_are_read_in_the_order_given_an_unknown_one_is_reported_apart_and_types_filter()
    {
        await using TestEmulator emulator = await TestEmulator.StartAsync(SampleData.Seed);
        using ImmutaClient client = Clients.Create(emulator.CreateHandler());
        var check = new HealthCheck(new IntegrationsApi(client));
        var unreadable = new List<(string Id, Exception Error)>();

        IReadOnlyList<IntegrationHealth> byId = await check.RunAsync(["2", "99", "1"], null, (id, e) => unreadable.Add((id, e)), CancellationToken.None);
        IReadOnlyList<IntegrationHealth> byType = await check.RunAsync(null, type => type == "Redshift", null, CancellationToken.None);

        Assert.Equal(["1", "2"], byId.Select(r => r.Id));
        (string id, Exception error) = Assert.Single(unreadable);
        Assert.Equal("99", id);
        Assert.Equal(ImmutaErrorId.IntegrationNotFound, Assert.IsType<ImmutaApiException>(error).ErrorId);
        Assert.Equal("3", Assert.Single(byType).Id);
    }

    [Fact]
    public async Task A_refused_key_ends_the_check()
    {
        await using TestEmulator emulator = await TestEmulator.StartAsync(SampleData.Seed);
        using ImmutaClient client = Clients.Create(emulator.CreateHandler(), key: "not-the-key");

        var error = await Assert.ThrowsAsync<ImmutaApiException>(() =>
            new HealthCheck(new IntegrationsApi(client)).RunAsync(["1"], null, (_, _) => { }, CancellationToken.None));

        Assert.Equal(401, error.StatusCode);
    }

    [Fact]
    public async Task An_integration_still_creating_when_the_time_is_up_is_stuck()
    {
        await using TestEmulator emulator = await TestEmulator.StartAsync(configure: o => o.TransitionDelay = TimeSpan.FromMinutes(10));
        using ImmutaClient client = Clients.Create(emulator.CreateHandler());
        var api = new IntegrationsApi(client);
        string id = await CreateAsync(api, "Trino");
        var progress = new WatchProgress();

        // The emulator's clock never moves here, so the integration is creating whenever the check looks.
        IReadOnlyList<IntegrationHealth> report = await new HealthCheck(api, progress: progress)
        {
            StuckAfter = TimeSpan.FromMilliseconds(300), PollInterval = TimeSpan.FromMilliseconds(20),
        }.RunAsync(null, null, null, CancellationToken.None);

        IntegrationHealth health = Assert.Single(report);
        Assert.Equal(id, health.Id);
        Assert.False(health.Healthy);
        Assert.Equal("creating", health.Status);
        Assert.Equal("stuck in creating for 00:00:00.3000000", health.Problem);
        Assert.Contains("creating: 1", progress.Summaries);
        Assert.Equal(1, progress.WaitsEnded);
    }

    [Fact]
    public async Task An_integration_that_settles_in_time_is_judged_by_where_it_settled()
    {
        await using TestEmulator emulator = await TestEmulator.StartAsync(configure: o => o.TransitionDelay = TimeSpan.FromMinutes(10));
        using ImmutaClient client = Clients.Create(emulator.CreateHandler());
        var api = new IntegrationsApi(client);
        string good = await CreateAsync(api, "Databricks", "sql/protocolv1/o/0/1");
        string bad = await CreateAsync(api, "Databricks", "fail-http-path", "bad");
        var progress = new WatchProgress();

        // Both are watched (the progress shows them creating) before the test lets them settle; -StuckAfter is a backstop.
        Task<IReadOnlyList<IntegrationHealth>> checking = new HealthCheck(api, progress: progress)
        {
            StuckAfter = TimeSpan.FromMinutes(10), PollInterval = TimeSpan.FromMilliseconds(20),
        }.RunAsync(null, null, null, CancellationToken.None);
        Assert.True(await progress.BothCreating.WaitAsync(TimeSpan.FromMinutes(1)), "the check never watched both integrations creating");
        emulator.PassTransitionDelay();
        IReadOnlyList<IntegrationHealth> report = await checking.WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal([bad, good], report.Select(r => r.Id));
        Assert.Equal(("createError", "error state"), (report[0].Status, report[0].Problem));
        Assert.NotEmpty(report[0].FailedTests);
        Assert.True(report[1].Healthy);
        Assert.Equal("enabled", report[1].Status);
    }

    [Fact]
    public async Task With_no_time_left_an_integration_in_a_change_is_stuck_without_being_watched()
    {
        await using TestEmulator emulator = await TestEmulator.StartAsync(configure: o => o.TransitionDelay = TimeSpan.FromMinutes(10));
        var recording = new RecordingHandler(emulator.CreateHandler());
        using ImmutaClient client = Clients.Create(recording);
        var api = new IntegrationsApi(client);
        await CreateAsync(api, "Trino");
        recording.Requests.Clear();

        IReadOnlyList<IntegrationHealth> report = await new HealthCheck(api) { StuckAfter = TimeSpan.Zero }.RunAsync(null, null, null, CancellationToken.None);

        Assert.Equal("stuck in creating for 00:00:00", Assert.Single(report).Problem);
        Assert.Equal(["/integrations"], recording.Requests.Select(r => r.Path));
    }

    [Fact]
    public async Task An_integration_deleted_while_it_is_watched_is_judged_deleted_with_its_type_and_target_kept()
    {
        await using TestEmulator emulator = await TestEmulator.StartAsync(configure: o => o.TransitionDelay = TimeSpan.FromMinutes(10));
        using ImmutaClient client = Clients.Create(emulator.CreateHandler());
        var api = new IntegrationsApi(client);
        var listed = new Integration
        {
            Id = "41", Type = "Redshift", Status = "deleting",
            Config = new OrderedDictionary(StringComparer.OrdinalIgnoreCase) { ["host"] = "gone.redshift.amazonaws.com" },
        };

        // Immuta no longer knows id 41: it was deleted between the list and the watch.
        IReadOnlyList<IntegrationHealth> report = await new HealthCheck(api) { PollInterval = TimeSpan.FromMilliseconds(20) }
            .JudgeAsync([listed], TimeSpan.Zero, CancellationToken.None);

        IntegrationHealth health = Assert.Single(report);
        Assert.True(health.Healthy);
        Assert.Equal(("deleted", "Redshift", "gone.redshift.amazonaws.com"), (health.Status, health.Type, health.Target));
    }

    private static async Task<string> CreateAsync(IntegrationsApi api, string type, string httpPath = "p", string workspace = "w")
    {
        OrderedDictionary? config = type == "Trino" ? null : new OrderedDictionary(StringComparer.OrdinalIgnoreCase)
        {
            ["workspaceUrl"] = $"{workspace}.cloud.databricks.com", ["httpPath"] = httpPath, ["catalog"] = "c",
            ["authenticationType"] = "token", ["token"] = "t",
        };
        var payload = PreparedPayload.From(new PayloadDocument(PayloadWriter.Document(type, type == "Trino" ? null : false, config), "test"));
        return (await api.CreateAsync(payload, false, CancellationToken.None)).Id;
    }

    private sealed class WatchProgress : IChangeProgress
    {
        private readonly List<string> _summaries = new();

        public SemaphoreSlim BothCreating { get; } = new(0);

        public int WaitsEnded { get; private set; }

        public IReadOnlyList<string> Summaries
        {
            get { lock (_summaries) return _summaries.ToArray(); }
        }

        public void Waiting(WaitProgress progress)
        {
            lock (_summaries) _summaries.Add(progress.Summary);
            if (progress.Summary == "creating: 2") BothCreating.Release();
        }

        public void WaitEnded() => WaitsEnded++;

        public void RunningScript(ScriptProgress progress)
        {
        }

        public void ScriptEnded(string script)
        {
        }
    }
}
