using System.Net;
using System.Text.Json.Nodes;
using ImmutaIntegrations.Tests;

namespace ImmutaIntegrations.Emulator.Tests;

/// <summary>PUT /integrations/{id}: edits, what may not change, busy states, edit errors and dry runs.</summary>
public sealed class UpdateTests : EmulatorTest
{
    [Fact]
    public async Task An_edit_answers_editing_and_settles_enabled_with_the_new_config()
    {
        string id = await Api.CreateAsync(ApiCalls.Example("snowflake"));

        Answer answer = await Api.Put($"integrations/{id}", ApiCalls.Example("snowflake").With("config.warehouse", "NEW_WH"));

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal("editing", answer.StatusOf);
        Assert.Equal(id, (string?)answer.Object["id"]);
        Assert.NotNull(answer.Object["validationResults"]);
        Assert.Equal("enabled", await Api.SettledStatusAsync(id));
        Assert.Equal("NEW_WH", (string?)(await Api.Get($"integrations/{id}")).Object["config"]!["warehouse"]);
    }

    [Theory]
    [InlineData("snowflake", "config.host")]
    [InlineData("snowflake", "config.database")]
    [InlineData("databricks", "config.workspaceUrl")]
    [InlineData("databricks", "config.catalog")]
    [InlineData("redshift", "config.database")]
    [InlineData("synapse", "config.schema")]
    [InlineData("bigquery", "config.dataset")]
    [InlineData("bigquery", "config.location")]
    [InlineData("s3", "config.awsLocationPath")]
    [InlineData("s3", "config.awsAccountId")]
    [InlineData("s3", "config.awsRegion")]
    public async Task Changing_an_immutable_field_is_a_400_naming_it(string example, string field)
    {
        string id = await Api.CreateAsync(ApiCalls.Example(example));

        Answer answer = await Api.Put($"integrations/{id}", ApiCalls.Example(example).With(field, "changed"));

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Equal($"{field} cannot be changed once an integration is configured.", answer.ErrorMessage);
        Assert.Equal("enabled", await Api.StatusAsync(id));
    }

    [Fact]
    public async Task An_S3_name_can_change_but_not_to_another_integrations_name()
    {
        string first = await Api.CreateAsync(ApiCalls.Example("s3"));
        string second = await Api.CreateAsync(ApiCalls.Example("s3").With("config.name", "second").With("config.awsLocationPath", "s3://second/"));

        Answer rename = await Api.Put($"integrations/{first}", ApiCalls.Example("s3").With("config.name", "renamed"));
        Answer clash = await Api.Put($"integrations/{second}", ApiCalls.Example("s3").With("config.name", "renamed").With("config.awsLocationPath", "s3://second/"));

        Assert.Equal(HttpStatusCode.OK, rename.Status);
        Assert.Equal(HttpStatusCode.Conflict, clash.Status);
        Assert.Equal($"Native S3 integration already exists on host renamed (id = {first})", clash.ErrorMessage);
    }

    [Fact]
    public async Task Trino_takes_no_PUT()
    {
        string id = await Api.CreateAsync(ApiCalls.Example("trino"));

        Answer answer = await Api.Put($"integrations/{id}", ApiCalls.Example("trino"));

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Equal("type Trino cannot be updated: Starburst (Trino) integrations take no PUT.", answer.ErrorMessage);
    }

    [Fact]
    public async Task The_type_cannot_change()
    {
        string id = await Api.CreateAsync(ApiCalls.Example("redshift"));

        Answer answer = await Api.Put($"integrations/{id}", ApiCalls.Example("synapse"));

        Assert.Equal($"type cannot be changed: integration {id} is Redshift, not Azure Synapse Analytics.", answer.ErrorMessage);
    }

    [Theory]
    [InlineData("42")]
    [InlineData("abc")]
    public async Task An_unknown_id_is_a_404(string id)
    {
        Answer answer = await Api.Put($"integrations/{id}", ApiCalls.Example("snowflake"));

        Assert.Equal(HttpStatusCode.NotFound, answer.Status);
        Assert.Equal($"No Integration found with ID {id}.", answer.ErrorMessage);
    }

    [Fact]
    public async Task The_payload_rules_apply_to_a_PUT_too()
    {
        string id = await Api.CreateAsync(ApiCalls.Example("snowflake"));

        Answer answer = await Api.Put($"integrations/{id}", ApiCalls.Example("snowflake").Without("config.warehouse"));

        Assert.Equal("config.warehouse is required.", answer.ErrorMessage);
    }

    [Fact]
    public async Task A_failing_edit_ends_in_editError_and_rolls_the_config_back()
    {
        string id = await Api.CreateAsync(ApiCalls.Example("databricks"));

        await Api.Put($"integrations/{id}", ApiCalls.Example("databricks").With("config.httpPath", "fail-path"));

        Assert.Equal("editError", await Api.SettledStatusAsync(id));
        JsonObject integration = (await Api.Get($"integrations/{id}")).Object;
        Assert.Equal("sql/protocolv1/o/0/0000-00000-abc123", (string?)integration["config"]!["httpPath"]);
        Assert.Contains("config.httpPath", (string?)integration["validationResults"]!["validationTests"]![0]!["message"]);
    }

    [Fact]
    public async Task A_dry_run_edit_changes_nothing()
    {
        string id = await Api.CreateAsync(ApiCalls.Example("synapse"));

        Answer answer = await Api.Put($"integrations/{id}?dryRun=true", ApiCalls.Example("synapse").With("config.port", 1444));

        Assert.Equal(["validationResults"], answer.Object.Select(p => p.Key));
        Assert.Equal("enabled", await Api.StatusAsync(id));
        Assert.Equal(1433, (int)(await Api.Get($"integrations/{id}")).Object["config"]!["port"]!);
    }

    [Fact]
    public async Task An_edit_or_delete_while_the_integration_is_busy_is_a_409()
    {
        await using TestEmulator slow = await TestEmulator.StartAsync(configure: o => o.TransitionDelay = TimeSpan.FromSeconds(30));
        using HttpClient http = slow.CreateClient();
        var api = new ApiCalls(http);
        string id = await api.CreateAsync(ApiCalls.Example("snowflake"));

        Answer edit = await api.Put($"integrations/{id}", ApiCalls.Example("snowflake"));
        Answer delete = await api.Delete($"integrations/{id}", new JsonObject { ["authenticationType"] = "userPassword", ["username"] = "u", ["password"] = "p" });

        Assert.Equal(HttpStatusCode.Conflict, edit.Status);
        Assert.Equal($"Unable to edit integration with ID {id} in current state creating.", edit.ErrorMessage);
        Assert.Equal($"Unable to edit integration with ID {id} in current state creating.", delete.ErrorMessage);
        Assert.Equal("creating", await api.StatusAsync(id));
    }
}
