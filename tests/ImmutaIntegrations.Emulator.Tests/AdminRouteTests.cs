using System.Net;
using System.Text.Json.Nodes;
using ImmutaIntegrations.Emulator.Http;
using ImmutaIntegrations.Tests;

namespace ImmutaIntegrations.Emulator.Tests;

public sealed class AdminRouteTests : IAsyncLifetime
{
    private TestEmulator _emulator = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _emulator = await TestEmulator.StartAsync(configure: o => o.Faults = new FaultSettings { RetryAfterSeconds = 9, Seed = 11 });
        _http = EmulatorCalls.Authorized(_emulator);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _emulator.DisposeAsync();
    }

    [Theory]
    [InlineData("GET", "_emulator/faults")]
    [InlineData("POST", "_emulator/faults")]
    [InlineData("POST", "_emulator/reset")]
    [InlineData("POST", "_emulator/settle")]
    [InlineData("GET", "_emulator/requests")]
    [InlineData("GET", "_emulator/settings")]
    [InlineData("POST", "_emulator/settings")]
    [InlineData("GET", "_emulator/quirks")]
    [InlineData("POST", "_emulator/quirks")]
    [InlineData("GET", "_emulator/history")]
    public async Task Admin_routes_need_the_API_key(string method, string path)
    {
        using HttpClient anonymous = _emulator.CreateClient();
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method == "POST") request.Content = EmulatorCalls.Json("""{"throttleRate": 1}""");

        using HttpResponseMessage response = await anonymous.SendAsync(request);

        await EmulatorCalls.AssertErrorAsync(response, HttpStatusCode.Unauthorized);
        JsonObject faults = (JsonObject)await _http.GetJsonAsync("_emulator/faults");
        Assert.Equal(0.0, (double)faults["throttleRate"]!);
    }

    [Fact]
    public async Task A_refused_reset_keeps_the_integrations()
    {
        string id = await _http.CreateAsync(EmulatorCalls.Snowflake("a.snowflakecomputing.com"));
        using HttpClient anonymous = _emulator.CreateClient();

        using HttpResponseMessage response = await anonymous.PostAsync("_emulator/reset", null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("enabled", await _http.StatusOfAsync(id));
    }

    [Fact]
    public async Task Requests_are_counted_by_method_and_route_template_without_the_admin_routes()
    {
        string id = await _http.CreateAsync(EmulatorCalls.Snowflake("a.snowflakecomputing.com"));
        await _http.GetJsonAsync($"integrations/{id}");
        await _http.GetJsonAsync($"integrations/{id}");
        using (await _http.GetAsync("integrations/99")) { }
        await _http.GetJsonAsync($"integrations/{id}/status");
        await _http.GetJsonAsync("integrations");
        using (HttpResponseMessage update = await _http.PutJsonAsync($"integrations/{id}", EmulatorCalls.Snowflake("a.snowflakecomputing.com", warehouse: "W2")))
        {
            Assert.Equal(HttpStatusCode.OK, update.StatusCode);
        }
        using (HttpResponseMessage delete = await _http.DeleteAsync($"integrations/{id}"))
        {
            Assert.Equal(HttpStatusCode.OK, delete.StatusCode);
        }
        await _http.SetFaultsAsync("{}");
        await _http.GetJsonAsync("_emulator/faults");
        await _http.GetJsonAsync("_emulator/requests");

        JsonObject counts = (JsonObject)await _http.GetJsonAsync("_emulator/requests");

        var expected = new JsonObject
        {
            ["DELETE /integrations/{id}"] = 1,
            ["GET /integrations"] = 1,
            ["GET /integrations/{id}"] = 3,
            ["GET /integrations/{id}/status"] = 1,
            ["POST /integrations"] = 1,
            ["PUT /integrations/{id}"] = 1,
        };
        Assert.True(JsonNode.DeepEquals(expected, counts), counts.ToJsonString());
    }

    [Fact]
    public async Task Requests_that_meet_a_fault_are_counted_too()
    {
        await _http.SetFaultsAsync("""{"unavailableRate": 1}""");
        using (await _http.GetAsync("integrations")) { }
        using (await _http.GetAsync("integrations")) { }

        JsonObject counts = (JsonObject)await _http.GetJsonAsync("_emulator/requests");

        Assert.Equal(2, (int)counts["GET /integrations"]!);
    }

    [Fact]
    public async Task Reset_removes_the_integrations_restarts_the_ids_and_clears_the_counts()
    {
        await _http.CreateAsync(EmulatorCalls.Snowflake("a.snowflakecomputing.com"));
        await _http.CreateAsync(EmulatorCalls.Trino);
        await _http.GetJsonAsync("integrations/2");

        JsonObject answer = await EmulatorCalls.ObjectAsync(await _http.PostAsync("_emulator/reset", null), HttpStatusCode.OK);

        Assert.True((bool)answer["reset"]!);
        Assert.Empty((JsonObject)await _http.GetJsonAsync("_emulator/requests"));
        Assert.Empty((JsonArray)await _http.GetJsonAsync("integrations"));
        using (HttpResponseMessage gone = await _http.GetAsync("integrations/2"))
        {
            Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        }
        // The same host is free again: nothing of the old integration is left to conflict with.
        Assert.Equal("1", await _http.CreateAsync(EmulatorCalls.Snowflake("a.snowflakecomputing.com")));
        JsonObject counts = (JsonObject)await _http.GetJsonAsync("_emulator/requests");
        Assert.Equal(["GET /integrations", "GET /integrations/{id}", "POST /integrations"], counts.Select(p => p.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Reset_puts_back_the_faults_the_emulator_started_with()
    {
        JsonObject atStart = (JsonObject)await _http.GetJsonAsync("_emulator/faults");
        await _http.SetFaultsAsync("""{"throttleRate": 1, "latencyMs": 5}""");

        using (await _http.PostAsync("_emulator/reset", null)) { }

        JsonObject afterReset = (JsonObject)await _http.GetJsonAsync("_emulator/faults");
        Assert.True(JsonNode.DeepEquals(atStart, afterReset), afterReset.ToJsonString());
        Assert.Equal(9, (int)afterReset["retryAfterSeconds"]!);
        Assert.Equal(11, (int)afterReset["seed"]!);
        using HttpResponseMessage list = await _http.GetAsync("integrations");
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
    }

    [Fact]
    public async Task Reset_restarts_the_seeded_fault_sequence_of_the_start_options()
    {
        await using TestEmulator emulator = await TestEmulator.StartAsync(
            configure: o => o.Faults = new FaultSettings { UnavailableRate = 0.5, Seed = 7 });
        using HttpClient http = EmulatorCalls.Authorized(emulator);

        int[] first = await StatusCodesAsync(http, 20);
        using (await http.PostAsync("_emulator/reset", null)) { }
        int[] afterReset = await StatusCodesAsync(http, 20);

        Assert.Equal(first, afterReset);
        Assert.Contains(503, first);
        Assert.Contains(200, first);
    }

    [Fact]
    public async Task A_transition_under_way_at_reset_does_not_reach_the_integration_that_later_takes_its_id()
    {
        await using TestEmulator emulator = await TestEmulator.StartAsync(configure: o => o.TransitionDelay = TimeSpan.FromMilliseconds(150));
        using HttpClient http = EmulatorCalls.Authorized(emulator);
        // This one would end in createError; the one created after the reset must end enabled.
        await http.CreateAsync(EmulatorCalls.Snowflake("old.snowflakecomputing.com", warehouse: "fail-warehouse"));
        using (await http.PostAsync("_emulator/reset", null)) { }
        string id = await http.CreateAsync(EmulatorCalls.Snowflake("new.snowflakecomputing.com"));

        // Both transitions fall due on the emulator's clock, the old one first.
        emulator.PassTransitionDelay();
        string status = await PollUntilSettledAsync(http, id);

        Assert.Equal("1", id);
        Assert.Equal("enabled", status);
    }

    [Fact]
    public async Task Settle_ends_every_transition_under_way_as_its_delay_would()
    {
        await using TestEmulator emulator = await TestEmulator.StartAsync(configure: o => o.TransitionDelay = TimeSpan.FromMinutes(10));
        using HttpClient http = EmulatorCalls.Authorized(emulator);
        string created = await http.CreateAsync(EmulatorCalls.Snowflake("a.snowflakecomputing.com"));
        string failing = await http.CreateAsync(EmulatorCalls.Snowflake("b.snowflakecomputing.com", warehouse: "fail-warehouse"));
        using (HttpResponseMessage settle = await http.PostAsync("_emulator/settle", null))
        {
            Assert.Equal(2, (int)(await EmulatorCalls.ObjectAsync(settle, HttpStatusCode.OK))["settled"]!);
        }
        using (HttpResponseMessage edit = await http.PutJsonAsync($"integrations/{created}", EmulatorCalls.Snowflake("a.snowflakecomputing.com", warehouse: "fail-again")))
        {
            Assert.Equal(HttpStatusCode.OK, edit.StatusCode);
        }
        Assert.Equal("editing", await http.StatusOfAsync(created));

        using (HttpResponseMessage settle = await http.PostAsync("_emulator/settle", null))
        {
            Assert.Equal(1, (int)(await EmulatorCalls.ObjectAsync(settle, HttpStatusCode.OK))["settled"]!);
        }
        // Nothing is under way any more, and the delay passing later changes nothing.
        emulator.PassTransitionDelay();
        using (HttpResponseMessage settle = await http.PostAsync("_emulator/settle", null))
        {
            Assert.Equal(0, (int)(await EmulatorCalls.ObjectAsync(settle, HttpStatusCode.OK))["settled"]!);
        }

        Assert.Equal("createError", await http.StatusOfAsync(failing));
        JsonObject edited = (JsonObject)await http.GetJsonAsync($"integrations/{created}");
        Assert.Equal("editError", (string?)edited["status"]);
        Assert.Equal("WH", (string?)edited["config"]!["warehouse"]);
    }

    private static async Task<int[]> StatusCodesAsync(HttpClient http, int count)
    {
        var codes = new int[count];
        for (int i = 0; i < count; i++)
        {
            using HttpResponseMessage response = await http.GetAsync("integrations");
            codes[i] = (int)response.StatusCode;
        }
        return codes;
    }

    // The deadline only keeps a broken emulator from hanging the test; it is no bound on how soon the state comes.
    private static async Task<string> PollUntilSettledAsync(HttpClient http, string id)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            string status = await http.StatusOfAsync(id);
            if (status != "creating" || DateTime.UtcNow > deadline) return status;
            await Task.Delay(20);
        }
    }
}
