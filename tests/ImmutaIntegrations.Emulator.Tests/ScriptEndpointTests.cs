using System.Net;
using System.Text.Json.Nodes;
using ImmutaIntegrations.Tests;

namespace ImmutaIntegrations.Emulator.Tests;

/// <summary>The script endpoints: the contract's type table, manual setups only, and the documented manual workflows.</summary>
public sealed class ScriptEndpointTests : EmulatorTest
{
    // The contract's table: which payload-taking endpoint takes which type.
    public static TheoryData<string, string, bool> PayloadEndpoints()
    {
        var supported = new Dictionary<string, string[]>
        {
            ["create"] = ["synapse", "databricks", "redshift", "snowflake"],
            ["cleanup"] = ["synapse", "redshift", "snowflake"],
            ["initial-create"] = ["synapse", "redshift"],
            ["post-cleanup"] = ["synapse"],
        };
        var data = new TheoryData<string, string, bool>();
        foreach (var (endpoint, types) in supported)
        {
            foreach (string example in ApiCalls.ExampleNames) data.Add(endpoint, example, types.Contains(example));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(PayloadEndpoints))]
    public async Task Each_endpoint_takes_only_the_types_of_the_contracts_table(string endpoint, string example, bool supported)
    {
        JsonObject payload = example == "trino" ? ApiCalls.Example(example) : Payloads.Manual(example);

        Answer answer = await Api.Post($"integrations/scripts/{endpoint}", payload);

        if (supported)
        {
            Assert.Equal(HttpStatusCode.OK, answer.Status);
            Assert.Equal("text/plain", answer.MediaType);
            Assert.Contains(";", answer.Text);
        }
        else
        {
            Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
            Assert.Equal($"type {payload["type"]} is not supported by /integrations/scripts/{endpoint}.", answer.ErrorMessage);
        }
    }

    // The contract's table for {id}/scripts/delete: Synapse, Redshift and Snowflake only (docs/api-contract.md §2).
    [Theory]
    [InlineData("snowflake", true)]
    [InlineData("redshift", true)]
    [InlineData("synapse", true)]
    [InlineData("databricks", false)]
    [InlineData("bigquery", false)]
    [InlineData("s3", false)]
    public async Task The_delete_script_is_for_Synapse_Redshift_and_Snowflake_only(string example, bool supported)
    {
        string id = await Api.CreateAsync(example is "bigquery" or "s3" ? ApiCalls.Example(example) : Payloads.Manual(example));

        Answer answer = await Api.Post($"integrations/{id}/scripts/delete");

        if (supported)
        {
            Assert.Equal(HttpStatusCode.OK, answer.Status);
            Assert.Equal("text/plain", answer.MediaType);
        }
        else
        {
            Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
            Assert.Equal("application/json", answer.MediaType);
            Assert.Equal($"type {ApiCalls.Example(example)["type"]} is not supported by /integrations/{{id}}/scripts/delete.", answer.ErrorMessage);
        }
        Assert.Equal("enabled", await Api.StatusAsync(id));
    }

    [Fact]
    public async Task Databricks_manual_setup_create_script_then_POST_then_edit_script_then_a_plain_DELETE()
    {
        JsonObject payload = Payloads.Manual("databricks");
        Assert.Equal(HttpStatusCode.OK, (await Api.Post("integrations/scripts/create", payload)).Status);
        string id = await Api.CreateAsync(payload);
        Assert.Equal(HttpStatusCode.OK, (await Api.Post($"integrations/{id}/scripts/edit", payload.With("config.audit.enabled", true))).Status);

        Answer delete = await Api.SendAsync(HttpMethod.Delete, $"integrations/{id}");

        Assert.Equal(HttpStatusCode.OK, delete.Status);
        Assert.Equal("deleting", delete.StatusOf);
        Assert.Equal("deleted", await Api.SettledStatusAsync(id));
        Assert.Empty((await Api.Get("integrations")).Json!.AsArray());
    }

    [Fact]
    public async Task Scripts_are_for_manual_setups_only()
    {
        Answer answer = await Api.Post("integrations/scripts/create", ApiCalls.Example("snowflake"));

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Equal("autoBootstrap must be false: /integrations/scripts/create is for integrations set up manually.", answer.ErrorMessage);
    }

    [Fact]
    public async Task The_payload_is_validated_like_a_create()
    {
        Answer answer = await Api.Post("integrations/scripts/create", Payloads.Manual("synapse").Without("config.schema"));

        Assert.Equal("config.schema is required.", answer.ErrorMessage);
    }

    [Fact]
    public async Task A_script_never_holds_a_secret_of_the_payload()
    {
        Answer answer = await Api.Post("integrations/scripts/create", Payloads.Manual("snowflake").With("config.password", "very-secret-pw"));

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.DoesNotContain("very-secret-pw", answer.Text);
    }

    [Fact]
    public async Task Snowflake_manual_setup_create_script_then_POST_then_edit_and_delete_scripts()
    {
        JsonObject payload = Payloads.Manual("snowflake");
        Assert.Equal(HttpStatusCode.OK, (await Api.Post("integrations/scripts/create", payload)).Status);
        string id = await Api.CreateAsync(payload);

        Answer edit = await Api.Post($"integrations/{id}/scripts/edit", payload.With("config.warehouse", "NEW_WAREHOUSE"));
        Answer delete = await Api.Post($"integrations/{id}/scripts/delete");

        Assert.Equal(HttpStatusCode.OK, edit.Status);
        Assert.Contains("NEW_WAREHOUSE", edit.Text);
        Assert.Equal(HttpStatusCode.OK, delete.Status);
        Assert.Contains("SNOWFLAKE_SAMPLE_DATA", delete.Text);
        Assert.Equal("deleting", (await Api.Delete($"integrations/{id}")).StatusOf);
    }

    [Theory]
    [InlineData("redshift")]
    [InlineData("synapse")]
    public async Task Redshift_and_Synapse_manual_setup_runs_initial_create_then_create_then_POST(string example)
    {
        JsonObject payload = Payloads.Manual(example);

        Assert.Equal(HttpStatusCode.OK, (await Api.Post("integrations/scripts/initial-create", payload)).Status);
        Assert.Equal(HttpStatusCode.OK, (await Api.Post("integrations/scripts/create", payload)).Status);
        string id = await Api.CreateAsync(payload);

        Assert.Equal("enabled", await Api.SettledStatusAsync(id));
    }

    [Fact]
    public async Task A_failed_Synapse_creation_is_cleaned_up_with_cleanup_then_post_cleanup_and_has_no_delete_script()
    {
        JsonObject payload = Payloads.Manual("synapse").With("config.schema", "fail-schema");
        string id = await Api.CreateAsync(payload);
        Assert.Equal("createError", await Api.SettledStatusAsync(id));

        Answer delete = await Api.Post($"integrations/{id}/scripts/delete");

        Assert.Equal(HttpStatusCode.BadRequest, delete.Status);
        Assert.Equal($"Integration {id} was not created successfully (status createError): use /integrations/scripts/cleanup instead.", delete.ErrorMessage);
        Assert.Equal(HttpStatusCode.OK, (await Api.Post("integrations/scripts/cleanup", payload)).Status);
        Assert.Equal(HttpStatusCode.OK, (await Api.Post("integrations/scripts/post-cleanup", payload)).Status);
    }

    [Fact]
    public async Task Id_scripts_need_a_known_manual_integration_of_a_type_with_scripts()
    {
        string automatic = await Api.CreateAsync(ApiCalls.Example("redshift"));
        string bigquery = await Api.CreateAsync(ApiCalls.Example("bigquery"));

        Answer unknown = await Api.Post("integrations/99/scripts/delete");
        Answer auto = await Api.Post($"integrations/{automatic}/scripts/edit", Payloads.Manual("redshift"));
        Answer noScripts = await Api.Post($"integrations/{bigquery}/scripts/delete");

        Assert.Equal("No Integration found with ID 99.", unknown.ErrorMessage);
        Assert.Equal($"Integration {automatic} was configured automatically: /integrations/{{id}}/scripts/edit is for integrations set up manually.", auto.ErrorMessage);
        Assert.Equal("type Google BigQuery is not supported by /integrations/{id}/scripts/delete.", noScripts.ErrorMessage);
    }

    [Fact]
    public async Task An_edit_script_refuses_a_change_of_type_or_of_an_immutable_field()
    {
        string id = await Api.CreateAsync(Payloads.Manual("databricks"));

        Answer otherType = await Api.Post($"integrations/{id}/scripts/edit", Payloads.Manual("snowflake"));
        Answer immutable = await Api.Post($"integrations/{id}/scripts/edit", Payloads.Manual("databricks").With("config.catalog", "other"));

        Assert.Equal($"type cannot be changed: integration {id} is Databricks, not Snowflake.", otherType.ErrorMessage);
        Assert.Equal("config.catalog cannot be changed once an integration is configured.", immutable.ErrorMessage);
    }
}
