using System.Management.Automation;
using System.Text.Json.Nodes;
using ImmutaIntegrations.Tests;

namespace ImmutaIntegrations.Cmdlets.Tests;

/// <summary>
/// A change that was made is never reported as failed: when reading the integration back (or waiting for it)
/// fails afterwards, the command says the change was made.
/// </summary>
public sealed class ReadBackTests : IAsyncLifetime
{
    private const string Payload = "@{ type = 'Native S3'; autoBootstrap = $false; config = @{ name = 'read-back'; awsAccountId = '1'; awsRegion = 'r'; awsLocationRole = 'a'; awsLocationPath = 's3://read-back/'; authenticationType = 'accessKey'; awsAccessKeyId = 'AKIA'; awsSecretAccessKey = 'read-back-secret' } }";

    private TestEmulator _emulator = null!;
    private HttpClient _admin = null!;
    private PowerShellSession _session = null!;

    public async Task InitializeAsync()
    {
        _emulator = await TestEmulator.StartAsync(loopback: true);
        _admin = _emulator.CreateAuthorizedClient();
        _session = new PowerShellSession();
        var connect = _session.Run("Connect-Immuta -Url $url -ApiKey (ConvertTo-SecureString $key -AsPlainText -Force) -MaxRetries 0",
            new Dictionary<string, object?> { ["url"] = _emulator.BaseUrl.ToString(), ["key"] = TestEmulator.ApiKey });
        Assert.Null(connect.Terminating);
    }

    public async Task DisposeAsync()
    {
        _session.Dispose();
        _admin.Dispose();
        await _emulator.DisposeAsync();
    }

    [Fact]
    public async Task A_create_whose_read_back_fails_returns_the_integration_and_warns()
    {
        await Unavailable("GET /integrations/{id}");

        var result = _session.Run($"New-ImmutaIntegration -Payload {Payload} -Force 3>&1");

        Assert.Null(result.Terminating);
        Assert.Empty(result.Errors);
        WarningRecord warning = Assert.Single(result.Of<WarningRecord>());
        Assert.StartsWith("Integration 1 was created, but reading it back failed (ServerError: ", warning.Message, StringComparison.Ordinal);
        Integration integration = Assert.Single(result.Of<Integration>());
        Assert.Equal(("1", "Native S3", "s3://read-back/"), (integration.Id, integration.Type, integration.Config["awsLocationPath"]));
        Assert.Equal("<REDACTED>", integration.Config["awsSecretAccessKey"]);
        Assert.DoesNotContain("read-back-secret", warning.Message, StringComparison.Ordinal);
        await Unavailable();
        Assert.Equal(1, (int)JsonNode.Parse(await _admin.GetStringAsync("_emulator/requests"))!["POST /integrations"]!);
    }

    [Fact]
    public async Task A_create_whose_wait_fails_says_it_was_created()
    {
        await Unavailable("GET /integrations/{id}", "GET /integrations/{id}/status");

        var result = _session.Run($"New-ImmutaIntegration -Payload {Payload} -Force -Wait -PollInterval 0.1");

        ErrorRecord error = Assert.Single(result.Errors);
        Assert.StartsWith("ServerError,", error.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.StartsWith("Integration 1 was created, but waiting for it to settle failed: ", error.Exception.Message, StringComparison.Ordinal);
    }

    // Every request of the routes given answers 503; none given, no faults.
    private async Task Unavailable(params string[] routes)
    {
        var settings = routes.Length == 0 ? new JsonObject() : new JsonObject { ["unavailableRate"] = 1.0, ["routes"] = new JsonArray(routes.Select(r => (JsonNode?)r).ToArray()) };
        using var content = new StringContent(settings.ToJsonString(), System.Text.Encoding.UTF8, "application/json");
        (await _admin.PostAsync("_emulator/faults", content)).EnsureSuccessStatusCode();
    }
}
