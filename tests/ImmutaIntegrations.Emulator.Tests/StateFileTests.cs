using System.Net;
using System.Text.Json.Nodes;
using ImmutaIntegrations.Tests;

namespace ImmutaIntegrations.Emulator.Tests;

public sealed class StateFileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("immuta-state-").FullName;

    private string StatePath => Path.Combine(_directory, "state.json");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private Task<TestEmulator> StartAsync(TimeSpan? transitionDelay = null, string? seed = null) =>
        TestEmulator.StartAsync(seed, configure: o =>
        {
            o.StateFile = StatePath;
            if (transitionDelay is { } delay) o.TransitionDelay = delay;
        });

    [Fact]
    public async Task Integrations_survive_a_restart_and_ids_continue_after_the_last_one()
    {
        string before;
        await using (TestEmulator first = await StartAsync())
        {
            using HttpClient http = EmulatorCalls.Authorized(first);
            await http.CreateAsync(EmulatorCalls.Snowflake("a.snowflakecomputing.com"));
            await http.CreateAsync(EmulatorCalls.Trino);
            before = (await http.GetJsonAsync("integrations")).ToJsonString();
        }

        await using TestEmulator second = await StartAsync();
        using HttpClient again = EmulatorCalls.Authorized(second);

        Assert.Equal(before, (await again.GetJsonAsync("integrations")).ToJsonString());
        Assert.Equal("3", await again.CreateAsync(EmulatorCalls.Snowflake("b.snowflakecomputing.com")));
    }

    [Fact]
    public async Task A_restarted_emulator_still_refuses_a_second_integration_on_the_same_host()
    {
        await using (TestEmulator first = await StartAsync())
        {
            using HttpClient http = EmulatorCalls.Authorized(first);
            await http.CreateAsync(EmulatorCalls.Snowflake("a.snowflakecomputing.com"));
        }

        await using TestEmulator second = await StartAsync();
        using HttpClient again = EmulatorCalls.Authorized(second);
        using HttpResponseMessage duplicate = await again.PostJsonAsync("integrations", EmulatorCalls.Snowflake("a.snowflakecomputing.com"));

        string message = await EmulatorCalls.AssertErrorAsync(duplicate, HttpStatusCode.Conflict);
        Assert.Contains("(id = 1)", message);
    }

    [Fact]
    public async Task An_id_is_not_handed_out_again_after_the_last_integration_was_deleted()
    {
        await using (TestEmulator first = await StartAsync())
        {
            using HttpClient http = EmulatorCalls.Authorized(first);
            await http.CreateAsync(EmulatorCalls.Snowflake("a.snowflakecomputing.com"));
            string last = await http.CreateAsync(EmulatorCalls.Snowflake("b.snowflakecomputing.com"));
            using HttpResponseMessage delete = await http.DeleteAsync($"integrations/{last}");
            Assert.Equal(HttpStatusCode.OK, delete.StatusCode);
        }

        await using TestEmulator second = await StartAsync();
        using HttpClient again = EmulatorCalls.Authorized(second);

        Assert.Equal(["1"], ((JsonArray)await again.GetJsonAsync("integrations")).Select(i => (string)i!["id"]!));
        Assert.Equal("deleted", await again.StatusOfAsync("2"));
        Assert.Equal("3", await again.CreateAsync(EmulatorCalls.Snowflake("c.snowflakecomputing.com")));
    }

    [Fact]
    public async Task A_reset_is_persisted_too()
    {
        await using (TestEmulator first = await StartAsync())
        {
            using HttpClient http = EmulatorCalls.Authorized(first);
            await http.CreateAsync(EmulatorCalls.Snowflake("a.snowflakecomputing.com"));
            using HttpResponseMessage reset = await http.PostAsync("_emulator/reset", null);
            Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        }

        await using TestEmulator second = await StartAsync();
        using HttpClient again = EmulatorCalls.Authorized(second);

        Assert.Empty((JsonArray)await again.GetJsonAsync("integrations"));
        Assert.Equal("1", await again.CreateAsync(EmulatorCalls.Snowflake("a.snowflakecomputing.com")));
    }

    [Fact]
    public async Task The_file_is_valid_JSON_whenever_it_is_read_and_no_temporary_file_is_left_behind()
    {
        await using TestEmulator emulator = await StartAsync();
        using HttpClient http = EmulatorCalls.Authorized(emulator);
        using var done = new CancellationTokenSource();
        var reading = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        // A reader racing the writes would see a half-written file if the writes were not atomic.
        Task<int> reader = Task.Run(async () =>
        {
            int reads = 0;
            while (!done.IsCancellationRequested)
            {
                JsonNode? document = JsonNode.Parse(await File.ReadAllTextAsync(StatePath));
                Assert.IsType<JsonObject>(document);
                reads++;
                reading.TrySetResult();
            }
            return reads;
        });
        // The writes start once the reader is reading: on a busy machine the reader's task may otherwise start only
        // after the 40 creates are done, and read nothing. (The minute is a backstop, not a bound.)
        await Task.WhenAny(reading.Task, reader).WaitAsync(TimeSpan.FromMinutes(1));
        Assert.True(reading.Task.IsCompleted, "the reader did not read: " + reader.Exception?.GetBaseException().Message);
        await Task.WhenAll(Enumerable.Range(0, 40).Select(i => http.CreateAsync(EmulatorCalls.Snowflake($"h{i}.snowflakecomputing.com"))));
        await done.CancelAsync();

        Assert.True(await reader > 0);
        JsonObject saved = (JsonObject)JsonNode.Parse(await File.ReadAllTextAsync(StatePath))!;
        Assert.Equal(40, ((JsonArray)saved["integrations"]!).Count);
        Assert.Equal([StatePath], Directory.GetFiles(_directory));
    }

    [Fact]
    public async Task A_create_under_way_at_shutdown_is_resumed_and_completes_on_restart()
    {
        await using (TestEmulator first = await StartAsync(transitionDelay: TimeSpan.FromMinutes(10)))
        {
            using HttpClient http = EmulatorCalls.Authorized(first);
            await http.CreateAsync(EmulatorCalls.Snowflake("a.snowflakecomputing.com"));
            await http.CreateAsync(EmulatorCalls.Snowflake("b.snowflakecomputing.com", warehouse: "fail-warehouse"));
            Assert.Equal("creating", await http.StatusOfAsync("1"));
            Assert.Equal("creating", await http.StatusOfAsync("2"));
        }

        await using TestEmulator second = await StartAsync(transitionDelay: TimeSpan.Zero);
        using HttpClient again = EmulatorCalls.Authorized(second);

        Assert.Equal("enabled", await again.StatusOfAsync("1"));
        Assert.Equal("createError", await again.StatusOfAsync("2"));
    }

    [Fact]
    public async Task A_failing_edit_under_way_at_shutdown_rolls_back_to_the_saved_config_on_restart()
    {
        const string seed = """
            - type: Snowflake
              autoBootstrap: false
              config:
                host: a.snowflakecomputing.com
                warehouse: OLD_WH
                database: IMMUTA
                authenticationType: userPassword
                username: immuta_system
                password: secret
            """;
        await using (TestEmulator first = await StartAsync(transitionDelay: TimeSpan.FromMinutes(10), seed: seed))
        {
            using HttpClient http = EmulatorCalls.Authorized(first);
            using HttpResponseMessage edit = await http.PutJsonAsync("integrations/1", EmulatorCalls.Snowflake("a.snowflakecomputing.com", warehouse: "fail-warehouse"));
            Assert.Equal(HttpStatusCode.OK, edit.StatusCode);
            Assert.Equal("editing", await http.StatusOfAsync("1"));
        }

        await using TestEmulator second = await StartAsync(transitionDelay: TimeSpan.Zero);
        using HttpClient again = EmulatorCalls.Authorized(second);
        JsonObject integration = (JsonObject)await again.GetJsonAsync("integrations/1");

        Assert.Equal("editError", (string?)integration["status"]);
        Assert.Equal("OLD_WH", (string?)integration["config"]!["warehouse"]);
    }

    [Fact]
    public async Task An_emulator_that_was_stopped_no_longer_writes_the_state_file()
    {
        ManualClock firstClock;
        TimeSpan firstDelay = TimeSpan.FromMilliseconds(200);
        await using (TestEmulator first = await StartAsync(transitionDelay: firstDelay))
        {
            firstClock = first.Clock;
            using HttpClient http = EmulatorCalls.Authorized(first);
            await http.CreateAsync(EmulatorCalls.Snowflake("a.snowflakecomputing.com"));
        }
        await using (TestEmulator second = await StartAsync(transitionDelay: TimeSpan.Zero))
        {
            using HttpClient again = EmulatorCalls.Authorized(second);
            Assert.Equal("2", await again.CreateAsync(EmulatorCalls.Snowflake("b.snowflakecomputing.com")));
            // The stopped emulator's transition delay passes on its clock: its timer, were it still alive, would fire
            // now, and must not save its stale state over ours.
            firstClock.Advance(firstDelay);
        }

        await using TestEmulator third = await StartAsync();
        using HttpClient last = EmulatorCalls.Authorized(third);

        Assert.Equal(["1", "2"], ((JsonArray)await last.GetJsonAsync("integrations")).Select(i => (string)i!["id"]!));
        Assert.Equal("3", await last.CreateAsync(EmulatorCalls.Snowflake("c.snowflakecomputing.com")));
    }

    [Theory]
    [InlineData("")]
    [InlineData("{ \"lastId\": 2, \"integrations\": [")]
    [InlineData("[]")]
    [InlineData("""{"lastId": "two", "integrations": []}""")]
    [InlineData("""{"lastId": 1, "integrations": [{"id": 1, "type": "Oracle", "status": "enabled"}]}""")]
    [InlineData("""{"lastId": 1, "integrations": [{"type": "Snowflake", "status": "enabled", "config": {}}]}""")]
    [InlineData("""{"lastId": 1, "integrations": [{"id": "one", "type": "Snowflake", "status": "enabled", "config": {}}]}""")]
    [InlineData("""{"lastId": 1, "integrations": [{"id": 1, "type": "Trino", "status": "enabled"}, {"id": 1, "type": "Trino", "status": "enabled"}]}""")]
    public async Task A_corrupt_state_file_stops_the_start_with_an_error_naming_the_file_and_is_left_as_it_was(string content)
    {
        await File.WriteAllTextAsync(StatePath, content);

        InvalidDataException error = await Assert.ThrowsAsync<InvalidDataException>(() => StartAsync());

        Assert.Contains(StatePath, error.Message);
        Assert.Equal(content, await File.ReadAllTextAsync(StatePath));
    }

    [Fact]
    public async Task Without_a_state_file_nothing_outlives_the_emulator()
    {
        await using (TestEmulator first = await TestEmulator.StartAsync())
        {
            using HttpClient http = EmulatorCalls.Authorized(first);
            await http.CreateAsync(EmulatorCalls.Snowflake("a.snowflakecomputing.com"));
        }

        await using TestEmulator second = await TestEmulator.StartAsync();
        using HttpClient again = EmulatorCalls.Authorized(second);

        Assert.Empty((JsonArray)await again.GetJsonAsync("integrations"));
    }
}
