using System.Net;
using System.Text.Json.Nodes;
using ImmutaIntegrations.Tests;

namespace ImmutaIntegrations.Emulator.Tests;

/// <summary>
/// DELETE ?forceDisable=true (docs/api-contract.md §4, §6): no credentials, no cleanup, deleting → deleted and gone
/// from the list; or, told to answer as newer tenants do, deleting → disabled and still listed.
/// </summary>
public sealed class ForceDisableTests
{
    private static readonly JsonObject Credentials = new() { ["authenticationType"] = "userPassword", ["username"] = "admin", ["password"] = "pw" };

    private static async Task<(TestEmulator Emulator, HttpClient Http, ApiCalls Api)> StartAsync(Action<EmulatorOptions>? configure = null,
        string? seed = null)
    {
        TestEmulator emulator = await TestEmulator.StartAsync(seed, configure: configure);
        HttpClient http = emulator.CreateClient();
        return (emulator, http, new ApiCalls(http));
    }

    private static string[] ListedIds(Answer list) => list.Json!.AsArray().Select(i => (string)i!["id"]!).ToArray();

    [Theory]
    [InlineData("snowflake")]
    [InlineData("redshift")]
    [InlineData("synapse")]
    public async Task An_automatic_integration_is_force_disabled_without_credentials_and_ends_deleted(string example)
    {
        var (emulator, http, api) = await StartAsync();
        await using (emulator)
        using (http)
        {
            string kept = await api.CreateAsync(ApiCalls.Example("trino"));
            string id = await api.CreateAsync(ApiCalls.Example(example));

            Answer answer = await api.Delete($"integrations/{id}?forceDisable=true");

            Assert.Equal(HttpStatusCode.OK, answer.Status);
            Assert.Equal("deleting", answer.StatusOf);
            Assert.Equal(id, (string)answer.Object["id"]!);
            // Nothing runs on the platform.
            JsonNode test = answer.Object["validationResults"]!["validationTests"]!.AsArray().Single()!;
            Assert.Equal("skipped", (string)test["status"]!);
            Assert.Equal("deleted", await api.StatusAsync(id));
            Assert.Equal("deleted", (await api.Get($"integrations/{id}")).StatusOf);
            Assert.Equal([kept], ListedIds(await api.Get("integrations")));
            Assert.Equal(HttpStatusCode.NotFound, (await api.Delete($"integrations/{id}?forceDisable=true")).Status);
            // The target is free again.
            await api.CreateAsync(ApiCalls.Example(example));
        }
    }

    [Theory]
    [InlineData("databricks")]
    [InlineData("bigquery")]
    [InlineData("s3")]
    [InlineData("trino")]
    public async Task Every_type_can_be_force_disabled(string example)
    {
        var (emulator, http, api) = await StartAsync();
        await using (emulator)
        using (http)
        {
            string id = await api.CreateAsync(ApiCalls.Example(example));

            Assert.Equal("deleting", (await api.Delete($"integrations/{id}?forceDisable=true")).StatusOf);

            Assert.Equal("deleted", await api.StatusAsync(id));
            Assert.Empty((await api.Get("integrations")).Json!.AsArray());
        }
    }

    [Fact]
    public async Task A_force_disable_runs_no_cleanup_so_credentials_the_platform_would_reject_do_not_matter()
    {
        var (emulator, http, api) = await StartAsync();
        await using (emulator)
        using (http)
        {
            string id = await api.CreateAsync(ApiCalls.Example("snowflake"));

            Answer answer = await api.Delete($"integrations/{id}?forceDisable=true", Credentials.With("password", "fail-password"));

            Assert.Equal("passed", (string)answer.Object["validationResults"]!["status"]!);
            Assert.Equal("deleted", await api.StatusAsync(id));
        }
    }

    [Fact]
    public async Task Until_the_transition_delay_has_passed_a_force_disabled_integration_is_deleting()
    {
        // The seed's integration 1 is an enabled, automatically configured Snowflake integration.
        var (emulator, http, api) = await StartAsync(o => o.TransitionDelay = TimeSpan.FromHours(1), SampleData.Seed);
        await using (emulator)
        using (http)
        {
            Answer answer = await api.Delete("integrations/1?forceDisable=true");

            Assert.Equal("deleting", answer.StatusOf);
            Assert.Equal("deleting", await api.StatusAsync("1"));
            Assert.Contains("1", ListedIds(await api.Get("integrations")));
            Assert.Equal(HttpStatusCode.Conflict, (await api.Delete("integrations/1?forceDisable=true")).Status);
        }
    }

    [Fact]
    public async Task A_dry_run_force_disable_changes_nothing()
    {
        var (emulator, http, api) = await StartAsync();
        await using (emulator)
        using (http)
        {
            string id = await api.CreateAsync(ApiCalls.Example("redshift"));

            Answer answer = await api.Delete($"integrations/{id}?forceDisable=true&dryRun=true");

            Assert.Equal(["validationResults"], answer.Object.Select(p => p.Key));
            Assert.Equal("enabled", await api.StatusAsync(id));
        }
    }

    [Fact]
    public async Task With_force_disable_status_disabled_the_integration_ends_disabled_and_stays_listed()
    {
        var (emulator, http, api) = await StartAsync(o => o.ForceDisableStatus = "disabled");
        await using (emulator)
        using (http)
        {
            string id = await api.CreateAsync(ApiCalls.Example("snowflake"));
            string deleted = await api.CreateAsync(ApiCalls.Example("trino"));

            Answer answer = await api.Delete($"integrations/{id}?forceDisable=true");
            await api.Delete($"integrations/{deleted}");

            Assert.Equal("deleting", answer.StatusOf);
            Assert.Equal("disabled", await api.StatusAsync(id));
            JsonArray list = (await api.Get("integrations")).Json!.AsArray();
            // A plain DELETE still ends deleted and leaves the list.
            Assert.Equal([id], list.Select(i => (string)i!["id"]!));
            Assert.Equal("disabled", (string)list[0]!["status"]!);
            Assert.Equal("deleted", await api.StatusAsync(deleted));
            // Disabled is not deleted: Immuta has let go of the platform, so its host is free for a new integration.
            await api.CreateAsync(ApiCalls.Example("snowflake"));
        }
    }

    [Fact]
    public async Task The_force_disable_status_can_be_changed_at_run_time_and_reset_puts_the_start_option_back()
    {
        var (emulator, http, api) = await StartAsync();
        await using (emulator)
        using (http)
        {
            Answer set = await api.Post("_emulator/settings", new JsonObject { ["forceDisableStatus"] = "disabled" });
            string disabled = await api.CreateAsync(ApiCalls.Example("s3"));
            await api.Delete($"integrations/{disabled}?forceDisable=true");

            Assert.Equal("disabled", (string)set.Object["forceDisableStatus"]!);
            Assert.Equal("disabled", await api.StatusAsync(disabled));

            await api.Post("_emulator/reset");
            string deleted = await api.CreateAsync(ApiCalls.Example("s3"));
            await api.Delete($"integrations/{deleted}?forceDisable=true");

            Assert.Equal("deleted", (string)(await api.Get("_emulator/settings")).Object["forceDisableStatus"]!);
            Assert.Equal("deleted", await api.StatusAsync(deleted));
        }
    }
}
