using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using ImmutaIntegrations.Tests;

namespace ImmutaIntegrations.Emulator.Tests;

/// <summary>
/// The quirks that change the form of answers. The same requests are sent to an emulator without quirks and to
/// one with a single quirk; the answers with it must be exactly the answers without it, changed as the quirk's
/// name says and nowhere else.
/// </summary>
public sealed class QuirkAnswerTests
{
    private const string Now = "2026-01-01T00:00:00.000Z";

    /// <summary>Runs the scenario: every kind of answer the API gives, keyed by a name.</summary>
    private static async Task<JsonObject> AnswersAsync(params string[] quirks)
    {
        await using TestEmulator emulator = await TestEmulator.StartAsync(configure: o => o.Quirks.AddRange(quirks));
        using HttpClient http = emulator.CreateClient();
        var api = new ApiCalls(http);
        JsonObject snowflake = Payloads.Manual("snowflake");
        JsonObject redshift = Payloads.Manual("redshift").With("config.database", "fail-database");
        var answers = new JsonObject
        {
            ["create"] = Snapshot(await api.Post("integrations", snowflake)),
            ["createDryRun"] = Snapshot(await api.Post("integrations?dryRun=true",
                snowflake.With("config.host", "b.snowflakecomputing.com").With("config.warehouse", "fail-warehouse"))),
            ["createFailing"] = Snapshot(await api.Post("integrations", redshift)),
            ["list"] = Snapshot(await api.Get("integrations")),
            ["one"] = Snapshot(await api.Get("integrations/1")),
            ["failed"] = Snapshot(await api.Get("integrations/2")),
            ["status"] = Snapshot(await api.Get("integrations/1/status")),
            ["update"] = Snapshot(await api.Put("integrations/1", snowflake.With("config.warehouse", "OTHER"))),
            ["updateDryRun"] = Snapshot(await api.Put("integrations/1?dryRun=true", snowflake)),
            ["deleteDryRun"] = Snapshot(await api.Delete("integrations/2?dryRun=true")),
            ["delete"] = Snapshot(await api.Delete("integrations/2")),
            ["script"] = Snapshot(await api.Post("integrations/scripts/create", snowflake)),
            ["token"] = Snapshot(await api.Post("bim/apikey/authenticate")),
            ["notFound"] = Snapshot(await api.Get("integrations/99")),
        };
        // A token is new each time: only its presence is compared.
        if (answers["token"]!["body"] is JsonObject { } token && token.ContainsKey("token")) token["token"] = "<token>";
        return answers;
    }

    private static JsonObject Snapshot(Answer answer) => new()
    {
        ["status"] = (int)answer.Status,
        ["contentType"] = answer.MediaType,
        ["body"] = answer.MediaType == "application/json" ? answer.Json : answer.Text,
    };

    private static void AssertSame(JsonObject expected, JsonObject actual)
    {
        foreach (var (name, value) in expected)
        {
            Assert.True(JsonNode.DeepEquals(value, actual[name]), $"{name}:\n expected {value?.ToJsonString()}\n actual   {actual[name]?.ToJsonString()}");
        }
        Assert.Equal(expected.Select(p => p.Key), actual.Select(p => p.Key));
    }

    private static JsonObject Body(JsonObject answers, string name) => (JsonObject)answers[name]!["body"]!;

    private static IEnumerable<JsonObject> Integrations(JsonObject answers) =>
        ((JsonArray)answers["list"]!["body"]!).Cast<JsonObject>().Concat([Body(answers, "one"), Body(answers, "failed")]);

    private static readonly string[] Changes = ["create", "createFailing", "update", "delete"];

    private static readonly string[] DryRuns = ["createDryRun", "updateDryRun", "deleteDryRun"];

    private static IEnumerable<JsonObject> AllValidationResults(JsonObject answers) =>
        Integrations(answers).Concat(Changes.Select(c => Body(answers, c))).Concat(DryRuns.Select(d => Body(answers, d)))
            .Select(o => (JsonObject)o["validationResults"]!);

    [Fact]
    public async Task Without_quirks_the_answers_have_the_contracts_forms()
    {
        JsonObject answers = await AnswersAsync();

        Assert.All(Integrations(answers), i => Assert.IsType<string>((string?)i["id"]));
        Assert.All(Changes, c => Assert.IsType<string>((string?)Body(answers, c)["id"]));
        Assert.All(DryRuns, d => Assert.Equal(["validationResults"], Body(answers, d).Select(p => p.Key)));
        Assert.Equal("text/plain", (string?)answers["script"]!["contentType"]);
        Assert.Equal(200, (int)answers["token"]!["status"]!);
        JsonObject failedTest = AllValidationResults(answers).SelectMany(r => r["validationTests"]!.AsArray()).OfType<JsonObject>()
            .First(t => (string?)t["status"] == "failed");
        Assert.IsType<string>((string?)failedTest["message"]);
        Assert.IsType<JsonArray>(failedTest["result"]);
    }

    [Fact]
    public async Task Numeric_ids_makes_the_ids_of_integrations_and_change_answers_numbers()
    {
        JsonObject expected = await AnswersAsync();
        foreach (JsonObject obj in Integrations(expected).Concat(Changes.Select(c => Body(expected, c))))
        {
            obj["id"] = long.Parse((string)obj["id"]!, System.Globalization.CultureInfo.InvariantCulture);
        }

        AssertSame(expected, await AnswersAsync("numeric-ids"));
    }

    [Fact]
    public async Task Html_scripts_labels_scripts_as_html_and_changes_nothing_else()
    {
        JsonObject expected = await AnswersAsync();
        expected["script"]!["contentType"] = "text/html";

        AssertSame(expected, await AnswersAsync("html-scripts"));
    }

    [Fact]
    public async Task Html_scripts_sends_the_charset_as_web_frameworks_do()
    {
        await using TestEmulator emulator = await TestEmulator.StartAsync(configure: o => o.Quirks.Add("html-scripts"));
        using HttpClient http = emulator.CreateAuthorizedClient();

        using HttpResponseMessage response = await http.PostAsync("integrations/scripts/create",
            new StringContent(Payloads.Manual("snowflake").ToJsonString(), Encoding.UTF8, "application/json"));

        Assert.Equal("text/html; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.StartsWith("/*\n * Immuta integration: Snowflake\n", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Extra_fields_adds_properties_to_every_answer_object()
    {
        JsonObject expected = await AnswersAsync();
        foreach (JsonObject integration in Integrations(expected))
        {
            integration["createdAt"] = Now;
            integration["updatedBy"] = "emulator-admin";
            integration["config"]!["extraSetting"] = "x";
        }
        foreach (JsonObject results in AllValidationResults(expected))
        {
            results["runAt"] = Now;
            foreach (JsonNode? test in results["validationTests"]!.AsArray()) test!["durationMs"] = 12;
        }
        foreach (string answer in Changes.Concat(DryRuns)) Body(expected, answer)["requestId"] = "emulator-request";
        Body(expected, "status")["statusChangedAt"] = Now;
        Body(expected, "token")["issuedAt"] = Now;

        AssertSame(expected, await AnswersAsync("extra-fields"));
    }

    [Fact]
    public async Task Bare_dry_run_answers_the_validation_results_without_their_wrapper()
    {
        JsonObject expected = await AnswersAsync();
        foreach (string answer in DryRuns) expected[answer]!["body"] = Body(expected, answer)["validationResults"]!.DeepClone();

        JsonObject actual = await AnswersAsync("bare-dry-run");

        AssertSame(expected, actual);
        Assert.Equal(["status", "validationTests"], Body(actual, "createDryRun").Select(p => p.Key));
        Assert.Equal("failed", (string?)Body(actual, "createDryRun")["status"]);
    }

    [Fact]
    public async Task Object_messages_makes_a_failed_tests_message_and_result_objects()
    {
        JsonObject expected = await AnswersAsync();
        int changed = 0;
        foreach (JsonObject test in AllValidationResults(expected).SelectMany(r => r["validationTests"]!.AsArray()).Cast<JsonObject>())
        {
            if ((string?)test["status"] is not ("failed" or "warning")) continue;
            test["message"] = new JsonObject { ["code"] = "E42", ["text"] = (string?)test["message"] };
            test["result"] = new JsonObject { ["items"] = test["result"]!.DeepClone() };
            changed++;
        }

        AssertSame(expected, await AnswersAsync("object-messages"));
        // The failing dry run, and the failed integration in the list and by id.
        Assert.Equal(3, changed);
    }

    [Fact]
    public async Task Odd_item_puts_one_unreadable_item_second_in_the_list_only()
    {
        JsonObject expected = await AnswersAsync();
        ((JsonArray)expected["list"]!["body"]!).Insert(1, JsonNode.Parse("""{"id": {"nested": true}, "type": 7}"""));

        AssertSame(expected, await AnswersAsync("odd-item"));
    }

    [Fact]
    public async Task Odd_item_is_there_even_when_the_list_is_otherwise_empty()
    {
        await using TestEmulator emulator = await TestEmulator.StartAsync(configure: o => o.Quirks.Add("odd-item"));
        using HttpClient http = emulator.CreateClient();

        Answer list = await new ApiCalls(http).Get("integrations");

        Assert.Equal("""[{"id":{"nested":true},"type":7}]""", list.Text);
    }

    [Fact]
    public async Task No_auth_endpoint_answers_the_exchange_404_and_the_raw_key_still_works()
    {
        JsonObject expected = await AnswersAsync();
        expected["token"] = new JsonObject
        {
            ["status"] = 404,
            ["contentType"] = "application/json",
            ["body"] = new JsonObject { ["statusCode"] = 404, ["error"] = "Not Found", ["message"] = "Cannot POST /bim/apikey/authenticate." },
        };

        AssertSame(expected, await AnswersAsync("no-auth-endpoint"));
    }

    [Fact]
    public async Task No_auth_endpoint_refuses_the_key_in_the_body_too_and_other_keys_stay_refused()
    {
        await using TestEmulator emulator = await TestEmulator.StartAsync(configure: o => o.Quirks.Add("no-auth-endpoint"));
        using HttpClient http = emulator.CreateClient();
        var api = new ApiCalls(http);

        Answer inBody = await api.SendAsync(HttpMethod.Post, "bim/apikey/authenticate", new JsonObject { ["apikey"] = TestEmulator.ApiKey }, key: null);
        Answer wrongKey = await api.SendAsync(HttpMethod.Get, "integrations", key: "not-a-key");

        Assert.Equal(HttpStatusCode.NotFound, inBody.Status);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongKey.Status);
    }
}
