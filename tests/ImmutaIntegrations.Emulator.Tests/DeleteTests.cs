using System.Net;
using System.Text.Json.Nodes;
using ImmutaIntegrations.Tests;

namespace ImmutaIntegrations.Emulator.Tests;

/// <summary>DELETE /integrations/{id}: the credential rules word for word, dry runs and the end of an integration (force-disable: ForceDisableTests).</summary>
public sealed class DeleteTests : EmulatorTest
{
    private static readonly JsonObject Credentials = new() { ["authenticationType"] = "userPassword", ["username"] = "admin", ["password"] = "pw", ["role"] = "ACCOUNTADMIN" };

    [Theory]
    [InlineData("snowflake")]
    [InlineData("redshift")]
    [InlineData("synapse")]
    public async Task An_automatic_Synapse_Redshift_or_Snowflake_integration_needs_privileged_credentials(string example)
    {
        string id = await Api.CreateAsync(ApiCalls.Example(example));

        Answer answer = await Api.Delete($"integrations/{id}");

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Equal("Integrations that are automatically configured require privileged credentials to disable. Please provide them in your payload.", answer.ErrorMessage);
        Assert.Equal("enabled", await Api.StatusAsync(id));
    }

    [Theory]
    [InlineData("snowflake")]
    [InlineData("redshift")]
    [InlineData("synapse")]
    [InlineData("bigquery")]
    [InlineData("s3")]
    [InlineData("trino")]
    public async Task A_manual_integration_refuses_credentials(string example)
    {
        JsonObject payload = example is "trino" or "bigquery" or "s3" ? ApiCalls.Example(example) : Payloads.Manual(example);
        string id = await Api.CreateAsync(payload);

        Answer answer = await Api.Delete($"integrations/{id}", Credentials);

        Assert.Equal("Credentials are not required for disable unless the integration was configured automatically. If you need to update your integration credentials, use PUT to update the integration before disabling.", answer.ErrorMessage);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Databricks_refuses_credentials_whether_automatic_or_manual(bool automatic)
    {
        string id = await Api.CreateAsync(ApiCalls.Example("databricks").With("autoBootstrap", automatic));

        Answer answer = await Api.Delete($"integrations/{id}", Credentials);

        Assert.Equal("Credentials are not required to disable a Databricks Unity Catalog integration. If you need to update your integration credentials, use PUT to update the integration before disabling.", answer.ErrorMessage);
        Assert.Equal(HttpStatusCode.OK, (await Api.Delete($"integrations/{id}")).Status);
    }

    [Fact]
    public async Task The_credentials_are_checked_like_the_types_authentication()
    {
        string id = await Api.CreateAsync(ApiCalls.Example("snowflake"));

        Answer answer = await Api.Delete($"integrations/{id}", Credentials.Without("password"));

        Assert.Equal("password is required.", answer.ErrorMessage);
    }

    [Theory]
    [InlineData("42")]
    [InlineData("x1")]
    public async Task An_unknown_id_is_a_404_with_a_lower_case_integration(string id)
    {
        Answer answer = await Api.Delete($"integrations/{id}");

        Assert.Equal(HttpStatusCode.NotFound, answer.Status);
        Assert.Equal($"No integration found with ID {id}.", answer.ErrorMessage);
    }

    [Fact]
    public async Task A_delete_answers_deleting_then_the_integration_is_gone_from_the_list()
    {
        string kept = await Api.CreateAsync(ApiCalls.Example("trino"));
        string id = await Api.CreateAsync(ApiCalls.Example("snowflake"));

        Answer answer = await Api.Delete($"integrations/{id}", Credentials);

        Assert.Equal("deleting", answer.StatusOf);
        Assert.Equal("deleted", await Api.SettledStatusAsync(id));
        Assert.Equal([kept], (await Api.Get("integrations")).Json!.AsArray().Select(i => (string)i!["id"]!));
        Assert.Equal(HttpStatusCode.NotFound, (await Api.Delete($"integrations/{id}", Credentials)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await Api.Put($"integrations/{id}", ApiCalls.Example("snowflake"))).Status);
        // The target is free again.
        await Api.CreateAsync(ApiCalls.Example("snowflake"));
    }

    [Fact]
    public async Task A_delete_answers_with_the_validation_results_of_the_removal_not_those_of_the_creation()
    {
        string id = await Api.CreateAsync(ApiCalls.Example("snowflake"));

        Answer answer = await Api.Delete($"integrations/{id}", Credentials);

        JsonArray tests = answer.Object["validationResults"]!["validationTests"]!.AsArray();
        Assert.Equal(["Remove Immuta-managed objects"], tests.Select(t => (string)t!["name"]!));
        Assert.Equal("passed", (string)tests[0]!["status"]!);
    }

    [Fact]
    public async Task A_dry_run_delete_changes_nothing()
    {
        string id = await Api.CreateAsync(ApiCalls.Example("redshift"));

        Answer answer = await Api.Delete($"integrations/{id}?dryRun=true", Credentials);

        Assert.Equal(["validationResults"], answer.Object.Select(p => p.Key));
        Assert.Equal("enabled", await Api.StatusAsync(id));
    }

    [Fact]
    public async Task Failing_credentials_end_in_deleteError_and_the_integration_stays()
    {
        string id = await Api.CreateAsync(ApiCalls.Example("synapse"));

        await Api.Delete($"integrations/{id}", Credentials.With("password", "fail-password"));

        Assert.Equal("deleteError", await Api.SettledStatusAsync(id));
        Assert.Single((await Api.Get("integrations")).Json!.AsArray());
    }
}
