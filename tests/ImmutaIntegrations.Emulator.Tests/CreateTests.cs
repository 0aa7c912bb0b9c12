using System.Net;
using System.Text.Json.Nodes;
using ImmutaIntegrations.Tests;

namespace ImmutaIntegrations.Emulator.Tests;

/// <summary>POST /integrations: the request rules, conflicts, prerequisite failures, dry runs and bodies.</summary>
public sealed class CreateTests : EmulatorTest
{
    [Theory]
    [MemberData(nameof(Examples))]
    public async Task Every_sample_payload_of_the_contract_is_accepted_unchanged_and_ends_enabled(string name)
    {
        string id = await Api.CreateAsync(ApiCalls.Example(name));

        Assert.Equal("enabled", await Api.SettledStatusAsync(id));
        JsonObject integration = (await Api.Get($"integrations/{id}")).Object;
        Assert.Equal((string?)ApiCalls.Example(name)["type"], (string?)integration["type"]);
        Assert.Equal("passed", (string?)integration["validationResults"]!["status"]);
    }

    public static TheoryData<string> Examples() => new(ApiCalls.ExampleNames);

    [Theory]
    [InlineData("snowflake", "config.host", "config.host is required.")]
    [InlineData("snowflake", "config.warehouse", "config.warehouse is required.")]
    [InlineData("snowflake", "config.password", "config.password is required.")]
    [InlineData("snowflake", "config.authenticationType", "config.authenticationType is required.")]
    [InlineData("databricks", "config.httpPath", "config.httpPath is required.")]
    [InlineData("databricks", "config.token", "config.token is required.")]
    [InlineData("redshift", "config.initialDatabase", "config.initialDatabase is required.")]
    [InlineData("synapse", "config.schema", "config.schema is required.")]
    [InlineData("bigquery", "config.credential", "config.credential is required.")]
    [InlineData("bigquery", "config.location", "config.location is required.")]
    [InlineData("s3", "config.awsLocationRole", "config.awsLocationRole is required.")]
    [InlineData("s3", "config.awsSecretAccessKey", "config.awsSecretAccessKey is required.")]
    [InlineData("snowflake", "autoBootstrap", "autoBootstrap is required.")]
    [InlineData("snowflake", "config", "config is required.")]
    [InlineData("snowflake", "type", "type is required.")]
    public async Task A_missing_required_field_is_a_400_naming_it(string example, string field, string message)
    {
        Answer answer = await Api.Post("integrations", ApiCalls.Example(example).Without(field));

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Equal(message, answer.ErrorMessage);
    }

    [Fact]
    public async Task Initial_database_is_required_only_for_an_automatic_Redshift_setup()
    {
        JsonObject manual = Payloads.Manual("redshift").Without("config.initialDatabase");

        Assert.Equal(HttpStatusCode.OK, (await Api.Post("integrations?dryRun=true", manual)).Status);
    }

    [Theory]
    [InlineData("snowflake", "config.port", "\"443\"", "config.port must be an integer.")]
    [InlineData("snowflake", "config.port", "70000", "config.port must be between 1 and 65535.")]
    [InlineData("snowflake", "config.host", "42", "config.host must be a string.")]
    [InlineData("snowflake", "config.host", "\"  \"", "config.host must not be empty.")]
    [InlineData("snowflake", "config.authenticationType", "\"password\"", "config.authenticationType must be one of userPassword, keyPair, oAuthClientCredentials; 'password' is not.")]
    [InlineData("snowflake", "config.audit", "true", "config.audit must be an object.")]
    [InlineData("snowflake", "config.impersonation", "{\"enabled\": \"yes\"}", "config.impersonation.enabled must be a boolean.")]
    [InlineData("snowflake", "autoBootstrap", "\"true\"", "autoBootstrap must be a boolean.")]
    [InlineData("snowflake", "config", "[]", "config must be an object.")]
    [InlineData("snowflake", "type", "\"Oracle\"", "type must be one of Snowflake, Databricks, Redshift, Azure Synapse Analytics, Google BigQuery, Native S3, Trino; 'Oracle' is not.")]
    [InlineData("snowflake", "type", "\"snowflake\"", "type must be one of Snowflake, Databricks, Redshift, Azure Synapse Analytics, Google BigQuery, Native S3, Trino; 'snowflake' is not.")]
    [InlineData("databricks", "config.authenticationType", "\"userPassword\"", "config.authenticationType must be one of token, oAuthM2M; 'userPassword' is not.")]
    [InlineData("bigquery", "config.datasetSuffix", "\"secure\"", "config.datasetSuffix must start with '_'.")]
    [InlineData("bigquery", "autoBootstrap", "true", "autoBootstrap must be false for Google BigQuery.")]
    [InlineData("s3", "autoBootstrap", "true", "autoBootstrap must be false for Native S3.")]
    [InlineData("s3", "config.authenticationType", "\"auto\"", "config.awsRoleToAssume is required.")]
    [InlineData("trino", "autoBootstrap", "false", "autoBootstrap is not allowed for Trino.")]
    [InlineData("trino", "config", "{}", "config is not allowed for Trino: its payload is just its type.")]
    [InlineData("snowflake", "config.password", "\"<REDACTED>\"", "config.password must be the secret itself, not <REDACTED>.")]
    public async Task A_wrong_value_is_a_400_naming_the_field(string example, string field, string json, string message)
    {
        Answer answer = await Api.Post("integrations", ApiCalls.Example(example).With(field, JsonNode.Parse(json)));

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Equal(message, answer.ErrorMessage);
        Assert.Equal("[]", (await Api.Get("integrations")).Text);
    }

    [Fact]
    public async Task The_other_authentication_types_take_their_own_fields()
    {
        JsonObject keyPair = ApiCalls.Example("snowflake").With("config.authenticationType", "keyPair").Without("config.password")
            .With("config.privateKey", new JsonObject { ["keyName"] = "PRIV_KEY_FILE", ["userFilename"] = "key.p8", ["content"] = "-----BEGIN PRIVATE KEY-----" });
        JsonObject oauth = ApiCalls.Example("databricks").With("config.authenticationType", "oAuthM2M").Without("config.token")
            .With("config.oAuthClientConfig", new JsonObject { ["clientId"] = "c", ["clientSecret"] = "s", ["scope"] = "all-apis" });
        JsonObject roleToAssume = ApiCalls.Example("s3").With("config.authenticationType", "auto").With("config.awsRoleToAssume", "arn:aws:iam::1:role/r");

        foreach (JsonObject payload in new[] { keyPair, oauth, roleToAssume })
        {
            Answer answer = await Api.Post("integrations?dryRun=true", payload);
            Assert.True(answer.Status == HttpStatusCode.OK, answer.Text);
        }
        Answer missingClientId = await Api.Post("integrations", oauth.Without("config.oAuthClientConfig.clientId"));
        Assert.Equal("config.oAuthClientConfig.clientId is required.", missingClientId.ErrorMessage);
    }

    [Fact]
    public async Task Unknown_fields_are_accepted_as_a_newer_server_might_define_them()
    {
        Answer answer = await Api.Post("integrations", ApiCalls.Example("snowflake").With("config.lineage", new JsonObject { ["enabled"] = true, ["ingestBatchSize"] = 1000 }));

        Assert.Equal(HttpStatusCode.OK, answer.Status);
    }

    [Fact]
    public async Task A_dry_run_returns_only_the_validation_results_and_creates_nothing()
    {
        Answer answer = await Api.Post("integrations?dryRun=true", ApiCalls.Example("snowflake"));

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal(["validationResults"], answer.Object.Select(p => p.Key));
        Assert.Equal(7, answer.Object["validationResults"]!["validationTests"]!.AsArray().Count);
        Assert.Equal("[]", (await Api.Get("integrations")).Text);
    }

    [Fact]
    public async Task A_dry_run_with_a_failing_value_reports_the_failed_test()
    {
        Answer answer = await Api.Post("integrations?dryRun=true", ApiCalls.Example("snowflake").With("config.warehouse", "fail-warehouse"));

        JsonObject results = (JsonObject)answer.Object["validationResults"]!;
        Assert.Equal("failed", (string?)results["status"]);
        Assert.Contains("config.warehouse", (string?)results["validationTests"]![0]!["message"]);
    }

    [Fact]
    public async Task A_bad_dryRun_value_is_a_400()
    {
        Assert.Equal("dryRun must be true or false, not 'maybe'.", (await Api.Post("integrations?dryRun=maybe", ApiCalls.Example("trino"))).ErrorMessage);
    }

    [Theory]
    [InlineData("snowflake", "config.warehouse", "Snowflake integration already exists on host organization.us-east-1.snowflakecomputing.com (id = 1)")]
    [InlineData("redshift", "config.database", "Redshift integration already exists on host organization.aws.amazon.com (id = 1)")]
    [InlineData("synapse", "config.schema", "Azure Synapse Analytics integration already exists on host organization.azure.com (id = 1)")]
    [InlineData("databricks", "config.catalog", "Databricks integration already exists on host www.example-workspace.cloud.databricks.com (id = 1)")]
    [InlineData("s3", "config.awsLocationPath", "Native S3 integration already exists on host S3 integration (id = 1)")]
    [InlineData("s3", "config.name", "Native S3 integration already exists on host s3:// (id = 1)")]
    [InlineData("bigquery", "config.role", "Google BigQuery integration already exists on host immuta/us-east1 (id = 1)")]
    public async Task A_second_integration_on_the_same_target_is_a_409_naming_the_existing_id(string example, string otherField, string message)
    {
        await Api.CreateAsync(ApiCalls.Example(example));

        // Same target, some other field different: still the same host.
        Answer answer = await Api.Post("integrations", ApiCalls.Example(example).With(otherField, "something-else"));

        Assert.Equal(HttpStatusCode.Conflict, answer.Status);
        Assert.Equal(message, answer.ErrorMessage);
    }

    [Fact]
    public async Task The_same_type_on_another_host_and_another_type_on_the_same_host_are_fine()
    {
        await Api.CreateAsync(ApiCalls.Example("snowflake"));

        await Api.CreateAsync(ApiCalls.Example("snowflake").With("config.host", "other.snowflakecomputing.com"));
        await Api.CreateAsync(ApiCalls.Example("redshift").With("config.host", "organization.us-east-1.snowflakecomputing.com"));
        await Api.CreateAsync(ApiCalls.Example("bigquery").With("config.location", "europe-west1"));
    }

    [Fact]
    public async Task Trino_is_one_per_tenant()
    {
        await Api.CreateAsync(ApiCalls.Example("trino"));

        Answer second = await Api.Post("integrations", ApiCalls.Example("trino"));

        Assert.Equal(HttpStatusCode.Conflict, second.Status);
        Assert.EndsWith("(id = 1)", second.ErrorMessage);
    }

    [Fact]
    public async Task A_failing_value_ends_in_createError_with_a_failed_test_naming_the_field()
    {
        string id = await Api.CreateAsync(ApiCalls.Example("redshift").With("config.database", "fail-db"));

        Assert.Equal("createError", await Api.SettledStatusAsync(id));
        JsonObject results = (JsonObject)(await Api.Get($"integrations/{id}")).Object["validationResults"]!;
        Assert.Equal("failed", (string?)results["status"]);
        JsonNode failed = results["validationTests"]!.AsArray().Single(t => (string?)t!["status"] == "failed")!;
        Assert.Equal("Simulated platform failure: the value of config.database was rejected.", (string?)failed["message"]);
    }

    [Fact]
    public async Task A_rejected_prerequisite_is_a_422_and_nothing_is_created()
    {
        Answer answer = await Api.Post("integrations", ApiCalls.Example("snowflake").With("config.role", "reject-role"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, answer.Status);
        Assert.Equal("Validation of prerequisite setup failed. Unable to create integration.", answer.ErrorMessage);
        Assert.Equal("[]", (await Api.Get("integrations")).Text);
    }

    [Fact]
    public async Task An_unreadable_Databricks_metastore_is_a_422()
    {
        Answer answer = await Api.Post("integrations", ApiCalls.Example("databricks").With("config.httpPath", "reject-metastore"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, answer.Status);
        Assert.Equal("Processing Error: Error trying to get the current metastore info.", answer.ErrorMessage);
    }

    [Theory]
    [InlineData("application/yaml")]
    [InlineData("text/yaml")]
    public async Task A_YAML_body_is_read_like_JSON(string mediaType)
    {
        const string yaml = """
            type: Snowflake
            autoBootstrap: false
            config:
              host: yaml.snowflakecomputing.com
              port: 8443
              warehouse: WH
              database: IMMUTA
              authenticationType: userPassword
              username: immuta_system
              password: "secret: with a colon"
            """;

        Answer created = await Api.Post("integrations", yaml, mediaType);

        Assert.Equal(HttpStatusCode.OK, created.Status);
        JsonObject config = (JsonObject)(await Api.Get($"integrations/{created.Object["id"]}")).Object["config"]!;
        Assert.Equal(8443, (int)config["port"]!);
        Assert.Equal("immuta_system", (string?)config["username"]);
    }

    [Theory]
    [InlineData("{\"type\": \"Snowflake\",", "application/json", "not valid JSON")]
    [InlineData("type: [Snowflake", "application/yaml", "not valid YAML")]
    [InlineData("", "application/json", "it is empty")]
    [InlineData("[1, 2]", "application/json", "must be a JSON or YAML object")]
    [InlineData("\"Trino\"", "application/json", "must be a JSON or YAML object")]
    public async Task A_malformed_body_is_a_400_with_the_parse_error(string body, string mediaType, string expected)
    {
        Answer answer = await Api.Post("integrations", body, mediaType);

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Contains(expected, answer.ErrorMessage);
    }

    [Fact]
    public async Task Secrets_are_never_shown_and_defaults_are_filled_in()
    {
        string snowflake = await Api.CreateAsync(ApiCalls.Example("snowflake").With("config.impersonation", new JsonObject { ["enabled"] = true }));
        string synapse = await Api.CreateAsync(ApiCalls.Example("synapse").Without("config.metadataDelimiters"));
        string bigquery = await Api.CreateAsync(ApiCalls.Example("bigquery"));

        JsonObject config = (JsonObject)(await Api.Get($"integrations/{snowflake}")).Object["config"]!;
        Assert.Equal(443, (int)config["port"]!);
        Assert.Equal("IMMUTA_IMPERSONATION", (string?)config["impersonation"]!["role"]);
        foreach (string block in new[] { "audit", "workspaces", "lineage" }) Assert.False((bool)config[block]!["enabled"]!);
        Assert.Equal("<REDACTED>", (string?)config["password"]);
        Assert.Equal("<REDACTED>", (string?)config["username"]);
        JsonObject delimiters = (JsonObject)(await Api.Get($"integrations/{synapse}")).Object["config"]!["metadataDelimiters"]!;
        Assert.Equal(["|", "-", ","], new[] { "hashDelimiter", "hashKeyDelimiter", "arrayDelimiter" }.Select(d => (string?)delimiters[d]));
        Assert.Equal("<REDACTED>", (string?)(await Api.Get($"integrations/{bigquery}")).Object["config"]!["credential"]);
        string all = (await Api.Get("integrations")).Text;
        Assert.DoesNotContain("abc1234", all);
        Assert.DoesNotContain("PRIVATE KEY", all);
    }

    [Fact]
    public async Task Impersonation_tests_are_skipped_when_impersonation_is_off_and_run_when_on()
    {
        JsonNode Test(Answer a) => a.Object["validationResults"]!["validationTests"]!.AsArray()
            .Single(t => (string?)t!["name"] == "Validate Automatic: Impersonation Role Does Not Exist")!;

        Answer off = await Api.Post("integrations?dryRun=true", ApiCalls.Example("snowflake"));
        Answer on = await Api.Post("integrations?dryRun=true", ApiCalls.Example("snowflake").With("config.impersonation", new JsonObject { ["enabled"] = true }));

        Assert.Equal("skipped", (string?)Test(off)["status"]);
        Assert.Equal("passed", (string?)Test(on)["status"]);
    }
}
