using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using ImmutaIntegrations.Emulator.Http;
using ImmutaIntegrations.Tests;

namespace ImmutaIntegrations.Emulator.Tests;

public sealed class FaultInjectionTests : IAsyncLifetime
{
    private TestEmulator _emulator = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _emulator = await TestEmulator.StartAsync();
        _http = EmulatorCalls.Authorized(_emulator);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _emulator.DisposeAsync();
    }

    [Fact]
    public async Task Unavailable_answers_503_before_processing_and_changes_nothing()
    {
        await _http.SetFaultsAsync("""{"unavailableRate": 1}""");

        using HttpResponseMessage create = await _http.PostJsonAsync("integrations", EmulatorCalls.Snowflake("a.snowflakecomputing.com"));

        await EmulatorCalls.AssertErrorAsync(create, HttpStatusCode.ServiceUnavailable);
        await _http.SetFaultsAsync("{}");
        Assert.Empty((JsonArray)await _http.GetJsonAsync("integrations"));
    }

    [Fact]
    public async Task Throttling_answers_429_with_Retry_After_and_changes_nothing()
    {
        string id = await _http.CreateAsync(EmulatorCalls.Snowflake("a.snowflakecomputing.com"));
        await _http.SetFaultsAsync("""{"throttleRate": 1, "retryAfterSeconds": 7}""");

        using HttpResponseMessage delete = await _http.DeleteAsync($"integrations/{id}");

        await EmulatorCalls.AssertErrorAsync(delete, HttpStatusCode.TooManyRequests);
        Assert.Equal(TimeSpan.FromSeconds(7), delete.Headers.RetryAfter?.Delta);
        await _http.SetFaultsAsync("{}");
        Assert.Equal("enabled", await _http.StatusOfAsync(id));
    }

    [Fact]
    public async Task Faults_limited_to_routes_meet_only_those_routes()
    {
        string id = await _http.CreateAsync(EmulatorCalls.Snowflake("a.snowflakecomputing.com"));
        JsonObject settings = await _http.SetFaultsAsync("""{"unavailableRate": 1, "routes": ["GET /integrations/{id}"]}""");

        using HttpResponseMessage one = await _http.GetAsync($"integrations/{id}");
        using HttpResponseMessage status = await _http.GetAsync($"integrations/{id}/status");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, one.StatusCode);
        Assert.Equal(HttpStatusCode.OK, status.StatusCode);
        Assert.Equal("GET /integrations/{id}", (string)settings["routes"]![0]!);
    }

    [Fact]
    public async Task Routes_that_are_not_a_list_of_strings_are_refused()
    {
        using HttpResponseMessage response = await _http.PostAsync("_emulator/faults", EmulatorCalls.Json("""{"routes": [1, null]}"""));

        await EmulatorCalls.AssertErrorAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_dropped_create_is_an_exception_for_the_client_yet_the_integration_exists()
    {
        await _http.SetFaultsAsync("""{"dropAfterProcessingRate": 1}""");

        // An answer of any kind, even an error status, would tell the client what happened; a drop must not.
        await Assert.ThrowsAnyAsync<Exception>(() => _http.PostJsonAsync("integrations", EmulatorCalls.Snowflake("a.snowflakecomputing.com")));

        await _http.SetFaultsAsync("{}");
        JsonObject created = (JsonObject)await _http.GetJsonAsync("integrations/1");
        Assert.Equal("a.snowflakecomputing.com", (string?)created["config"]!["host"]);
        Assert.Equal("enabled", (string?)created["status"]);
    }

    [Fact]
    public async Task A_dropped_update_over_real_HTTP_is_a_connection_error_yet_the_update_is_made()
    {
        await using TestEmulator emulator = await TestEmulator.StartAsync(loopback: true);
        using HttpClient http = EmulatorCalls.Authorized(emulator);
        string id = await http.CreateAsync(EmulatorCalls.Snowflake("a.snowflakecomputing.com"));
        await http.SetFaultsAsync("""{"dropAfterProcessingRate": 1}""");

        Exception error = await Record.ExceptionAsync(() => http.PutJsonAsync($"integrations/{id}", EmulatorCalls.Snowflake("a.snowflakecomputing.com", warehouse: "NEW_WH")));

        Assert.True(error is HttpRequestException or IOException, $"Expected a connection error, got {error?.GetType().Name ?? "an answer"}.");
        await http.SetFaultsAsync("{}");
        JsonObject updated = (JsonObject)await http.GetJsonAsync($"integrations/{id}");
        Assert.Equal("NEW_WH", (string?)updated["config"]!["warehouse"]);
    }

    [Fact]
    public async Task Latency_delays_the_answer_without_changing_it()
    {
        await _http.SetFaultsAsync("""{"latencyMs": 250}""");

        var clock = Stopwatch.StartNew();
        using HttpResponseMessage response = await _http.GetAsync("integrations");
        clock.Stop();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(clock.ElapsedMilliseconds >= 240, $"Answered after {clock.ElapsedMilliseconds} ms.");
    }

    [Fact]
    public async Task Latency_limited_to_routes_holds_only_those_routes()
    {
        await _http.SetFaultsAsync("""{"latencyMs": 60000, "routes": ["POST /integrations"]}""");
        using var giveUp = new CancellationTokenSource();

        Task<HttpResponseMessage> create = _http.PostAsync("integrations", EmulatorCalls.Json(EmulatorCalls.Snowflake("a.snowflakecomputing.com")), giveUp.Token);
        // Half the latency: answered long before it only when the route is not held.
        using HttpResponseMessage list = await _http.GetAsync("integrations").WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.False(create.IsCompleted, "the POST named in routes was not held");
        giveUp.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => create);
    }

    [Fact]
    public async Task Faults_set_at_start_apply_from_the_first_request_but_not_to_the_admin_routes()
    {
        await using TestEmulator emulator = await TestEmulator.StartAsync(configure: o => o.Faults = new FaultSettings { UnavailableRate = 1 });
        using HttpClient http = EmulatorCalls.Authorized(emulator);

        using HttpResponseMessage list = await http.GetAsync("integrations");
        JsonObject current = (JsonObject)await http.GetJsonAsync("_emulator/faults");

        await EmulatorCalls.AssertErrorAsync(list, HttpStatusCode.ServiceUnavailable);
        Assert.Equal(1.0, (double)current["unavailableRate"]!);
    }

    [Fact]
    public async Task The_same_seed_gives_two_emulators_the_same_faults_for_the_same_requests()
    {
        await using TestEmulator other = await TestEmulator.StartAsync();
        using HttpClient otherHttp = EmulatorCalls.Authorized(other);

        IReadOnlyList<string> first = await OutcomesAsync(_http, MixedFaults);
        IReadOnlyList<string> second = await OutcomesAsync(otherHttp, MixedFaults);

        Assert.Equal(first, second);
        // Equal sequences prove nothing unless every kind of outcome is in them.
        Assert.Contains("503", first);
        Assert.Contains("429", first);
        Assert.Contains("dropped", first);
        Assert.Contains("200", first);
    }

    [Fact]
    public async Task Posting_the_same_settings_again_replays_the_same_faults()
    {
        IReadOnlyList<string> first = await OutcomesAsync(_http, MixedFaults);
        IReadOnlyList<string> again = await OutcomesAsync(_http, MixedFaults);
        IReadOnlyList<string> otherSeed = await OutcomesAsync(_http, MixedFaults.Replace("\"seed\": 42", "\"seed\": 43", StringComparison.Ordinal));

        Assert.Equal(first, again);
        Assert.NotEqual(first, otherSeed);
    }

    [Fact]
    public async Task The_current_settings_are_read_back_as_posted()
    {
        JsonObject answer = await _http.SetFaultsAsync(MixedFaults);
        JsonObject current = (JsonObject)await _http.GetJsonAsync("_emulator/faults");

        Assert.True(JsonNode.DeepEquals(answer, current), current.ToJsonString());
        Assert.Equal(0.2, (double)current["unavailableRate"]!);
        Assert.Equal(0.2, (double)current["throttleRate"]!);
        Assert.Equal(3, (int)current["retryAfterSeconds"]!);
        Assert.Equal(0.2, (double)current["dropAfterProcessingRate"]!);
        Assert.Equal(0, (int)current["latencyMs"]!);
        Assert.Equal(42, (int)current["seed"]!);
    }

    [Theory]
    [InlineData("""{"unavailableRate": 1.5}""")]
    [InlineData("""{"throttleRate": -0.1}""")]
    [InlineData("""{"dropAfterProcessingRate": 2}""")]
    [InlineData("""{"unavailableRate": 0.6, "throttleRate": 0.5}""")]
    [InlineData("""{"unavailableRate": 0.4, "throttleRate": 0.4, "dropAfterProcessingRate": 0.4}""")]
    [InlineData("""{"unavailableRate": "0.5"}""")]
    [InlineData("""{"throttleRate": true}""")]
    [InlineData("""{"retryAfterSeconds": "soon"}""")]
    [InlineData("""{"retryAfterSeconds": 1.5}""")]
    [InlineData("""{"latencyMs": [100]}""")]
    [InlineData("""{"seed": "abc"}""")]
    [InlineData("""{"seed": {}}""")]
    [InlineData("""[0.5]""")]
    [InlineData("""{"unavailableRate": """)]
    public async Task Invalid_settings_are_400_with_the_error_shape_and_leave_the_faults_as_they_were(string settings)
    {
        await _http.SetFaultsAsync("""{"latencyMs": 1, "seed": 5}""");

        using HttpResponseMessage response = await _http.PostJsonAsync("_emulator/faults", settings);

        await EmulatorCalls.AssertErrorAsync(response, HttpStatusCode.BadRequest);
        JsonObject current = (JsonObject)await _http.GetJsonAsync("_emulator/faults");
        Assert.Equal(1, (int)current["latencyMs"]!);
        Assert.Equal(5, (int)current["seed"]!);
    }

    [Theory]
    [InlineData(0.5, 0.25, 0.25)]
    [InlineData(0.34, 0.56, 0.1)]
    public async Task Rates_that_add_up_to_exactly_1_are_accepted(double unavailable, double throttle, double drop)
    {
        var settings = new JsonObject { ["unavailableRate"] = unavailable, ["throttleRate"] = throttle, ["dropAfterProcessingRate"] = drop };

        using HttpResponseMessage response = await _http.PostJsonAsync("_emulator/faults", settings.ToJsonString());

        await EmulatorCalls.ObjectAsync(response, HttpStatusCode.OK);
    }

    private const string MixedFaults = """
        {"unavailableRate": 0.2, "throttleRate": 0.2, "dropAfterProcessingRate": 0.2, "retryAfterSeconds": 3, "seed": 42}
        """;

    /// <summary>Sets the faults, then sends a fixed sequence of reads and says what each one met.</summary>
    private static async Task<IReadOnlyList<string>> OutcomesAsync(HttpClient http, string settings)
    {
        await http.SetFaultsAsync(settings);
        var outcomes = new List<string>();
        for (int i = 0; i < 40; i++)
        {
            try
            {
                using HttpResponseMessage response = await http.GetAsync("integrations");
                outcomes.Add(((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
            // In memory the drop surfaces as a cancellation, over a socket as a connection error.
            catch (Exception e) when (e is HttpRequestException or IOException or OperationCanceledException)
            {
                outcomes.Add("dropped");
            }
        }
        return outcomes;
    }
}
