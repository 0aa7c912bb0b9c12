using System.Net;
using System.Text.Json.Nodes;
using ImmutaIntegrations.Tests;

namespace ImmutaIntegrations.Emulator.Tests;

public sealed class ReadEndpointTests : IAsyncLifetime
{
    private TestEmulator _emulator = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _emulator = await TestEmulator.StartAsync(SampleData.Seed);
        _http = _emulator.CreateClient();
        _http.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", TestEmulator.ApiKey);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _emulator.DisposeAsync();
    }

    [Fact]
    public async Task The_list_is_a_bare_array_in_id_order_with_string_ids()
    {
        JsonArray list = (JsonArray)(await GetJson("integrations"))!;

        Assert.Equal(["1", "2", "3", "4"], list.Select(i => (string)i!["id"]!));
        Assert.Equal(["Snowflake", "Databricks", "Redshift", "Trino"], list.Select(i => (string)i!["type"]!));
    }

    [Fact]
    public async Task Secrets_are_redacted_and_defaults_filled_in()
    {
        JsonObject snowflake = (JsonObject)(await GetJson("integrations/1"))!;
        JsonObject config = (JsonObject)snowflake["config"]!;

        Assert.Equal("<REDACTED>", (string?)config["password"]);
        Assert.Equal("<REDACTED>", (string?)config["username"]);
        Assert.Equal("acme.us-east-1.snowflakecomputing.com", (string?)config["host"]);
        Assert.Equal(443, (int)config["port"]!);
        Assert.False((bool)config["audit"]!["enabled"]!);

        string everything = await _http.GetStringAsync("integrations");
        foreach (string secret in SampleData.Secrets) Assert.DoesNotContain(secret, everything);
    }

    [Fact]
    public async Task Seeded_status_and_validation_results_are_kept_and_others_default_to_enabled_and_passed()
    {
        JsonObject redshift = (JsonObject)(await GetJson("integrations/3"))!;
        JsonObject databricks = (JsonObject)(await GetJson("integrations/2"))!;

        Assert.Equal("createError", (string?)redshift["status"]);
        Assert.Equal("Connection refused.", (string?)redshift["validationResults"]!["validationTests"]![0]!["message"]);
        Assert.Equal("enabled", (string?)databricks["status"]);
        Assert.Equal(["Metastore validation", "Basic Connection Test"],
            ((JsonArray)databricks["validationResults"]!["validationTests"]!).Select(t => (string)t!["name"]!));
    }

    [Fact]
    public async Task Trino_has_no_autoBootstrap_and_its_config_is_its_API_key_and_cluster_snippet()
    {
        JsonObject trino = (JsonObject)(await GetJson("integrations/4"))!;

        Assert.False(trino.ContainsKey("autoBootstrap"));
        Assert.Empty((JsonArray)trino["validationResults"]!["validationTests"]!);
        string key = (string)trino["config"]!["apiKey"]!;
        Assert.Matches("^[0-9a-f]{40}$", key);
        Assert.Contains($"immuta.apikey={key}", (string?)trino["config"]!["configurationSnippet"]);
    }

    [Fact]
    public async Task Status_sends_the_id_as_a_number()
    {
        JsonObject status = (JsonObject)(await GetJson("integrations/3/status"))!;

        Assert.Equal(System.Text.Json.JsonValueKind.Number, status["id"]!.GetValueKind());
        Assert.Equal(3, (int)status["id"]!);
        Assert.Equal("createError", (string?)status["status"]);
    }

    [Theory]
    [InlineData("integrations/42")]
    [InlineData("integrations/42/status")]
    [InlineData("integrations/not-a-number")]
    public async Task Unknown_ids_are_404_with_the_documented_message(string path)
    {
        using HttpResponseMessage response = await _http.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        JsonObject body = (JsonObject)JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        string id = path.Split('/')[1];
        Assert.Equal($"No Integration found with ID {id}.", (string?)body["message"]);
        Assert.Equal("Not Found", (string?)body["error"]);
    }

    [Fact]
    public async Task Unknown_routes_answer_with_the_error_shape()
    {
        using HttpResponseMessage response = await _http.GetAsync("no/such/thing");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(404, (int)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["statusCode"]!);
    }

    private async Task<JsonNode?> GetJson(string path)
    {
        using HttpResponseMessage response = await _http.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync());
    }
}
