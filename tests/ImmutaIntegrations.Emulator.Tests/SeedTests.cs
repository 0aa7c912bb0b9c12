using System.Text.Json.Nodes;
using ImmutaIntegrations.Tests;

namespace ImmutaIntegrations.Emulator.Tests;

public sealed class SeedTests
{
    private const string JsonSeed = """
        { "integrations": [
            { "id": "7", "type": "Google BigQuery", "autoBootstrap": false, "status": "editError",
              "config": { "role": "r", "datasetSuffix": "_s", "dataset": "d", "location": "us-east1", "credential": "{\"k\":1}" } },
            { "type": "Native S3", "autoBootstrap": false,
              "config": { "name": "lake", "awsAccountId": "1", "awsRegion": "us-east-1", "awsLocationRole": "arn:r",
                          "awsLocationPath": "s3://lake/", "authenticationType": "accessKey",
                          "awsAccessKeyId": "AK", "awsSecretAccessKey": "s3-secret" } }
        ] }
        """;

    [Fact]
    public async Task A_JSON_seed_keeps_given_ids_and_numbers_the_rest_after_them()
    {
        await using TestEmulator emulator = await TestEmulator.StartAsync(JsonSeed, seedExtension: ".json");
        using HttpClient http = Authorized(emulator);

        JsonArray list = (JsonArray)JsonNode.Parse(await http.GetStringAsync("integrations"))!;

        Assert.Equal(["7", "8"], list.Select(i => (string)i!["id"]!));
        Assert.Equal("editError", (string?)list[0]!["status"]);
        Assert.Equal("<REDACTED>", (string?)list[0]!["config"]!["credential"]);
        Assert.Equal("<REDACTED>", (string?)list[1]!["config"]!["awsSecretAccessKey"]);
        Assert.Equal("AK", (string?)list[1]!["config"]!["awsAccessKeyId"]);
    }

    [Fact]
    public async Task YAML_scalars_keep_their_types_and_quoted_ones_stay_strings()
    {
        const string yaml = """
            - type: Azure Synapse Analytics
              autoBootstrap: false
              config:
                host: syn.example.net
                port: 1444
                database: db
                schema: "123"
                nanLike: NaN
                infinityLike: Infinity
                authenticationType: userPassword
                username: u
                password: p
            """;
        await using TestEmulator emulator = await TestEmulator.StartAsync(yaml);
        using HttpClient http = Authorized(emulator);

        JsonObject config = (JsonObject)JsonNode.Parse(await http.GetStringAsync("integrations/1"))!["config"]!;

        Assert.Equal(System.Text.Json.JsonValueKind.Number, config["port"]!.GetValueKind());
        Assert.Equal(1444, (int)config["port"]!);
        Assert.Equal(System.Text.Json.JsonValueKind.String, config["schema"]!.GetValueKind());
        Assert.Equal("NaN", (string?)config["nanLike"]);
        Assert.Equal("Infinity", (string?)config["infinityLike"]);
        Assert.Equal("|", (string?)config["metadataDelimiters"]!["hashDelimiter"]);
    }

    [Fact]
    public async Task A_malformed_seed_file_stops_the_emulator_with_the_file_and_position()
    {
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => TestEmulator.StartAsync("- type: Snowflake\n  config: [unclosed\n"));

        Assert.Contains("Seed file", error.Message);
        Assert.Contains(".yaml", error.Message);
        Assert.Contains("Line", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task An_unknown_type_in_a_seed_is_refused()
    {
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => TestEmulator.StartAsync("- type: Oracle\n"));

        Assert.Contains("unknown integration type 'Oracle'", error.Message);
    }

    [Fact]
    public void Options_parse_the_emulators_flags_and_leave_the_rest_to_the_host()
    {
        EmulatorOptions options = EmulatorOptions.Parse(
            ["--urls", "http://127.0.0.1:0", "--api-key", "a", "--api-key", "b", "--transition-delay-ms", "0", "--seed", "s.yaml"],
            out string[] hostArgs);

        Assert.Equal(["a", "b"], options.ApiKeys);
        Assert.Equal(TimeSpan.Zero, options.TransitionDelay);
        Assert.Equal("s.yaml", options.SeedPath);
        Assert.Equal(["--urls", "http://127.0.0.1:0"], hostArgs);
        Assert.Throws<ArgumentException>(() => EmulatorOptions.Parse(["--transition-delay-ms", "-5"], out _));
        Assert.Throws<ArgumentException>(() => EmulatorOptions.Parse(["--api-key"], out _));
        Assert.Equal("Unknown option '--bogus-rate'.", Assert.Throws<ArgumentException>(() => EmulatorOptions.Parse(["--bogus-rate", "1"], out _)).Message);
        Assert.Throws<ArgumentException>(() => EmulatorOptions.Parse(["stray"], out _));
        EmulatorOptions.Parse(["--Kestrel:Limits:MaxRequestBodySize", "100", "--environment=Development"], out string[] passed);
        Assert.Equal(["--Kestrel:Limits:MaxRequestBodySize", "100", "--environment=Development"], passed);
    }

    private static HttpClient Authorized(TestEmulator emulator)
    {
        HttpClient http = emulator.CreateClient();
        http.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", TestEmulator.ApiKey);
        return http;
    }

    [Fact]
    public async Task A_reset_with_seed_puts_back_the_seeded_integrations_under_their_ids()
    {
        const string yaml = """
            - type: Snowflake
              autoBootstrap: true
              config:
                host: seeded.snowflakecomputing.com
                warehouse: WH
                database: DB
                authenticationType: userPassword
                username: u
                password: p
            - type: Trino
            """;
        await using TestEmulator emulator = await TestEmulator.StartAsync(yaml);
        using HttpClient http = Authorized(emulator);
        (await http.DeleteAsync("integrations/2")).Dispose();
        (await http.PostAsync("_emulator/reset", null)).Dispose();
        Assert.Equal("[]", (await http.GetStringAsync("integrations")).Replace(" ", string.Empty));

        using HttpResponseMessage reset = await http.PostAsync("_emulator/reset?seed=true", null);

        reset.EnsureSuccessStatusCode();
        JsonArray integrations = (JsonArray)JsonNode.Parse(await http.GetStringAsync("integrations"))!;
        Assert.Equal([("1", "Snowflake"), ("2", "Trino")], integrations.Select(i => ((string)i!["id"]!, (string)i["type"]!)));
    }
}
