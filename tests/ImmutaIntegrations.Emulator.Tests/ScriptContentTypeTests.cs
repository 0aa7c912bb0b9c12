using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ImmutaIntegrations.Tests;

namespace ImmutaIntegrations.Emulator.Tests;

/// <summary>
/// How scripts are labelled (docs/api-contract.md §2, "Decision (script body)"): each form's exact header and
/// body, on every script endpoint, from the start option or the run-time setting, and back after a reset.
/// </summary>
public sealed class ScriptContentTypeTests : EmulatorTest
{
    /// <summary>A script answer as it arrived: the whole Content-Type header and the raw bytes.</summary>
    private sealed record RawAnswer(HttpStatusCode Status, string? ContentType, byte[] Body)
    {
        public string Text => Encoding.UTF8.GetString(Body);
    }

    private async Task<RawAnswer> PostRawAsync(string path, JsonObject? body = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path);
        request.Headers.TryAddWithoutValidation("Authorization", TestEmulator.ApiKey);
        if (body is not null) request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        using HttpResponseMessage response = await Http.SendAsync(request);
        return new RawAnswer(response.StatusCode, response.Content.Headers.ContentType?.ToString(), await response.Content.ReadAsByteArrayAsync());
    }

    private Task<Answer> SetAsync(string contentType) => Api.Post("_emulator/settings", new JsonObject { ["scriptContentType"] = contentType });

    /// <summary>Every script endpoint, with a request it answers: (path, body).</summary>
    private async Task<List<(string Path, JsonObject? Body)>> EveryEndpointAsync()
    {
        string snowflake = await Api.CreateAsync(Payloads.Manual("snowflake"));
        return
        [
            ("integrations/scripts/create", Payloads.Manual("snowflake")),
            ("integrations/scripts/cleanup", Payloads.Manual("redshift")),
            ("integrations/scripts/initial-create", Payloads.Manual("redshift")),
            ("integrations/scripts/post-cleanup", Payloads.Manual("synapse")),
            ($"integrations/{snowflake}/scripts/edit", Payloads.Manual("snowflake").With("config.warehouse", "OTHER")),
            ($"integrations/{snowflake}/scripts/delete", null),
        ];
    }

    [Theory]
    [InlineData("text/plain", "text/plain; charset=utf-8")]
    [InlineData("text/html", "text/html; charset=utf-8")]
    [InlineData("application/octet-stream", "application/octet-stream")]
    [InlineData("json-string", "application/json; charset=utf-8")]
    [InlineData("json-object", "application/json; charset=utf-8")]
    public async Task Every_script_endpoint_sends_the_script_in_the_form_set(string setting, string header)
    {
        List<(string Path, JsonObject? Body)> endpoints = await EveryEndpointAsync();
        var plain = new List<string>();
        foreach (var (path, body) in endpoints) plain.Add((await PostRawAsync(path, body)).Text);

        Answer set = await SetAsync(setting);

        Assert.Equal(setting, (string)set.Object["scriptContentType"]!);
        for (int i = 0; i < endpoints.Count; i++)
        {
            RawAnswer answer = await PostRawAsync(endpoints[i].Path, endpoints[i].Body);
            Assert.Equal(HttpStatusCode.OK, answer.Status);
            Assert.Equal(header, answer.ContentType);
            Assert.Contains("/*\n * Immuta integration: ", plain[i]);
            switch (setting)
            {
                case "json-string":
                    Assert.Equal(plain[i], JsonSerializer.Deserialize<string>(answer.Body));
                    break;
                case "json-object":
                    JsonObject wrapped = Assert.IsType<JsonObject>(JsonNode.Parse(answer.Body));
                    Assert.Equal(["script"], wrapped.Select(p => p.Key));
                    Assert.Equal(plain[i], (string)wrapped["script"]!);
                    break;
                default:
                    // The same bytes as text/plain: UTF-8, no byte order mark, nothing added.
                    Assert.Equal(Encoding.UTF8.GetBytes(plain[i]), answer.Body);
                    break;
            }
        }
    }

    [Fact]
    public async Task By_default_a_script_is_plain_text()
    {
        RawAnswer answer = await PostRawAsync("integrations/scripts/create", Payloads.Manual("databricks"));

        Assert.Equal("text/plain; charset=utf-8", answer.ContentType);
        Assert.StartsWith("/*\n * Immuta integration: Databricks\n", answer.Text);
        Assert.Equal("text/plain", (string)(await Api.Get("_emulator/settings")).Object["scriptContentType"]!);
    }

    [Theory]
    [InlineData("json-object")]
    [InlineData("application/octet-stream")]
    public async Task A_refusal_is_still_Immutas_JSON_error(string setting)
    {
        await SetAsync(setting);

        Answer answer = await Api.Post("integrations/scripts/create", ApiCalls.Example("bigquery"));

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Equal("application/json", answer.MediaType);
        Assert.Equal("type Google BigQuery is not supported by /integrations/scripts/create.", answer.ErrorMessage);
    }

    [Theory]
    [InlineData("""{"scriptContentType": "text/xml"}""",
        "scriptContentType takes text/plain, text/html, application/octet-stream, json-string, json-object, not 'text/xml'.")]
    [InlineData("""{"scriptContentType": 3}""",
        "scriptContentType takes text/plain, text/html, application/octet-stream, json-string, json-object, not '3'.")]
    [InlineData("""{"forceDisableStatus": "gone"}""", "forceDisableStatus takes deleted, disabled, not 'gone'.")]
    [InlineData("""{"scriptContentType": "text/html", "colour": "red"}""",
        "Unknown setting 'colour'; the settings are scriptContentType, forceDisableStatus, scriptDialect, scriptPrefix, scriptPrefixKinds.")]
    public async Task A_bad_setting_is_a_400_and_changes_nothing(string body, string message)
    {
        Answer answer = await Api.Post("_emulator/settings", body);

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Equal(message, answer.ErrorMessage);
        JsonObject settings = (await Api.Get("_emulator/settings")).Object;
        Assert.Equal("text/plain", (string)settings["scriptContentType"]!);
        Assert.Equal("deleted", (string)settings["forceDisableStatus"]!);
    }

    [Fact]
    public async Task The_start_option_holds_from_the_start_and_reset_puts_it_back()
    {
        await using TestEmulator emulator = await TestEmulator.StartAsync(configure: o => o.ScriptContentType = "json-string");
        using HttpClient http = emulator.CreateClient();
        var api = new ApiCalls(http);

        Answer atStart = await api.Post("integrations/scripts/create", Payloads.Manual("snowflake"));
        await api.Post("_emulator/settings", new JsonObject { ["scriptContentType"] = "text/html" });
        Answer changed = await api.Post("integrations/scripts/create", Payloads.Manual("snowflake"));
        await api.Post("_emulator/reset");
        Answer afterReset = await api.Post("integrations/scripts/create", Payloads.Manual("snowflake"));

        Assert.Equal("application/json", atStart.MediaType);
        Assert.Equal(JsonValueKind.String, atStart.Json!.GetValueKind());
        Assert.Equal("text/html", changed.MediaType);
        Assert.Equal("application/json", afterReset.MediaType);
        Assert.Equal("json-string", (string)(await api.Get("_emulator/settings")).Object["scriptContentType"]!);
    }
}
