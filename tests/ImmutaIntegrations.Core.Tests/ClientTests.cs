using System.Net;
using System.Collections.Specialized;
using ImmutaIntegrations.Core;
using ImmutaIntegrations.Core.Api;
using ImmutaIntegrations.Core.Http;
using ImmutaIntegrations.Core.Secrets;
using ImmutaIntegrations.Tests;

namespace ImmutaIntegrations.Core.Tests;

/// <summary>The engine against the in-memory emulator: the read path end to end, both ways of authenticating.</summary>
public sealed class ClientTests : IAsyncLifetime
{
    private TestEmulator _emulator = null!;

    public async Task InitializeAsync() => _emulator = await TestEmulator.StartAsync(SampleData.Seed);

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    [Fact]
    public async Task Reads_one_integration_as_a_typed_object()
    {
        using ImmutaClient client = Clients.Create(_emulator.CreateHandler());

        Integration snowflake = await new IntegrationsApi(client).GetIntegrationAsync("1", CancellationToken.None);

        Assert.Equal("1", snowflake.Id);
        Assert.Equal("Snowflake", snowflake.Type);
        Assert.Equal("enabled", snowflake.Status);
        Assert.True(snowflake.AutoBootstrap);
        Assert.Equal("acme.us-east-1.snowflakecomputing.com", snowflake.Config["HOST"]);
        Assert.Equal(443L, snowflake.Config["port"]);
        Assert.False((bool)((OrderedDictionary)snowflake.Config["audit"]!)["enabled"]!);
        Assert.Equal("<REDACTED>", snowflake.Config["password"]);
        Assert.Equal("passed", snowflake.ValidationResults!.Status);
        Assert.Equal(7, snowflake.ValidationResults.ValidationTests.Length);
        Assert.Equal("skipped", snowflake.ValidationResults.ValidationTests.Single(t => t.Name.Contains("Impersonation Role")).Status);
        Assert.Equal("6/6 passed", snowflake.ValidationResults.Summary);
    }

    [Fact]
    public async Task Streams_the_whole_list_in_order()
    {
        using ImmutaClient client = Clients.Create(_emulator.CreateHandler());
        var seen = new List<Integration>();

        int count = await new IntegrationsApi(client).GetIntegrationsAsync(seen.Add, CancellationToken.None);

        Assert.Equal(4, count);
        Assert.Equal(["1", "2", "3", "4"], seen.Select(i => i.Id));
        Assert.Equal("1/1 failed", seen[2].ValidationResults!.Summary);
        Assert.Equal("Connection refused.", seen[2].ValidationResults!.ValidationTests[0].Message);
        Assert.Null(seen[3].AutoBootstrap);
        // Trino's key is kept encrypted on the object; no config value shows it, the snippet included.
        string key = SecretText.Reveal(seen[3].ApiKey!);
        Assert.Matches("^[0-9a-f]{40}$", key);
        Assert.Equal("<REDACTED>", seen[3].Config["apiKey"]);
        Assert.Contains("immuta.apikey=<REDACTED>", (string)seen[3].Config["configurationSnippet"]!);
        Assert.DoesNotContain(key, (string)seen[3].Config["configurationSnippet"]!);
    }

    [Fact]
    public async Task Reads_a_status_whose_id_is_a_number()
    {
        using ImmutaClient client = Clients.Create(_emulator.CreateHandler());

        IntegrationStatus status = await new IntegrationsApi(client).GetStatusAsync("3", CancellationToken.None);

        Assert.Equal("3", status.Id);
        Assert.Equal("createError", status.Status);
    }

    [Fact]
    public async Task An_unknown_id_is_IntegrationNotFound_with_Immutas_message()
    {
        using ImmutaClient client = Clients.Create(_emulator.CreateHandler());

        var error = await Assert.ThrowsAsync<ImmutaApiException>(() => new IntegrationsApi(client).GetIntegrationAsync("99", CancellationToken.None));

        Assert.Equal(ImmutaErrorId.IntegrationNotFound, error.ErrorId);
        Assert.Equal(404, error.StatusCode);
        Assert.Equal("No Integration found with ID 99.", error.Message);
        Assert.Equal("GET", error.Method);
    }

    [Fact]
    public async Task A_wrong_key_is_Unauthorized_and_the_key_check_says_AuthenticationFailed()
    {
        using ImmutaClient client = Clients.Create(_emulator.CreateHandler(), key: "wrong-key");

        var read = await Assert.ThrowsAsync<ImmutaApiException>(() => new IntegrationsApi(client).GetStatusAsync("1", CancellationToken.None));
        var check = await Assert.ThrowsAsync<ImmutaApiException>(() => client.CheckKeyAsync(NullImmutaLog.Instance, CancellationToken.None));
        var exchange = await Assert.ThrowsAsync<ImmutaApiException>(() => client.AuthenticateAsync(NullImmutaLog.Instance, CancellationToken.None));

        Assert.Equal((401, ImmutaErrorId.Unauthorized), (read.StatusCode, read.ErrorId));
        Assert.Equal((401, ImmutaErrorId.AuthenticationFailed), (check.StatusCode, check.ErrorId));
        Assert.Equal((401, ImmutaErrorId.AuthenticationFailed, "Invalid API key."), (exchange.StatusCode, exchange.ErrorId, exchange.Message));
    }

    [Fact]
    public async Task The_raw_key_is_checked_on_the_Integrations_API_itself_with_one_request_and_never_through_the_exchange()
    {
        // A tenant that does not serve the key exchange, while /integrations accepts the key.
        var handler = new ScriptedHandler(request => request.RequestUri!.AbsolutePath.StartsWith("/bim", StringComparison.Ordinal)
            ? ScriptedHandler.Status(HttpStatusCode.NotFound, "{\"message\": \"Not Found\"}")(request)
            : ScriptedHandler.Status(HttpStatusCode.OK, "[]")(request));
        using ImmutaClient client = Clients.Create(handler);

        await client.CheckKeyAsync(NullImmutaLog.Instance, CancellationToken.None);

        Assert.Equal(["GET /integrations"], handler.Requests);
    }

    [Fact]
    public async Task A_key_without_APPLICATION_ADMIN_fails_the_key_check_as_Forbidden()
    {
        using ImmutaClient client = Clients.Create(_emulator.CreateHandler(), key: TestEmulator.NonAdminKey);

        var check = await Assert.ThrowsAsync<ImmutaApiException>(() => client.CheckKeyAsync(NullImmutaLog.Instance, CancellationToken.None));

        Assert.Equal((403, ImmutaErrorId.Forbidden), (check.StatusCode, check.ErrorId));
    }

    [Fact]
    public async Task A_key_without_APPLICATION_ADMIN_is_Forbidden()
    {
        using ImmutaClient client = Clients.Create(_emulator.CreateHandler(), key: TestEmulator.NonAdminKey);

        var error = await Assert.ThrowsAsync<ImmutaApiException>(() => new IntegrationsApi(client).GetIntegrationAsync("1", CancellationToken.None));

        Assert.Equal((403, ImmutaErrorId.Forbidden), (error.StatusCode, error.ErrorId));
    }

    [Fact]
    public async Task The_raw_key_is_the_whole_Authorization_header()
    {
        var recorder = new RecordingHandler(_emulator.CreateHandler());
        using ImmutaClient client = Clients.Create(recorder);

        await new IntegrationsApi(client).GetStatusAsync("1", CancellationToken.None);

        Assert.Equal(TestEmulator.ApiKey, Assert.Single(recorder.Requests).Authorization);
    }

    [Fact]
    public async Task Bearer_mode_exchanges_the_key_once_and_sends_the_token()
    {
        var recorder = new RecordingHandler(_emulator.CreateHandler());
        using ImmutaClient client = Clients.Create(recorder, mode: ImmutaAuthMode.Bearer);
        var api = new IntegrationsApi(client);

        await api.GetStatusAsync("1", CancellationToken.None);
        await api.GetIntegrationAsync("2", CancellationToken.None);

        Assert.Equal(["/bim/apikey/authenticate", "/integrations/1/status", "/integrations/2"], recorder.Requests.Select(r => r.Path));
        Assert.StartsWith("Bearer ", recorder.Requests[1].Authorization);
        Assert.Equal(recorder.Requests[1].Authorization, recorder.Requests[2].Authorization);
        Assert.DoesNotContain(TestEmulator.ApiKey, recorder.Requests[1].Authorization);
    }

    [Fact]
    public async Task Bearer_mode_authenticates_again_once_when_the_token_has_expired()
    {
        var recorder = new RecordingHandler(_emulator.CreateHandler());
        using ImmutaClient client = Clients.Create(recorder, mode: ImmutaAuthMode.Bearer);
        var api = new IntegrationsApi(client);
        await api.GetStatusAsync("1", CancellationToken.None);

        _emulator.Clock.Advance(_emulator.Options.TokenLifetime + TimeSpan.FromMinutes(1));
        IntegrationStatus status = await api.GetStatusAsync("1", CancellationToken.None);

        Assert.Equal("enabled", status.Status);
        Assert.Equal(
            ["/bim/apikey/authenticate", "/integrations/1/status", "/integrations/1/status", "/bim/apikey/authenticate", "/integrations/1/status"],
            recorder.Requests.Select(r => r.Path));
        Assert.NotEqual(recorder.Requests[1].Authorization, recorder.Requests[4].Authorization);
    }

    [Fact]
    public async Task Bearer_mode_gives_up_after_one_new_token_is_refused_too()
    {
        // Every token is refused: the client must not loop.
        var handler = new FakeHandler((request, _) => Task.FromResult(request.RequestUri!.AbsolutePath.EndsWith("authenticate")
            ? new HttpResponseMessage(System.Net.HttpStatusCode.OK) { Content = new StringContent("{\"authenticated\":true,\"token\":\"t\"}") }
            : new HttpResponseMessage(System.Net.HttpStatusCode.Unauthorized) { Content = new StringContent("{\"statusCode\":401,\"error\":\"Unauthorized\",\"message\":\"Token expired.\"}") }));
        using ImmutaClient client = Clients.Create(handler, mode: ImmutaAuthMode.Bearer);

        var error = await Assert.ThrowsAsync<ImmutaApiException>(() => new IntegrationsApi(client).GetStatusAsync("1", CancellationToken.None));

        Assert.Equal("Token expired.", error.Message);
        Assert.Equal(4, handler.Calls);
    }

    [Fact]
    public async Task The_log_shows_each_request_and_never_the_key()
    {
        var log = new RecordingLog();
        using ImmutaClient client = Clients.Create(_emulator.CreateHandler(), mode: ImmutaAuthMode.Bearer);

        await new IntegrationsApi(client, log).GetIntegrationAsync("1", CancellationToken.None);

        Assert.Contains(log.Lines, l => l == "VERBOSE: GET http://localhost/integrations/1");
        Assert.Contains(log.Lines, l => l.StartsWith("DEBUG: 200 OK from GET http://localhost/integrations/1 in "));
        Assert.Contains(log.Lines, l => l.Contains("Authorization: <REDACTED>"));
        Assert.All(log.Lines, l => Assert.DoesNotContain(TestEmulator.ApiKey, l));
    }
}
