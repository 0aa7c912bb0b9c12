using System.Net;
using System.Text.Json.Nodes;
using ImmutaIntegrations.Tests;

namespace ImmutaIntegrations.Emulator.Tests;

/// <summary>
/// The quirks that put an integration in the store (unknown-status, unknown-type), switching quirks at run time,
/// and reset putting the start options back.
/// </summary>
public sealed class QuirkIntegrationTests : IAsyncLifetime
{
    private TestEmulator _emulator = null!;
    private HttpClient _http = null!;
    private ApiCalls _api = null!;

    public async Task InitializeAsync()
    {
        _emulator = await TestEmulator.StartAsync();
        _http = _emulator.CreateClient();
        _api = new ApiCalls(_http);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _emulator.DisposeAsync();
    }

    private Task<Answer> SetQuirksAsync(params string[] quirks) =>
        _api.Post("_emulator/quirks", new JsonObject { ["quirks"] = new JsonArray(quirks.Select(q => (JsonNode?)q).ToArray()) });

    private async Task<JsonObject[]> ListAsync() => (await _api.Get("integrations")).Json!.AsArray().Cast<JsonObject>().ToArray();

    [Fact]
    public async Task Unknown_status_adds_a_paused_S3_integration_that_can_be_read_updated_and_deleted()
    {
        await _api.CreateAsync(ApiCalls.Example("s3"));

        await SetQuirksAsync("unknown-status");

        JsonObject paused = Assert.Single(await ListAsync(), i => (string?)i["status"] == "paused");
        string id = (string)paused["id"]!;
        Assert.Equal("2", id);
        Assert.Equal("Native S3", (string?)paused["type"]);
        Assert.False((bool)paused["autoBootstrap"]!);
        JsonObject config = (JsonObject)paused["config"]!;
        Assert.Equal("s3://immuta-emulator-quirk-paused-2/", (string?)config["awsLocationPath"]);
        Assert.Equal("paused", await _api.StatusAsync(id));
        Assert.Equal("paused", (await _api.Get($"integrations/{id}")).StatusOf);

        var payload = new JsonObject { ["type"] = "Native S3", ["autoBootstrap"] = false, ["config"] = config.DeepClone() };
        Answer update = await _api.Put($"integrations/{id}", payload.With("config.awsLocationRole", "arn:aws:iam::123456789012:role/other"));
        Assert.Equal("editing", update.StatusOf);
        Assert.Equal("enabled", await _api.StatusAsync(id));

        Assert.Equal("deleting", (await _api.Delete($"integrations/{id}")).StatusOf);
        Assert.Equal("deleted", await _api.StatusAsync(id));
        Assert.Equal(["1"], (await ListAsync()).Select(i => (string)i["id"]!));
    }

    [Fact]
    public async Task Unknown_type_adds_a_Hypothetical_Platform_integration_that_can_be_read_and_deleted()
    {
        await SetQuirksAsync("unknown-type");

        JsonObject integration = Assert.Single(await ListAsync());
        var expected = JsonNode.Parse("""
            {"id": "1", "status": "enabled", "type": "Hypothetical Platform", "autoBootstrap": false,
             "validationResults": {"status": "passed",
               "validationTests": [{"name": "Initial Validation: Basic Connection Test", "status": "passed", "result": []}]},
             "config": {"host": "hypothetical.example.com", "username": "svc", "password": "<REDACTED>", "region": "eu"}}
            """);
        Assert.True(JsonNode.DeepEquals(expected, integration), integration.ToJsonString());
        Assert.True(JsonNode.DeepEquals(expected, (await _api.Get("integrations/1")).Object));
        Assert.Equal("enabled", await _api.StatusAsync("1"));

        Answer delete = await _api.Delete("integrations/1");

        Assert.Equal("deleting", delete.StatusOf);
        Assert.Equal("deleted", await _api.StatusAsync("1"));
        Assert.Empty(await ListAsync());
    }

    [Fact]
    public async Task A_payload_of_the_unknown_type_is_refused_like_any_unknown_type()
    {
        await SetQuirksAsync("unknown-type");
        var payload = JsonNode.Parse("""
            {"type": "Hypothetical Platform", "autoBootstrap": false,
             "config": {"host": "hypothetical.example.com", "username": "svc", "password": "pw", "region": "eu"}}
            """)!.AsObject();
        const string Refusal = "type must be one of Snowflake, Databricks, Redshift, Azure Synapse Analytics, Google BigQuery, Native S3, Trino; "
            + "'Hypothetical Platform' is not.";

        Answer create = await _api.Post("integrations", payload);
        Answer update = await _api.Put("integrations/1", payload);

        Assert.Equal((HttpStatusCode.BadRequest, Refusal), (create.Status, create.ErrorMessage));
        Assert.Equal((HttpStatusCode.BadRequest, Refusal), (update.Status, update.ErrorMessage));
        Assert.Single(await ListAsync());
        Assert.Equal("enabled", await _api.StatusAsync("1"));
    }

    [Fact]
    public async Task Switching_a_quirk_on_twice_adds_its_integration_once_and_off_removes_it()
    {
        await SetQuirksAsync("unknown-status", "unknown-type");
        Answer again = await SetQuirksAsync("unknown-type", "unknown-status", "numeric-ids");

        Assert.Equal(["numeric-ids", "unknown-status", "unknown-type"], again.Object["quirks"]!.AsArray().Select(q => (string)q!));
        Assert.Equal(["Native S3", "Hypothetical Platform"], (await ListAsync()).Select(i => (string)i["type"]!));

        Answer off = await SetQuirksAsync("numeric-ids");

        Assert.Equal(["numeric-ids"], off.Object["quirks"]!.AsArray().Select(q => (string)q!));
        Assert.Empty(await ListAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await _api.Get("integrations/1")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await _api.Get("integrations/2")).Status);
        // Ids are never handed out again.
        Assert.Equal(3, (long)(await _api.Post("integrations", ApiCalls.Example("trino"))).Object["id"]!);
    }

    [Fact]
    public async Task An_integration_the_client_deleted_stays_deleted_when_its_quirk_is_switched_off_and_comes_anew_when_switched_on()
    {
        await SetQuirksAsync("unknown-type");
        await _api.Delete("integrations/1");

        await SetQuirksAsync();
        await SetQuirksAsync("unknown-type");

        Assert.Equal("deleted", await _api.StatusAsync("1"));
        Assert.Equal(["2"], (await ListAsync()).Select(i => (string)i["id"]!));
    }

    [Fact]
    public async Task The_admin_route_shows_the_quirks_in_force_and_every_quirk_there_is()
    {
        JsonObject none = (await _api.Get("_emulator/quirks")).Object;

        Assert.Empty(none["quirks"]!.AsArray());
        Assert.Equal(["numeric-ids", "html-scripts", "unknown-status", "unknown-type", "extra-fields", "bare-dry-run", "object-messages",
            "odd-item", "no-auth-endpoint"], none["available"]!.AsArray().Select(q => (string)q!));
    }

    [Theory]
    [InlineData("""{"quirks": ["numeric-ids", "loud-errors"]}""",
        "Unknown quirk 'loud-errors'; the quirks are numeric-ids, html-scripts, unknown-status, unknown-type, extra-fields, bare-dry-run, "
        + "object-messages, odd-item, no-auth-endpoint.")]
    [InlineData("""{"quirks": [1]}""", "Each quirk must be a name (a string), not 1.")]
    [InlineData("""{"quirks": "numeric-ids"}""", "The body must be {\"quirks\": [...]}, a list of quirk names (empty to switch them all off).")]
    [InlineData("""{"quirks": [], "extra": 1}""", "The body must be {\"quirks\": [...]}, a list of quirk names (empty to switch them all off).")]
    public async Task A_bad_quirk_list_is_a_400_and_changes_nothing(string body, string message)
    {
        await SetQuirksAsync("unknown-type");

        Answer answer = await _api.Post("_emulator/quirks", body);

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Equal(message, answer.ErrorMessage);
        Assert.Equal(["unknown-type"], (await _api.Get("_emulator/quirks")).Object["quirks"]!.AsArray().Select(q => (string)q!));
        Assert.Single(await ListAsync());
    }

    [Fact]
    public async Task Reset_puts_the_start_options_quirks_back_with_their_integration()
    {
        await using TestEmulator emulator = await TestEmulator.StartAsync(SampleData.Seed,
            configure: o => o.Quirks.AddRange(["numeric-ids", "unknown-type"]));
        using HttpClient http = emulator.CreateClient();
        var api = new ApiCalls(http);
        // The seed holds ids 1 to 4; the quirk's integration comes after them.
        Assert.Equal(5, (long)(await api.Get("integrations/5")).Object["id"]!);
        await api.Post("_emulator/quirks", new JsonObject { ["quirks"] = new JsonArray("extra-fields") });
        Assert.Equal(HttpStatusCode.OK, (await api.Post("integrations", ApiCalls.Example("bigquery"))).Status);

        await api.Post("_emulator/reset?seed=true");

        Assert.Equal(["numeric-ids", "unknown-type"], (await api.Get("_emulator/quirks")).Object["quirks"]!.AsArray().Select(q => (string)q!));
        JsonArray list = (await api.Get("integrations")).Json!.AsArray();
        Assert.Equal([1L, 2L, 3L, 4L, 5L], list.Select(i => (long)i!["id"]!));
        Assert.Equal("Hypothetical Platform", (string?)list[4]!["type"]);
        Assert.False(list[4]!.AsObject().ContainsKey("createdAt"));
    }

    [Fact]
    public async Task A_quirks_integration_is_not_kept_in_the_state_file()
    {
        string directory = Directory.CreateTempSubdirectory("immuta-quirk-state-").FullName;
        string state = Path.Combine(directory, "state.json");
        try
        {
            await using (TestEmulator first = await TestEmulator.StartAsync(configure: o =>
            {
                o.StateFile = state;
                o.Quirks.Add("unknown-type");
            }))
            {
                using HttpClient http = first.CreateClient();
                await new ApiCalls(http).CreateAsync(ApiCalls.Example("trino"));
            }

            JsonArray saved = JsonNode.Parse(await File.ReadAllTextAsync(state))!["integrations"]!.AsArray();
            Assert.Equal(["Trino"], saved.Select(i => (string)i!["type"]!));

            await using TestEmulator second = await TestEmulator.StartAsync(configure: o =>
            {
                o.StateFile = state;
                o.Quirks.Add("unknown-type");
            });
            using HttpClient again = second.CreateClient();
            JsonArray list = (await new ApiCalls(again).Get("integrations")).Json!.AsArray();
            Assert.Equal([("2", "Trino"), ("3", "Hypothetical Platform")], list.Select(i => ((string)i!["id"]!, (string)i["type"]!)));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
