using System.Collections.Specialized;
using ImmutaIntegrations.Core.Api;
using ImmutaIntegrations.Core.Changes;
using ImmutaIntegrations.Core.Http;
using ImmutaIntegrations.Core.Payloads;
using ImmutaIntegrations.Core.Payloads.Reading;
using ImmutaIntegrations.Core.Plans;
using ImmutaIntegrations.Tests;

namespace ImmutaIntegrations.Core.Tests;

/// <summary>
/// The change engine tells a change's journal of each request just before it is sent and as soon as its answer is read,
/// with the id and status Immuta gave: the requests and the journal's entries, recorded in one list, show the order.
/// </summary>
public sealed class ChangeJournalTests : IAsyncLifetime
{
    private readonly List<string> _events = new();
    private TestEmulator _emulator = null!;
    private ImmutaClient _client = null!;
    private IntegrationsApi _api = null!;

    public async Task InitializeAsync()
    {
        _emulator = await TestEmulator.StartAsync();
        _client = Clients.Create(new EventHandler(_emulator.CreateHandler(), Add));
        _api = new IntegrationsApi(_client, new RecordingLog());
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _emulator.DisposeAsync();
    }

    private IntegrationChanges Engine => new(_api, new RecordingLog(), NoChangeProgress.Instance);

    private string[] Events
    {
        get { lock (_events) return [.. _events]; }
    }

    private void Add(string line)
    {
        lock (_events) _events.Add(line);
    }

    private ChangeOptions Options(bool dryRun = false) => new()
    {
        Wait = true,
        DryRun = dryRun,
        Timeout = TimeSpan.FromSeconds(30),
        PollInterval = TimeSpan.FromMilliseconds(10),
        Journal = new EventJournal(Add),
    };

    private static PreparedPayload Databricks(string catalog = "immuta", string workspace = "www.example-workspace.cloud.databricks.com")
    {
        PayloadDocument document = PayloadFiles.Read(Path.Combine(AppContext.BaseDirectory, "examples", "create-databricks.json"))[0];
        var config = (OrderedDictionary)((OrderedDictionary)document.Root!)["config"]!;
        config["catalog"] = catalog;
        config["workspaceUrl"] = workspace;
        return PreparedPayload.From(document);
    }

    // An integration made before the test, with nothing of it recorded.
    private async Task<string> Existing()
    {
        ChangeOutcome made = await Engine.CreateAsync(Databricks(), new ChangeOptions { Wait = true, PollInterval = TimeSpan.FromMilliseconds(10) },
            CancellationToken.None);
        Assert.Equal(ChangeState.Made, made.State);
        lock (_events) _events.Clear();
        return made.Id!;
    }

    // The events from the journal's first entry to the first look of the wait (an update or delete reads the integration first).
    private string[] UntilWait() => [.. Events.SkipWhile(e => !e.StartsWith("journal:", StringComparison.Ordinal))
        .TakeWhile(e => !e.StartsWith("GET ", StringComparison.Ordinal))];

    [Fact]
    public async Task A_create_is_journalled_as_sending_before_the_POST_and_accepted_with_Immutas_id_before_the_wait()
    {
        ChangeOutcome outcome = await Engine.CreateAsync(Databricks(), Options(), CancellationToken.None);

        Assert.Equal(ChangeState.Made, outcome.State);
        Assert.Equal(["journal: sending Create", "POST /integrations", $"journal: accepted Create {outcome.Id} creating", $"GET /integrations/{outcome.Id}"],
            Events.Take(4));
    }

    [Fact]
    public async Task An_update_is_journalled_around_its_PUT()
    {
        string id = await Existing();

        ChangeOutcome outcome = await Engine.UpdateAsync(id, Databricks(), Options(), CancellationToken.None);

        Assert.Equal(ChangeState.Made, outcome.State);
        Assert.Equal([$"journal: sending Update {id}", $"PUT /integrations/{id}", $"journal: accepted Update {id} editing"], UntilWait());
    }

    [Fact]
    public async Task A_delete_is_journalled_around_its_DELETE()
    {
        string id = await Existing();

        ChangeOutcome outcome = await Engine.DeleteAsync(id, Options(), CancellationToken.None);

        Assert.Equal(ChangeState.Made, outcome.State);
        Assert.Equal([$"journal: sending Delete {id}", $"DELETE /integrations/{id}", $"journal: accepted Delete {id} deleting"], UntilWait());
    }

    [Fact]
    public async Task A_replace_journals_its_delete_then_its_create_each_with_its_own_id()
    {
        string id = await Existing();
        var current = new List<Integration>();
        await _api.GetIntegrationsAsync(current.Add, CancellationToken.None);
        IntegrationPlanItem replace = Assert.Single(IntegrationPlanner.Plan([Databricks("other")], current, prune: false));
        Assert.Equal(IntegrationPlanAction.Replace, replace.Action);
        var journal = new RequestJournal();

        AppliedPlanItem applied = await new PlanApplier(Engine, Options()).ApplyAsync(replace, journal, CancellationToken.None);

        Assert.Null(applied.Error);
        string created = applied.Result.Id!;
        Assert.NotEqual(id, created);
        Assert.Equal([(ChangeRequest.Delete, id, true, "deleting"), (ChangeRequest.Create, created, true, "creating")],
            journal.Entries.Select(e => (e.Request, e.Id, e.Answered, e.Status)));
    }

    [Fact]
    public async Task A_dry_run_journals_nothing()
    {
        string id = await Existing();

        ChangeOutcome created = await Engine.CreateAsync(Databricks(workspace: "new.cloud.databricks.com"), Options(dryRun: true), CancellationToken.None);
        ChangeOutcome updated = await Engine.UpdateAsync(id, Databricks(), Options(dryRun: true), CancellationToken.None);
        ChangeOutcome deleted = await Engine.DeleteAsync(id, Options(dryRun: true), CancellationToken.None);

        Assert.All(new[] { created, updated, deleted }, outcome => Assert.Equal(ChangeState.Validated, outcome.State));
        Assert.Equal(["POST /integrations", $"PUT /integrations/{id}", $"DELETE /integrations/{id}"], Events.Where(e => !e.StartsWith("GET ", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_request_Immuta_refuses_is_journalled_as_sent_and_never_as_accepted()
    {
        string id = await Existing();

        // The catalog is fixed at creation: the emulator refuses the PUT (400).
        ChangeOutcome outcome = await Engine.UpdateAsync(id, Databricks("other"), Options(), CancellationToken.None);

        Assert.Equal(ChangeState.Failed, outcome.State);
        Assert.Equal([$"GET /integrations/{id}", $"journal: sending Update {id}", $"PUT /integrations/{id}"], Events);
    }

    [Fact]
    public async Task A_change_stopped_before_its_request_journals_nothing_and_sends_nothing()
    {
        string id = await Existing();
        using var stopped = new CancellationTokenSource();
        stopped.Cancel();

        // The integration as last read is given, as a sync gives it: nothing needs reading first.
        Integration current = await _api.GetIntegrationAsync(id, CancellationToken.None);
        lock (_events) _events.Clear();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Engine.DeleteAsync(id, Options(), stopped.Token, current));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Engine.CreateAsync(Databricks(workspace: "new.cloud.databricks.com"), Options(), stopped.Token));

        Assert.Empty(Events);
    }

    /// <summary>Adds each request to the list as it is sent.</summary>
    private sealed class EventHandler(HttpMessageHandler inner, Action<string> add) : DelegatingHandler(inner)
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            add($"{request.Method} {request.RequestUri!.AbsolutePath}");
            return base.SendAsync(request, cancellationToken);
        }
    }

    private sealed class EventJournal(Action<string> add) : IChangeJournal
    {
        public void Sending(ChangeRequest request, string? id) => add($"journal: sending {request}" + (id is null ? string.Empty : $" {id}"));

        public void Accepted(ChangeRequest request, string id, string status) => add($"journal: accepted {request} {id} {status}");
    }
}
