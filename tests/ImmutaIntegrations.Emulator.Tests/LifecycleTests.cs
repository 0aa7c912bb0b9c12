using System.Net;
using System.Text.Json.Nodes;
using ImmutaIntegrations.Tests;

namespace ImmutaIntegrations.Emulator.Tests;

/// <summary>Each type's life: create → enabled → edit → enabled → delete → gone, with the transition delay honoured.</summary>
public sealed class LifecycleTests
{
    private static readonly JsonObject Credentials = new() { ["authenticationType"] = "userPassword", ["username"] = "admin", ["password"] = "pw" };

    // What each type's edit changes, and whether its delete takes privileged credentials.
    public static TheoryData<string, string, string, bool> Types() => new()
    {
        { "snowflake", "config.warehouse", "OTHER_WH", true },
        { "databricks", "config.httpPath", "sql/protocolv1/o/0/other", false },
        { "redshift", "config.port", "5440", true },
        { "synapse", "config.port", "1444", true },
        { "bigquery", "config.role", "other_role", false },
        { "s3", "config.awsLocationRole", "arn:aws:iam::123456789:role/other", false },
    };

    [Theory]
    [MemberData(nameof(Types))]
    public async Task Create_edit_and_delete_pass_through_their_transitional_states(string example, string field, string value, bool needsCredentials)
    {
        await using TestEmulator emulator = await TestEmulator.StartAsync(configure: o => o.TransitionDelay = TimeSpan.FromMilliseconds(150));
        using HttpClient http = emulator.CreateClient();
        var api = new ApiCalls(http);
        JsonNode newValue = int.TryParse(value, out int number) ? number : value;

        // CreateAsync asserts the answer said "creating"; the end state comes once the delay has passed on the
        // emulator's clock, which only the test moves.
        string id = await api.CreateAsync(ApiCalls.Example(example));
        Assert.Equal("creating", await api.StatusAsync(id));
        emulator.PassTransitionDelay();
        Assert.Equal("enabled", await api.SettledStatusAsync(id));

        Answer edit = await api.Put($"integrations/{id}", ApiCalls.Example(example).With(field, newValue));
        Assert.Equal("editing", edit.StatusOf);
        Assert.Equal("editing", await api.StatusAsync(id));
        emulator.PassTransitionDelay();
        Assert.Equal("enabled", await api.SettledStatusAsync(id));
        Assert.Equal(newValue.ToJsonString(), (await api.Get($"integrations/{id}")).Object["config"]!.AsObject()[field["config.".Length..]]!.ToJsonString());

        Answer delete = await api.Delete($"integrations/{id}", needsCredentials ? Credentials : null);
        Assert.Equal("deleting", delete.StatusOf);
        Assert.Equal("deleting", await api.StatusAsync(id));
        emulator.PassTransitionDelay();
        Assert.Equal("deleted", await api.SettledStatusAsync(id));
        Assert.Equal("[]", (await api.Get("integrations")).Text);
    }

    [Fact]
    public async Task Trino_is_created_and_deleted_without_a_body()
    {
        await using TestEmulator emulator = await TestEmulator.StartAsync();
        using HttpClient http = emulator.CreateClient();
        var api = new ApiCalls(http);

        string id = await api.CreateAsync(ApiCalls.Example("trino"));
        Assert.Equal("enabled", await api.SettledStatusAsync(id));
        Assert.Equal("deleting", (await api.Delete($"integrations/{id}")).StatusOf);
        Assert.Equal("deleted", await api.SettledStatusAsync(id));
    }

    [Fact]
    public async Task Until_the_delay_has_passed_the_integration_stays_in_its_transitional_state()
    {
        await using TestEmulator emulator = await TestEmulator.StartAsync(configure: o => o.TransitionDelay = TimeSpan.FromSeconds(30));
        using HttpClient http = emulator.CreateClient();
        var api = new ApiCalls(http);

        string id = await api.CreateAsync(ApiCalls.Example("s3"));
        // The emulator's clock moves only when the test moves it: to just short of the delay, then past it.
        emulator.Clock.Advance(emulator.Options.TransitionDelay - TimeSpan.FromMilliseconds(1));

        Assert.Equal("creating", await api.StatusAsync(id));
        Assert.Equal("creating", (string?)(await api.Get("integrations")).Json![0]!["status"]);
        emulator.Clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal("enabled", await api.SettledStatusAsync(id));
    }

    [Fact]
    public async Task With_no_delay_the_end_state_is_there_at_once()
    {
        await using TestEmulator emulator = await TestEmulator.StartAsync();
        using HttpClient http = emulator.CreateClient();
        var api = new ApiCalls(http);

        string id = await api.CreateAsync(ApiCalls.Example("bigquery"));

        Assert.Equal("enabled", await api.StatusAsync(id));
    }

    [Fact]
    public async Task Ids_keep_counting_after_deletions()
    {
        await using TestEmulator emulator = await TestEmulator.StartAsync();
        using HttpClient http = emulator.CreateClient();
        var api = new ApiCalls(http);

        string first = await api.CreateAsync(ApiCalls.Example("trino"));
        await api.Delete($"integrations/{first}");
        string second = await api.CreateAsync(ApiCalls.Example("trino"));

        Assert.Equal(("1", "2"), (first, second));
        Assert.Equal(HttpStatusCode.OK, (await api.Get("integrations/1")).Status);
    }
}
