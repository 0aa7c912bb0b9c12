using System.Net;
using System.Text.Json.Nodes;
using ImmutaIntegrations.Emulator.Scripts;
using ImmutaIntegrations.Tests;

namespace ImmutaIntegrations.Emulator.Tests;

/// <summary>
/// The script settings of POST /_emulator/settings: the dialect, switched at run time, and the test hook that puts
/// SQL of the test's own (a long statement, for cancellation tests) before the statements of the scripts it names.
/// </summary>
public sealed class ScriptDialectSettingTests : EmulatorTest
{
    private const string Sleep = "SELECT pg_sleep(60)";
    private const string HookComment = "-- Test hook (emulator scriptPrefix setting), not part of Immuta's script:";

    private Task<Answer> SetAsync(JsonObject settings) => Api.Post("_emulator/settings", settings);

    private async Task<string> ScriptAsync(string kind, string example = "redshift")
    {
        Answer answer = await Api.Post($"integrations/scripts/{kind}", Payloads.Manual(example));
        Assert.True(answer.Status == HttpStatusCode.OK, answer.Text);
        return answer.Text;
    }

    [Fact]
    public async Task The_settings_show_the_dialect_and_no_prefix_at_the_start()
    {
        JsonObject settings = (await Api.Get("_emulator/settings")).Object;

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""
            {"scriptContentType": "text/plain", "forceDisableStatus": "deleted", "scriptDialect": "native",
             "scriptPrefix": null, "scriptPrefixKinds": []}
            """), settings), settings.ToJsonString());
    }

    [Fact]
    public async Task The_dialect_changes_at_run_time_for_Redshift_only()
    {
        string snowflakeBefore = await ScriptAsync("create", "snowflake");

        Answer set = await SetAsync(new JsonObject { ["scriptDialect"] = "Postgres" });
        string redshift = await ScriptAsync("create");
        string snowflake = await ScriptAsync("create", "snowflake");
        await SetAsync(new JsonObject { ["scriptDialect"] = "native" });
        string redshiftAgain = await ScriptAsync("create");

        Assert.Equal("postgres", (string)set.Object["scriptDialect"]!);
        Assert.Contains("GRANT pg_read_all_stats TO \"taylor@redshift.com\";", redshift);
        Assert.Equal(snowflakeBefore, snowflake);
        Assert.Contains("SYSLOG ACCESS UNRESTRICTED", redshiftAgain);
    }

    [Fact]
    public async Task The_start_option_holds_from_the_start_and_reset_puts_it_back()
    {
        await using TestEmulator emulator = await TestEmulator.StartAsync(configure: o =>
        {
            o.ScriptDialect = ScriptDialect.Postgres;
            o.ScriptPrefix = Sleep;
        });
        using HttpClient http = emulator.CreateClient();
        var api = new ApiCalls(http);

        await api.Post("_emulator/settings", new JsonObject { ["scriptDialect"] = "sqlite", ["scriptPrefix"] = null });
        JsonObject changed = (await api.Get("_emulator/settings")).Object;
        await api.Post("_emulator/reset");
        JsonObject reset = (await api.Get("_emulator/settings")).Object;
        string script = (await api.Post("integrations/scripts/cleanup", Payloads.Manual("redshift"))).Text;

        Assert.Equal("sqlite", (string)changed["scriptDialect"]!);
        Assert.Null(changed["scriptPrefix"]);
        Assert.Equal("postgres", (string)reset["scriptDialect"]!);
        Assert.Equal(Sleep, (string)reset["scriptPrefix"]!);
        Assert.Contains($"{HookComment}\n{Sleep};\n-- Connect as a superuser to any database but \"immuta\"", script);
    }

    [Fact]
    public async Task The_prefix_goes_right_after_the_header_of_every_script_until_it_is_taken_away()
    {
        string id = await Api.CreateAsync(Payloads.Manual("snowflake"));
        await SetAsync(new JsonObject { ["scriptPrefix"] = "SELECT 1;\nSELECT pg_sleep(60);" });

        string create = await ScriptAsync("create", "snowflake");
        string edit = (await Api.Post($"integrations/{id}/scripts/edit", Payloads.Manual("snowflake"))).Text;
        string delete = (await Api.Post($"integrations/{id}/scripts/delete")).Text;
        await SetAsync(new JsonObject { ["scriptPrefix"] = "" });
        string after = await ScriptAsync("create", "snowflake");

        foreach (string script in new[] { create, edit, delete })
        {
            Assert.Contains($" */\n{HookComment}\nSELECT 1;\nSELECT pg_sleep(60);\n", script);
        }
        Assert.DoesNotContain("pg_sleep", after);
        Assert.Null((await Api.Get("_emulator/settings")).Object["scriptPrefix"]);
    }

    [Fact]
    public async Task With_kinds_named_the_prefix_goes_only_into_those_scripts()
    {
        Answer set = await SetAsync(new JsonObject { ["scriptPrefix"] = Sleep, ["scriptPrefixKinds"] = new JsonArray("create", "CLEANUP") });
        string initial = await ScriptAsync("initial-create");
        string create = await ScriptAsync("create");
        string cleanup = await ScriptAsync("cleanup");
        await SetAsync(new JsonObject { ["scriptPrefixKinds"] = "initial-create" });
        string initialNow = await ScriptAsync("initial-create");

        Assert.Equal(["create", "cleanup"], set.Object["scriptPrefixKinds"]!.AsArray().Select(kind => (string)kind!));
        Assert.DoesNotContain("pg_sleep", initial);
        Assert.Contains($"{Sleep};", create);
        Assert.Contains($"{Sleep};", cleanup);
        Assert.Contains($"{Sleep};", initialNow);
    }

    [Fact]
    public async Task Under_the_sqlite_dialect_the_prefix_runs_as_it_is_and_is_not_recorded()
    {
        await SetAsync(new JsonObject { ["scriptDialect"] = "sqlite", ["scriptPrefix"] = "SELECT 42" });

        string script = await ScriptAsync("create");

        Assert.Contains($" */\n{HookComment}\nSELECT 42;\n-- SQLite rendering", script);
        Assert.DoesNotContain("'SELECT 42'", script);
    }

    [Theory]
    [InlineData("""{"scriptDialect": "oracle"}""", "scriptDialect takes native, sqlite, postgres, not 'oracle'.")]
    [InlineData("""{"scriptPrefix": 5}""", "scriptPrefix takes SQL as a string, or null, not 5.")]
    [InlineData("""{"scriptPrefix": "SELECT 1", "scriptPrefixKinds": "create,drop"}""",
        "scriptPrefixKinds takes create, edit, delete, cleanup, initial-create, post-cleanup, not 'drop'.")]
    [InlineData("""{"scriptPrefixKinds": [1]}""", "scriptPrefixKinds takes script kinds, as a list or a comma-separated string, not [1].")]
    [InlineData("""{"slowStatement": true}""",
        "Unknown setting 'slowStatement'; the settings are scriptContentType, forceDisableStatus, scriptDialect, scriptPrefix, scriptPrefixKinds.")]
    public async Task A_bad_script_setting_is_a_400_and_changes_nothing(string body, string message)
    {
        JsonObject before = (await Api.Get("_emulator/settings")).Object;

        Answer answer = await Api.Post("_emulator/settings", body);

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Equal(message, answer.ErrorMessage);
        JsonObject after = (await Api.Get("_emulator/settings")).Object;
        Assert.True(JsonNode.DeepEquals(before, after), after.ToJsonString());
    }
}
