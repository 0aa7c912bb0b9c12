using System.Net;
using System.Text;
using ImmutaIntegrations.Core.Api;
using ImmutaIntegrations.Core.Changes;
using ImmutaIntegrations.Core.Payloads;
using ImmutaIntegrations.Core.Payloads.Reading;
using ImmutaIntegrations.Core.Payloads.Redaction;

namespace ImmutaIntegrations.Core.Tests;

/// <summary>
/// Where Immuta's reference is silent, the client takes every plausible answer (docs/api-contract.md): scripts in any
/// text form, ids as numbers, bare dry-run answers, validation tests of any shape, one odd item in a list, statuses and
/// types it does not know. And it refuses only what it must: an HTML page is no answer, whatever its label.
/// </summary>
public sealed class LenientAnswerTests
{
    private const string Script = "CREATE ROLE immuta_role;\nGRANT USAGE ON DATABASE immuta TO ROLE immuta_role;\n";
    private const string SignIn = "<!DOCTYPE html><html><head><title>Sign in</title></head><body><form></form></body></html>";

    private static IntegrationsApi Answering(string body, string mediaType, RecordingLog? log = null, HttpStatusCode status = HttpStatusCode.OK) =>
        new(Clients.Create(FakeHandler.Answer(status, body, mediaType), maxRetries: 0), log);

    private static PreparedPayload Payload()
    {
        PayloadDocument document = PayloadFiles.Read(Path.Combine(AppContext.BaseDirectory, "examples", "create-redshift.json"))[0];
        ((System.Collections.Specialized.OrderedDictionary)document.Root!)["autoBootstrap"] = false;
        return PreparedPayload.From(document);
    }

    public static TheoryData<string, string, string> ScriptForms() => new()
    {
        { "text/plain", "text/plain", Script },
        { "text/html (how web frameworks label a string reply)", "text/html", Script },
        { "application/octet-stream", "application/octet-stream", Script },
        { "a JSON string", "application/json", System.Text.Json.JsonSerializer.Serialize(Script) },
        { "a JSON object with script", "application/json", "{\"script\": " + System.Text.Json.JsonSerializer.Serialize(Script) + "}" },
        { "a JSON object labelled as text", "text/plain", "{\"script\": " + System.Text.Json.JsonSerializer.Serialize(Script) + "}" },
    };

    [Theory]
    [MemberData(nameof(ScriptForms))]
    public async Task A_script_comes_through_in_every_text_form(string form, string mediaType, string body)
    {
        string script = await Answering(body, mediaType).GetScriptAsync(IntegrationScriptKind.Create, null, Payload(), CancellationToken.None);

        Assert.True(Script == script, form);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/octet-stream")]
    [InlineData("application/json")]
    [InlineData("text/html")]
    public async Task A_sign_in_page_is_no_answer_whatever_its_label(string mediaType)
    {
        var script = await Assert.ThrowsAsync<ImmutaApiException>(() =>
            Answering(SignIn, mediaType).GetScriptAsync(IntegrationScriptKind.Create, null, Payload(), CancellationToken.None));
        var read = await Assert.ThrowsAsync<ImmutaApiException>(() => Answering(SignIn, mediaType).GetIntegrationAsync("1", CancellationToken.None));
        var list = await Assert.ThrowsAsync<ImmutaApiException>(() => Answering(SignIn, mediaType).GetIntegrationsAsync(_ => { }, CancellationToken.None));

        Assert.All(new[] { script, read, list }, e =>
        {
            Assert.Equal(ImmutaErrorId.InvalidResponse, e.ErrorId);
            Assert.Contains("\"Sign in\"", e.Message, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task A_JSON_answer_labelled_as_HTML_is_read()
    {
        Integration integration = await Answering("{\"id\": 5, \"type\": \"Trino\", \"status\": \"enabled\"}", "text/html")
            .GetIntegrationAsync("5", CancellationToken.None);

        Assert.Equal(("5", "enabled"), (integration.Id, integration.Status));
    }

    [Fact]
    public async Task Ids_come_as_text_or_numbers_and_are_text()
    {
        var all = new List<Integration>();
        await Answering("[{\"id\": 1, \"type\": \"Trino\", \"status\": \"enabled\"}, {\"id\": \"2\", \"type\": \"Trino\", \"status\": \"enabled\"}]",
            "application/json").GetIntegrationsAsync(all.Add, CancellationToken.None);
        IntegrationStatus status = await Answering("{\"id\": \"3\", \"status\": \"editing\"}", "application/json").GetStatusAsync("3", CancellationToken.None);

        Assert.Equal(["1", "2"], all.Select(i => i.Id));
        Assert.Equal("3", status.Id);
    }

    [Theory]
    [InlineData("{\"validationResults\": {\"status\": \"passed\", \"validationTests\": [{\"name\": \"Basic Connection Test\", \"status\": \"passed\"}]}}")]
    [InlineData("{\"id\": \"\", \"status\": \"\", \"validationResults\": {\"status\": \"passed\", \"validationTests\": [{\"name\": \"Basic Connection Test\", \"status\": \"passed\"}]}}")]
    [InlineData("{\"status\": \"passed\", \"validationTests\": [{\"name\": \"Basic Connection Test\", \"status\": \"passed\"}]}")]
    public async Task A_dry_runs_tests_are_read_wrapped_or_bare(string body)
    {
        ChangeResult result = await Answering(body, "application/json").CreateAsync(Payload(), dryRun: true, CancellationToken.None);

        Assert.Equal("passed", result.ValidationResults.Status);
        ValidationTest test = Assert.Single(result.ValidationResults.ValidationTests);
        Assert.Equal(("Basic Connection Test", "passed"), (test.Name, test.Status));
    }

    [Fact]
    public async Task A_validation_test_of_any_shape_is_kept_as_text_and_fails_nothing()
    {
        const string body = """
            {"id": "4", "type": "Snowflake", "status": "createError", "validationResults": {"status": "failed", "validationTests": [
              {"name": 7, "status": "failed", "message": {"code": "E42", "text": "Role is missing"}, "result": {"rows": 0}},
              {"name": "Basic Connection Test", "status": "passed", "message": ["a", "b"]}]}}
            """;

        Integration integration = await Answering(body, "application/json").GetIntegrationAsync("4", CancellationToken.None);

        ValidationTest[] tests = integration.ValidationResults!.ValidationTests;
        Assert.Equal("7", tests[0].Name);
        Assert.Equal("{\"code\":\"E42\",\"text\":\"Role is missing\"}", tests[0].Message);
        Assert.Single(tests[0].Result);
        Assert.Equal("[\"a\",\"b\"]", tests[1].Message);
        Assert.Contains("Role is missing", new ImmutaIntegrationFailedException(integration).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task One_odd_item_in_the_list_is_left_out_with_a_warning_that_names_it_and_the_others_come_back()
    {
        var log = new RecordingLog();
        var all = new List<Integration>();
        const string body = """
            [{"id": "1", "type": "Trino", "status": "enabled"},
             {"id": {"nested": true}, "type": 7},
             "not even an object",
             {"id": "3", "type": "Trino", "status": "enabled"}]
            """;

        int count = await Answering(body, "application/json", log).GetIntegrationsAsync(all.Add, CancellationToken.None);

        Assert.Equal(2, count);
        Assert.Equal(["1", "3"], all.Select(i => i.Id));
        Assert.Contains(log.Lines, l => l.StartsWith("WARNING: Item 2 of the list of integrations could not be read", StringComparison.Ordinal));
        Assert.Contains(log.Lines, l => l.StartsWith("WARNING: Item 3 of the list of integrations could not be read", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_list_of_nothing_but_odd_items_is_no_list_of_integrations()
    {
        var error = await Assert.ThrowsAsync<ImmutaApiException>(() =>
            Answering("[{\"id\": {\"nested\": true}}, 5]", "application/json").GetIntegrationsAsync(_ => { }, CancellationToken.None));

        Assert.Equal(ImmutaErrorId.InvalidResponse, error.ErrorId);
    }

    [Theory]
    [InlineData("enabled", true)]
    [InlineData("createError", true)]
    [InlineData("disabled", true)]
    [InlineData("deleted", true)]
    [InlineData("creating", false)]
    [InlineData("migrating", false)]
    [InlineData("paused", true)]
    [InlineData("suspended", true)]
    [InlineData("upgrading", false)]
    [InlineData("pausing", false)]
    public void A_status_the_module_does_not_know_settles_unless_it_reads_as_under_way(string status, bool settled) =>
        Assert.Equal(settled, IntegrationWaiter.IsSettled(status));

    [Fact]
    public async Task An_integration_of_a_type_the_module_does_not_know_is_read_as_plain_data_its_secrets_hidden_by_name()
    {
        const string body = """
            {"id": "9", "type": "Hypothetical Platform", "status": "paused", "autoBootstrap": false, "createdAt": "2026-01-01",
             "config": {"host": "h.example.com", "password": "leaked-by-a-careless-server", "clientToken": "t0k3n", "region": "eu"}}
            """;

        Integration integration = await Answering(body, "application/json").GetIntegrationAsync("9", CancellationToken.None);

        Assert.Equal(("Hypothetical Platform", "paused"), (integration.Type, integration.Status));
        Assert.Equal("eu", integration.Config["region"]);
        Assert.Equal(PayloadRedaction.Redacted, integration.Config["password"]);
        Assert.Equal(PayloadRedaction.Redacted, integration.Config["clientToken"]);
    }
}
