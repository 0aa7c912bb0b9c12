using System.Net;
using System.Text.Json.Nodes;

namespace ImmutaIntegrations.Emulator.Tests;

/// <summary>Details of the answers that follow Immuta's reference (docs/api-contract.md §4): test names, and no invented defaults.</summary>
public sealed class ReferenceDetailTests : EmulatorTest
{
    private static string[] Names(JsonNode results) => results["validationTests"]!.AsArray().Select(t => (string)t!["name"]!).ToArray();

    private static string[] Statuses(JsonNode results) => results["validationTests"]!.AsArray().Select(t => (string)t!["status"]!).ToArray();

    [Fact]
    public async Task Snowflake_runs_every_documented_test_and_the_table_grants_prefix_test_in_order()
    {
        Answer automatic = await Api.Post("integrations", ApiCalls.Example("snowflake"));
        Answer manual = await Api.Post("integrations?dryRun=true", Payloads.Manual("snowflake").With("config.host", "other.snowflakecomputing.com"));

        string[] expected =
        [
            "Initial Validation: Basic Connection Test",
            "Initial Validation: Default Warehouse Access Test",
            "Initial Validation: Validate access to Privileged Role",
            "Initial Validation: Table Grants Role Prefix is Unique",
            "Validate Automatic: Database Does Not Exist",
            "Validate Automatic: Impersonation Role Does Not Exist",
            "Validate Automatic Bootstrap User Grants",
        ];
        JsonNode created = automatic.Object["validationResults"]!;
        Assert.Equal(expected, Names(created));
        Assert.Equal(["passed", "passed", "passed", "passed", "passed", "skipped", "passed"], Statuses(created));
        Assert.Equal(expected, Names(manual.Object["validationResults"]!));
        // A manual setup has no privileged role to check and creates nothing itself; the prefix test still runs.
        Assert.Equal(["passed", "passed", "skipped", "passed", "skipped", "skipped", "skipped"], Statuses(manual.Object["validationResults"]!));
        string id = (string)automatic.Object["id"]!;
        Assert.Equal(expected, Names((await Api.Get($"integrations/{id}")).Object["validationResults"]!));
    }

    [Fact]
    public async Task A_Databricks_answer_shows_no_port_the_payload_did_not_give()
    {
        string id = await Api.CreateAsync(ApiCalls.Example("databricks"));
        string other = await Api.CreateAsync(ApiCalls.Example("databricks").With("config.workspaceUrl", "b.cloud.databricks.com").With("config.port", 8443));

        JsonObject config = (JsonObject)(await Api.Get($"integrations/{id}")).Object["config"]!;
        JsonObject listed = (JsonObject)(await Api.Get("integrations")).Json!.AsArray()[0]!["config"]!;
        JsonObject given = (JsonObject)(await Api.Get($"integrations/{other}")).Object["config"]!;

        Assert.False(config.ContainsKey("port"), config.ToJsonString());
        Assert.False(listed.ContainsKey("port"), listed.ToJsonString());
        Assert.False((bool)config["audit"]!["enabled"]!);
        Assert.Equal(8443, (int)given["port"]!);
    }

    [Theory]
    [InlineData("snowflake", 443)]
    [InlineData("redshift", 5439)]
    [InlineData("synapse", 1433)]
    public async Task The_other_platforms_still_show_their_default_port(string example, int port)
    {
        string id = await Api.CreateAsync(ApiCalls.Example(example).Without("config.port"));

        Answer answer = await Api.Get($"integrations/{id}");

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal(port, (int)answer.Object["config"]!["port"]!);
    }
}
