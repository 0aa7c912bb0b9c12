using System.Collections.Specialized;
using System.Net;
using ImmutaIntegrations.Core.Api;
using ImmutaIntegrations.Core.Changes;
using ImmutaIntegrations.Core.Http;
using ImmutaIntegrations.Core.Payloads;
using ImmutaIntegrations.Core.Payloads.Reading;
using ImmutaIntegrations.Core.Scripts;
using ImmutaIntegrations.Tests;

namespace ImmutaIntegrations.Core.Tests;

/// <summary>
/// The change engine against the in-memory emulator: the order of the requests and scripts of each workflow, the
/// checks made before anything is sent, and what each outcome says.
/// </summary>
public sealed class ChangeEngineTests : IAsyncLifetime
{
    private TestEmulator _emulator = null!;
    private RecordingHandler _requests = null!;
    private ImmutaClient _client = null!;
    private IntegrationsApi _api = null!;
    private readonly RecordingLog _log = new();
    private readonly RecordingProgress _progress = new();
    private readonly RecordingExecutor _platform = new();

    public async Task InitializeAsync()
    {
        _emulator = await TestEmulator.StartAsync();
        _requests = new RecordingHandler(_emulator.CreateHandler());
        _client = Clients.Create(_requests);
        _api = new IntegrationsApi(_client, _log);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _emulator.DisposeAsync();
    }

    private IntegrationChanges Engine => new(_api, _log, _progress);

    private static PreparedPayload Example(string name, Action<OrderedDictionary>? change = null)
    {
        PayloadDocument document = PayloadFiles.Read(Path.Combine(AppContext.BaseDirectory, "examples", $"create-{name}.json"))[0];
        var root = (OrderedDictionary)document.Root!;
        change?.Invoke((OrderedDictionary)root["config"]!);
        return PreparedPayload.From(document);
    }

    // The example made a manual setup: autoBootstrap false, without what only an automatic setup takes.
    private static PreparedPayload Manual(string name, Action<OrderedDictionary>? change = null)
    {
        PayloadDocument document = PayloadFiles.Read(Path.Combine(AppContext.BaseDirectory, "examples", $"create-{name}.json"))[0];
        var root = (OrderedDictionary)document.Root!;
        root["autoBootstrap"] = false;
        var config = (OrderedDictionary)root["config"]!;
        config.Remove("role");
        config.Remove("initialDatabase");
        change?.Invoke(config);
        return PreparedPayload.From(document);
    }

    private ChangeOptions Options(ScriptMode scripts = ScriptMode.None, bool wait = true) => new()
    {
        Scripts = scripts,
        Executor = scripts == ScriptMode.None ? null : _platform,
        Wait = wait,
        Timeout = TimeSpan.FromSeconds(30),
        PollInterval = TimeSpan.FromMilliseconds(10),
    };

    private string[] Sent() => _requests.Requests.Where(r => r.Method != HttpMethod.Get).Select(r => $"{r.Method} {r.Path}").ToArray();

    [Fact]
    public async Task A_manual_Redshift_setup_runs_both_setup_scripts_before_the_create_and_ends_enabled()
    {
        ChangeOutcome outcome = await Engine.CreateAsync(Manual("redshift"), Options(ScriptMode.Always), CancellationToken.None);

        Assert.Null(outcome.Error);
        Assert.Equal(ChangeState.Made, outcome.State);
        Assert.Equal("enabled", outcome.Integration!.Status);
        Assert.Equal(["POST /integrations/scripts/initial-create", "POST /integrations/scripts/create", "POST /integrations"], Sent());
        Assert.Equal(["InitialCreate", "Create"], outcome.Scripts.Select(s => s.Script).Distinct());
        Assert.All(outcome.Scripts, s => Assert.Equal("Succeeded", s.Status));
        Assert.Equal(outcome.Scripts.Count, _platform.Ran.Count);
        Assert.Equal(["InitialCreate", "Create"], _progress.ScriptsEnded);
        Assert.Equal(1, _progress.WaitsEnded);
    }

    [Fact]
    public async Task A_manual_create_that_ends_in_createError_runs_the_cleanup_script_and_fails_with_the_failed_test()
    {
        PreparedPayload payload = Manual("snowflake", config => config["warehouse"] = "fail-warehouse");

        ChangeOutcome outcome = await Engine.CreateAsync(payload, Options(ScriptMode.Always), CancellationToken.None);

        Assert.Equal(ChangeState.Failed, outcome.State);
        var failed = Assert.IsType<ImmutaIntegrationFailedException>(outcome.Error);
        Assert.Equal("createError", failed.Integration.Status);
        Assert.Equal("createError", outcome.Integration!.Status);
        Assert.Equal(["POST /integrations/scripts/create", "POST /integrations", "POST /integrations/scripts/cleanup"], Sent());
        Assert.Equal(["Create", "Cleanup"], outcome.Scripts.Select(s => s.Script).Distinct());
        Assert.Contains(_log.Lines, l => l.StartsWith("WARNING: The creation failed: running the Cleanup script", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_manual_create_refused_at_once_runs_the_cleanup_scripts_and_reports_PrerequisiteFailed()
    {
        PreparedPayload payload = Manual("synapse", config => config["schema"] = "reject-schema");

        ChangeOutcome outcome = await Engine.CreateAsync(payload, Options(ScriptMode.Always), CancellationToken.None);

        Assert.Equal(ImmutaErrorId.PrerequisiteFailed, Assert.IsType<ImmutaApiException>(outcome.Error).ErrorId);
        Assert.Null(outcome.Id);
        Assert.Equal(
            ["POST /integrations/scripts/initial-create", "POST /integrations/scripts/create", "POST /integrations",
             "POST /integrations/scripts/cleanup", "POST /integrations/scripts/post-cleanup"], Sent());
    }

    [Theory]
    [InlineData("snowflake", "is for payloads with autoBootstrap: false")]
    [InlineData("s3", "has no setup scripts")]
    public async Task A_manual_setup_of_what_has_none_is_refused_before_anything_is_sent(string name, string expected)
    {
        ChangeOutcome outcome = await Engine.CreateAsync(Example(name), Options(ScriptMode.Always), CancellationToken.None);

        Assert.Equal(ChangeState.Failed, outcome.State);
        Assert.Contains(expected, Assert.IsType<ArgumentException>(outcome.Error).Message);
        Assert.Empty(_requests.Requests);
    }

    [Fact]
    public async Task Scripts_asked_for_without_an_executor_are_refused_before_anything_is_sent()
    {
        ChangeOptions options = Options(ScriptMode.Always);
        options.Executor = null;

        ChangeOutcome outcome = await Engine.CreateAsync(Manual("databricks"), options, CancellationToken.None);

        var refused = Assert.IsType<ImmutaRefusedException>(outcome.Error);
        Assert.Equal((ImmutaErrorId.ScriptExecutorMissing, ChangeRules.ExecutorMissing), (refused.ErrorId, refused.Message));
        Assert.Empty(_requests.Requests);
    }

    [Fact]
    public async Task Where_scripts_run_only_for_manual_setups_a_manual_create_without_an_executor_warns_and_is_made()
    {
        ChangeOptions options = Options(ScriptMode.WhereManual);
        options.Executor = null;

        ChangeOutcome outcome = await Engine.CreateAsync(Manual("databricks"), options, CancellationToken.None);

        Assert.Equal(ChangeState.Made, outcome.State);
        Assert.Equal(["POST /integrations"], Sent());
        Assert.Contains(_log.Lines, l => l.Contains("its setup scripts are not run here", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_dry_run_only_validates()
    {
        ChangeOptions options = Options();
        options.DryRun = true;

        ChangeOutcome outcome = await Engine.CreateAsync(Example("databricks"), options, CancellationToken.None);

        Assert.Equal(ChangeState.Validated, outcome.State);
        Assert.Equal("passed", outcome.Validation!.Status);
        Assert.Empty(await _api.GetIntegrationsAsyncList());
    }

    [Fact]
    public async Task An_update_of_a_field_believed_fixed_is_sent_after_a_warning_and_Immutas_answer_is_the_outcome()
    {
        ChangeOutcome created = await Engine.CreateAsync(Example("snowflake"), Options(), CancellationToken.None);

        ChangeOutcome outcome = await Engine.UpdateAsync(created.Id!, Example("snowflake", c => c["database"] = "OTHER"), Options(), CancellationToken.None);

        Assert.Single(_requests.Requests, r => r.Method == HttpMethod.Put);
        var refused = Assert.IsType<ImmutaApiException>(outcome.Error);
        Assert.Equal((400, ImmutaErrorId.PayloadRejected), (refused.StatusCode, refused.ErrorId));
        Assert.Contains(_log.Lines, l => l.StartsWith("WARNING: config.database is believed fixed at creation", StringComparison.Ordinal)
            && l.Contains("-AllowReplace", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_update_with_a_payload_of_another_type_is_refused_before_the_PUT()
    {
        ChangeOutcome created = await Engine.CreateAsync(Example("snowflake"), Options(), CancellationToken.None);

        ChangeOutcome outcome = await Engine.UpdateAsync(created.Id!, Example("databricks"), Options(), CancellationToken.None);

        Assert.Equal(ImmutaErrorId.ImmutableFieldChanged, Assert.IsType<ImmutaRefusedException>(outcome.Error).ErrorId);
        Assert.DoesNotContain(_requests.Requests, r => r.Method == HttpMethod.Put);
    }

    [Fact]
    public async Task A_manual_update_runs_the_edit_script_before_the_PUT()
    {
        ChangeOutcome created = await Engine.CreateAsync(Manual("snowflake"), Options(), CancellationToken.None);

        ChangeOutcome outcome = await Engine.UpdateAsync(created.Id!, Manual("snowflake", c => c["warehouse"] = "WH2"), Options(ScriptMode.Always),
            CancellationToken.None);

        Assert.Equal(ChangeState.Made, outcome.State);
        Assert.Equal("WH2", outcome.Integration!.Config["warehouse"]);
        Assert.Equal(["POST /integrations", $"POST /integrations/{created.Id}/scripts/edit", $"PUT /integrations/{created.Id}"], Sent());
    }

    [Fact]
    public async Task Deleting_an_automatic_Snowflake_without_the_privileged_account_is_refused_before_the_DELETE()
    {
        ChangeOutcome created = await Engine.CreateAsync(Example("snowflake"), Options(), CancellationToken.None);
        ChangeOptions options = Options();
        options.CanForceDisable = true;

        ChangeOutcome outcome = await Engine.DeleteAsync(created.Id!, options, CancellationToken.None);

        var error = Assert.IsType<ImmutaRefusedException>(outcome.Error);
        Assert.Equal(ImmutaErrorId.CredentialsRequired, error.ErrorId);
        Assert.Contains("or use -ForceDisable", error.Message);
        Assert.DoesNotContain(_requests.Requests, r => r.Method == HttpMethod.Delete);
    }

    [Fact]
    public async Task The_privileged_account_goes_with_the_DELETE_and_takes_the_integrations_own_role()
    {
        ChangeOutcome created = await Engine.CreateAsync(Example("snowflake"), Options(), CancellationToken.None);
        ChangeOptions options = Options();
        options.Credentials = new DeleteCredentials("admin", Clients.Key("admin-secret"), null);

        ChangeOutcome outcome = await Engine.DeleteAsync(created.Id!, options, CancellationToken.None);

        Assert.Null(outcome.Error);
        Assert.Equal(ChangeState.Made, outcome.State);
        Assert.Equal("deleted", outcome.Integration!.Status);
        Assert.Contains(_log.Lines, l => l.StartsWith("DEBUG: DELETE", StringComparison.Ordinal) && l.Contains("\"role\":\"ACCOUNTADMIN\"", StringComparison.Ordinal));
        Assert.DoesNotContain(_log.Lines, l => l.Contains("admin-secret", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Credentials_for_an_integration_that_takes_none_are_left_out_with_a_warning_unless_they_are_shared()
    {
        ChangeOutcome first = await Engine.CreateAsync(Example("databricks"), Options(), CancellationToken.None);
        ChangeOutcome second = await Engine.CreateAsync(Example("databricks", c => c["workspaceUrl"] = "other.cloud.databricks.com"), Options(),
            CancellationToken.None);
        ChangeOptions options = Options();
        options.Credentials = new DeleteCredentials("admin", Clients.Key("admin-secret"), "ROLE");

        ChangeOutcome warned = await Engine.DeleteAsync(first.Id!, options, CancellationToken.None);
        options.WarnWhenCredentialsUnused = false;
        ChangeOutcome quiet = await Engine.DeleteAsync(second.Id!, options, CancellationToken.None);

        Assert.Equal((ChangeState.Made, ChangeState.Made), (warned.State, quiet.State));
        Assert.Single(_log.Lines, l => l.Contains("takes no credentials to be removed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_manual_cleanup_runs_the_delete_script_before_the_DELETE()
    {
        ChangeOutcome created = await Engine.CreateAsync(Manual("snowflake"), Options(), CancellationToken.None);
        var platform = new RecordingExecutor(() => Sent());

        ChangeOptions options = Options(ScriptMode.Always);
        options.Executor = platform;

        ChangeOutcome outcome = await Engine.DeleteAsync(created.Id!, options, CancellationToken.None);

        Assert.Equal(ChangeState.Made, outcome.State);
        Assert.Equal(["POST /integrations", $"POST /integrations/{created.Id}/scripts/delete", $"DELETE /integrations/{created.Id}"], Sent());
        Assert.NotEmpty(outcome.Scripts);
        Assert.All(outcome.Scripts, s => Assert.Equal("Delete", s.Script));
        // Every statement ran while nothing had been deleted in Immuta yet.
        Assert.All(platform.SentBefore, sent => Assert.DoesNotContain(sent, r => r.StartsWith("DELETE", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_failed_delete_script_deletes_nothing_in_Immuta_and_says_the_integration_is_still_there()
    {
        ChangeOutcome created = await Engine.CreateAsync(Manual("snowflake"), Options(), CancellationToken.None);
        ChangeOptions options = Options(ScriptMode.Always);
        options.Executor = StatementExecutor.From((statement, _) => statement.Number == 2
            ? throw new InvalidOperationException("Insufficient privileges to operate on role 'IMMUTA_SYSTEM_ACCOUNT_ROLE'")
            : Task.FromResult<int?>(0));

        ChangeOutcome outcome = await Engine.DeleteAsync(created.Id!, options, CancellationToken.None);

        var failed = Assert.IsType<ImmutaScriptException>(outcome.Error);
        Assert.Contains("at statement 2", failed.Message);
        Assert.Contains("Insufficient privileges", failed.Message);
        Assert.Contains($"Nothing was deleted in Immuta: integration {created.Id} is still there", failed.Message);
        Assert.DoesNotContain(_requests.Requests, r => r.Method == HttpMethod.Delete);
        Assert.Equal("enabled", (await _api.GetStatusAsync(created.Id!, CancellationToken.None)).Status);
    }

    [Fact]
    public async Task A_manual_Databricks_integration_is_removed_with_a_DELETE_alone_and_needs_no_executor()
    {
        ChangeOutcome created = await Engine.CreateAsync(Manual("databricks"), Options(), CancellationToken.None);
        ChangeOptions options = Options(ScriptMode.Always);
        options.Executor = null;

        ChangeOutcome outcome = await Engine.DeleteAsync(created.Id!, options, CancellationToken.None);

        Assert.Null(outcome.Error);
        Assert.Equal(["POST /integrations", $"DELETE /integrations/{created.Id}"], Sent());
        Assert.Contains(_log.Lines, l => l.Contains("is removed with a DELETE alone, and needs no executor", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_change_that_does_not_settle_in_time_is_made_but_unconfirmed()
    {
        await using TestEmulator slow = await TestEmulator.StartAsync(configure: o => o.TransitionDelay = TimeSpan.FromMinutes(10));
        using ImmutaClient client = Clients.Create(slow.CreateHandler());
        var engine = new IntegrationChanges(new IntegrationsApi(client), _log);
        ChangeOptions options = Options();
        options.Timeout = TimeSpan.FromMilliseconds(100);

        ChangeOutcome outcome = await engine.CreateAsync(Example("databricks"), options, CancellationToken.None);

        Assert.Equal(ChangeState.MadeUnconfirmed, outcome.State);
        Assert.Equal(ImmutaErrorId.WaitTimeout, Assert.IsType<ImmutaApiException>(outcome.Error).ErrorId);
        Assert.Equal("creating", outcome.Integration!.Status);
    }

    [Fact]
    public async Task A_change_whose_read_back_fails_is_made_but_unconfirmed_and_described_by_its_answer()
    {
        // Every read of an integration fails; the create itself goes through.
        var failingReads = new FakeHandler(async (request, token) =>
        {
            if (request.Method == HttpMethod.Get) return new HttpResponseMessage(HttpStatusCode.BadGateway) { Content = new StringContent("busy") };
            return await new HttpMessageInvoker(_emulator.CreateHandler()).SendAsync(request, token);
        });
        using ImmutaClient client = Clients.Create(failingReads, maxRetries: 0);
        var engine = new IntegrationChanges(new IntegrationsApi(client), _log);

        ChangeOutcome outcome = await engine.CreateAsync(Example("databricks"), Options(wait: false), CancellationToken.None);

        Assert.Equal(ChangeState.MadeUnconfirmed, outcome.State);
        Assert.Null(outcome.Error);
        Assert.Equal(("1", "creating", "Databricks"), (outcome.Integration!.Id, outcome.Integration.Status, outcome.Integration.Type));
        Assert.Equal("<REDACTED>", outcome.Integration.Config["token"]);
        Assert.Contains(_log.Lines, l => l.StartsWith("WARNING: Integration 1 was created, but reading it back failed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_connection_wide_failure_is_thrown_not_returned()
    {
        using ImmutaClient wrongKey = Clients.Create(_emulator.CreateHandler(), key: "wrong-key");
        var engine = new IntegrationChanges(new IntegrationsApi(wrongKey));

        var error = await Assert.ThrowsAsync<ImmutaApiException>(() => engine.CreateAsync(Example("databricks"), Options(), CancellationToken.None));

        Assert.Equal(401, error.StatusCode);
    }

    private sealed class RecordingExecutor(Func<string[]>? sent = null) : IStatementExecutor
    {
        public List<string> Ran { get; } = new();

        /// <summary>What had been sent to Immuta (but reads) when each statement ran.</summary>
        public List<string[]> SentBefore { get; } = new();

        public Task<int?> ExecuteAsync(ScriptStatement statement, CancellationToken cancellationToken)
        {
            lock (Ran)
            {
                Ran.Add(statement.Text);
                if (sent != null) SentBefore.Add(sent());
            }
            return Task.FromResult<int?>(0);
        }
    }

    private sealed class RecordingProgress : IChangeProgress
    {
        public List<string> ScriptsEnded { get; } = new();

        public int WaitsEnded { get; private set; }

        public void Waiting(WaitProgress progress)
        {
        }

        public void WaitEnded() => WaitsEnded++;

        public void RunningScript(ScriptProgress progress)
        {
        }

        public void ScriptEnded(string script) => ScriptsEnded.Add(script);
    }
}

internal static class IntegrationsApiTestExtensions
{
    public static async Task<List<Integration>> GetIntegrationsAsyncList(this IntegrationsApi api)
    {
        var all = new List<Integration>();
        await api.GetIntegrationsAsync(all.Add, CancellationToken.None);
        return all;
    }
}
