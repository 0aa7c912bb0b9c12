using ImmutaIntegrations.Core;
using ImmutaIntegrations.Core.Api;
using ImmutaIntegrations.Core.Changes;
using ImmutaIntegrations.Core.Http;
using ImmutaIntegrations.Core.Payloads;
using ImmutaIntegrations.Core.Payloads.Reading;
using ImmutaIntegrations.Core.Secrets;
using ImmutaIntegrations.Tests;

namespace ImmutaIntegrations.Core.Tests;

/// <summary>The engine's create, update, delete, regenerate and script calls against the in-memory emulator.</summary>
public sealed class ApiWriteTests : IAsyncLifetime
{
    private TestEmulator _emulator = null!;
    private ImmutaClient _client = null!;
    private IntegrationsApi _api = null!;

    public async Task InitializeAsync()
    {
        _emulator = await TestEmulator.StartAsync();
        _client = Clients.Create(_emulator.CreateHandler());
        _api = new IntegrationsApi(_client);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _emulator.DisposeAsync();
    }

    private static PreparedPayload Example(string name, Action<System.Collections.Specialized.OrderedDictionary>? change = null)
    {
        PayloadDocument document = PayloadFiles.Read(Path.Combine(AppContext.BaseDirectory, "examples", $"create-{name}.json"))[0];
        var root = (System.Collections.Specialized.OrderedDictionary)document.Root!;
        change?.Invoke(root);
        return PreparedPayload.From(document);
    }

    [Fact]
    public async Task Create_answers_the_new_id_and_creating_and_a_dry_run_only_results()
    {
        ChangeResult dry = await _api.CreateAsync(Example("snowflake"), dryRun: true, CancellationToken.None);
        ChangeResult created = await _api.CreateAsync(Example("snowflake"), dryRun: false, CancellationToken.None);

        Assert.Equal((string.Empty, string.Empty), (dry.Id, dry.Status));
        Assert.Equal("passed", dry.ValidationResults.Status);
        Assert.Equal(("1", "creating"), (created.Id, created.Status));
        Assert.Equal("enabled", (await _api.GetStatusAsync("1", CancellationToken.None)).Status);
    }

    [Fact]
    public async Task A_second_create_on_the_same_host_is_IntegrationExists_with_the_existing_id()
    {
        await _api.CreateAsync(Example("redshift"), false, CancellationToken.None);

        var error = await Assert.ThrowsAsync<ImmutaApiException>(() => _api.CreateAsync(Example("redshift"), false, CancellationToken.None));

        Assert.Equal(ImmutaErrorId.IntegrationExists, error.ErrorId);
        Assert.Equal("1", error.ConflictingId);
        Assert.Equal(409, error.StatusCode);
    }

    [Fact]
    public async Task A_rejected_prerequisite_is_PrerequisiteFailed()
    {
        PreparedPayload payload = Example("snowflake", root => ((System.Collections.Specialized.OrderedDictionary)root["config"]!)["role"] = "reject-role");

        var error = await Assert.ThrowsAsync<ImmutaApiException>(() => _api.CreateAsync(payload, false, CancellationToken.None));

        Assert.Equal((ImmutaErrorId.PrerequisiteFailed, 422), (error.ErrorId, error.StatusCode));
    }

    [Fact]
    public async Task The_request_body_resolves_references_and_the_log_shows_only_the_reference()
    {
        var log = new RecordingLog();
        var api = new IntegrationsApi(_client, log);
        string? saved = Environment.GetEnvironmentVariable("IMMUTA_TEST_S3_SECRET");
        Environment.SetEnvironmentVariable("IMMUTA_TEST_S3_SECRET", "s3-secret-from-env");
        try
        {
            PreparedPayload payload = Example("s3",
                root => ((System.Collections.Specialized.OrderedDictionary)root["config"]!)["awsSecretAccessKey"] = "${env:IMMUTA_TEST_S3_SECRET}");
            await api.CreateAsync(payload, false, CancellationToken.None);
        }
        finally
        {
            Environment.SetEnvironmentVariable("IMMUTA_TEST_S3_SECRET", saved);
        }

        // The log shows where the secret comes from, never the secret.
        Assert.Contains(log.Lines, l => l.Contains("\"awsSecretAccessKey\":\"${env:IMMUTA_TEST_S3_SECRET}\""));
        Assert.All(log.Lines, l => Assert.DoesNotContain("s3-secret-from-env", l));
    }

    [Fact]
    public async Task Update_answers_editing_and_a_busy_integration_is_IntegrationBusy()
    {
        await using TestEmulator slow = await TestEmulator.StartAsync(configure: o => o.TransitionDelay = TimeSpan.FromSeconds(30));
        using ImmutaClient client = Clients.Create(slow.CreateHandler());
        var api = new IntegrationsApi(client);
        ChangeResult created = await api.CreateAsync(Example("databricks"), false, CancellationToken.None);

        var busy = await Assert.ThrowsAsync<ImmutaApiException>(() => api.UpdateAsync(created.Id, Example("databricks"), false, CancellationToken.None));
        ChangeResult other = await _api.CreateAsync(Example("databricks"), false, CancellationToken.None);
        ChangeResult edited = await _api.UpdateAsync(other.Id, Example("databricks"), false, CancellationToken.None);

        Assert.Equal(ImmutaErrorId.IntegrationBusy, busy.ErrorId);
        Assert.Equal("editing", edited.Status);
    }

    [Fact]
    public async Task Delete_sends_credentials_only_when_given_and_names_the_credential_errors()
    {
        string snowflake = (await _api.CreateAsync(Example("snowflake"), false, CancellationToken.None)).Id;
        string databricks = (await _api.CreateAsync(Example("databricks"), false, CancellationToken.None)).Id;
        var credentials = new DeleteCredentials("admin", SecretText.Protect("pw"), "ACCOUNTADMIN");

        var missing = await Assert.ThrowsAsync<ImmutaApiException>(() => _api.DeleteAsync(snowflake, null, false, false, CancellationToken.None));
        var unwanted = await Assert.ThrowsAsync<ImmutaApiException>(() => _api.DeleteAsync(databricks, credentials, false, false, CancellationToken.None));
        ChangeResult deleting = await _api.DeleteAsync(snowflake, credentials, false, false, CancellationToken.None);
        ChangeResult forced = await _api.DeleteAsync(databricks, null, false, forceDisable: true, CancellationToken.None);
        var gone = await Assert.ThrowsAsync<ImmutaApiException>(() => _api.DeleteAsync("99", null, false, false, CancellationToken.None));

        Assert.Equal(ImmutaErrorId.CredentialsRequired, missing.ErrorId);
        Assert.Equal(ImmutaErrorId.CredentialsNotAccepted, unwanted.ErrorId);
        Assert.Equal("deleting", deleting.Status);
        // A force-disable deletes it in Immuta, as any deletion does (docs/api-contract.md §4).
        Assert.Equal("deleting", forced.Status);
        Assert.Equal((ImmutaErrorId.IntegrationNotFound, "No integration found with ID 99."), (gone.ErrorId, gone.Message));
    }

    [Fact]
    public void Delete_credentials_show_the_password_only_on_the_wire()
    {
        var credentials = new DeleteCredentials("admin", SecretText.Protect("p@ss"), "ACCOUNTADMIN");

        Assert.Equal(
            "{\"authenticationType\":\"userPassword\",\"username\":\"admin\",\"password\":\"p@ss\",\"role\":\"ACCOUNTADMIN\"}",
            credentials.ToJson(reveal: true));
        Assert.Equal(
            "{\"authenticationType\":\"userPassword\",\"username\":\"admin\",\"password\":\"<REDACTED>\",\"role\":\"ACCOUNTADMIN\"}",
            credentials.ToJson(reveal: false));
    }

    [Fact]
    public async Task Regenerate_returns_a_new_key_for_Trino_only()
    {
        string trino = (await _api.CreateAsync(Example("trino"), false, CancellationToken.None)).Id;
        string s3 = (await _api.CreateAsync(Example("s3"), false, CancellationToken.None)).Id;
        Integration before = await _api.GetIntegrationAsync(trino, CancellationToken.None);

        string key = await _api.RegenerateApiKeyAsync(trino, CancellationToken.None);
        var other = await Assert.ThrowsAsync<ImmutaApiException>(() => _api.RegenerateApiKeyAsync(s3, CancellationToken.None));

        Assert.NotEqual(SecretText.Reveal(before.ApiKey!), key);
        Assert.Equal(key, SecretText.Reveal((await _api.GetIntegrationAsync(trino, CancellationToken.None)).ApiKey!));
        Assert.Equal(400, other.StatusCode);
    }

    [Theory]
    [InlineData(IntegrationScriptKind.Create)]
    [InlineData(IntegrationScriptKind.Cleanup)]
    [InlineData(IntegrationScriptKind.InitialCreate)]
    [InlineData(IntegrationScriptKind.PostCleanup)]
    public async Task Payload_scripts_come_back_as_text(IntegrationScriptKind kind)
    {
        PreparedPayload payload = Example("synapse", root => root["autoBootstrap"] = false);

        string script = await _api.GetScriptAsync(kind, null, payload, CancellationToken.None);

        Assert.Contains("Azure Synapse Analytics", script);
        Assert.True(Scripts.ScriptRunner.Statements(script).Length > 0);
    }

    [Fact]
    public async Task Edit_and_delete_scripts_are_for_an_integration()
    {
        PreparedPayload payload = Example("snowflake", root =>
        {
            root["autoBootstrap"] = false;
            ((System.Collections.Specialized.OrderedDictionary)root["config"]!).Remove("role");
        });
        string id = (await _api.CreateAsync(payload, false, CancellationToken.None)).Id;

        string edit = await _api.GetScriptAsync(IntegrationScriptKind.Edit, id, payload, CancellationToken.None);
        string delete = await _api.GetScriptAsync(IntegrationScriptKind.Delete, id, null, CancellationToken.None);

        Assert.Contains($"Integration id: {id}", edit);
        Assert.Contains("DROP", delete, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("text/plain", "SELECT 1;", "SELECT 1;")]
    [InlineData("application/json", "\"SELECT 1;\"", "SELECT 1;")]
    [InlineData("application/json", "{\"script\":\"SELECT 1;\"}", "SELECT 1;")]
    [InlineData(null, "{\"script\":\"SELECT 2;\"}", "SELECT 2;")]
    public void A_script_may_travel_as_text_a_JSON_string_or_an_object(string? mediaType, string body, string expected)
    {
        Assert.Equal(expected, ScriptAnswer.Read(body, mediaType));
    }

    [Fact]
    public async Task A_raw_call_answers_plain_values()
    {
        await _api.CreateAsync(Example("trino"), false, CancellationToken.None);

        object? status = await _api.InvokeAsync(HttpMethod.Get, "/integrations/1/status", null, null, CancellationToken.None);

        var map = Assert.IsType<System.Collections.Specialized.OrderedDictionary>(status);
        Assert.Equal(1L, map["id"]);
        Assert.Equal("enabled", map["status"]);
    }
}
