using ImmutaIntegrations.Tests;

namespace ImmutaIntegrations.Cmdlets.Tests;

/// <summary>Get-ImmutaIntegrationScript's binding: an id alone, or a payload given, piped, or with an id.</summary>
public sealed class ScriptCmdletTests : SeededSessionTests
{
    private const string SeedYaml = """
        - type: Snowflake
          autoBootstrap: false
          config:
            host: acme.us-east-1.snowflakecomputing.com
            warehouse: WH
            database: IMMUTA
            authenticationType: userPassword
            username: immuta_system
            password: snowflake-secret
        """;

    private protected override string Seed => SeedYaml;

    private const string Payload = """
        $payload = @{ type = 'Snowflake'; autoBootstrap = $false; config = @{ host = 'acme.us-east-1.snowflakecomputing.com'; warehouse = 'WH2'
            database = 'IMMUTA'; authenticationType = 'userPassword'; username = 'immuta_system'; password = 'snowflake-secret' } }
        """;


    [Fact]
    public void The_Delete_script_of_an_integration_needs_only_its_id()
    {
        var result = Session.Run("Get-ImmutaIntegrationScript -Kind Delete -Id 1");

        Assert.Null(result.Terminating);
        Assert.Empty(result.Errors);
        IntegrationScript script = Assert.Single(result.Of<IntegrationScript>());
        Assert.Equal(IntegrationScriptKind.Delete, script.Kind);
        Assert.Equal("1", script.IntegrationId);
        Assert.NotEmpty(script.Statements);
    }

    [Fact]
    public void A_payload_binds_given_or_piped_and_the_Edit_script_takes_an_id_with_it()
    {
        var result = Session.Run(Payload + """

            Get-ImmutaIntegrationScript -Kind Create -Payload $payload
            $payload | Get-ImmutaIntegrationScript -Kind Cleanup
            Get-ImmutaIntegrationScript -Kind Edit -Id 1 -Payload $payload
            $payload | Get-ImmutaIntegrationScript -Kind Edit -Id 1
            """);

        Assert.Null(result.Terminating);
        Assert.Empty(result.Errors);
        IntegrationScript[] scripts = result.Of<IntegrationScript>();
        Assert.Equal([IntegrationScriptKind.Create, IntegrationScriptKind.Cleanup, IntegrationScriptKind.Edit, IntegrationScriptKind.Edit], scripts.Select(s => s.Kind));
        Assert.Equal(["", "", "1", "1"], scripts.Select(s => s.IntegrationId));
    }

    [Fact]
    public void A_kind_given_what_it_does_not_take_is_an_error_that_says_what_it_takes()
    {
        var result = Session.Run(Payload + """

            Get-ImmutaIntegrationScript -Kind Create
            Get-ImmutaIntegrationScript -Kind Delete -Id 1 -Payload $payload
            Get-ImmutaIntegrationScript -Kind Delete
            """);

        Assert.Null(result.Terminating);
        Assert.Empty(result.Output);
        Assert.All(result.Errors, e => Assert.StartsWith("InvalidArgument,", e.FullyQualifiedErrorId));
        Assert.Equal(
            ["The Create script needs the payload (-Path or -Payload).", "The Delete script takes no payload: give only -Id.", "The Delete script is for an integration: give its -Id."],
            result.Errors.Select(e => e.Exception.Message));
    }

    [Fact]
    public void StatementTimeout_is_for_DbConnection_and_is_refused_with_an_Executor_before_anything_runs()
    {
        var result = Session.Run("""
            $ran = [System.Collections.Generic.List[string]]::new()
            Invoke-ImmutaScript -Text 'SELECT 1;' -Executor { param($statement) $ran.Add($statement) } -StatementTimeout 5 -Confirm:$false
            """);

        Assert.NotNull(result.Terminating);
        Assert.StartsWith("InvalidArgument,", result.Terminating!.FullyQualifiedErrorId);
        Assert.Equal("-StatementTimeout is the time limit of each statement run on -DbConnection; a script block given to -Executor sets its own.",
            result.Terminating.Exception.Message);
        Assert.Equal(0, Session.Run("$ran.Count").Of<int>().Single());
    }

    [Fact]
    public void A_sync_refuses_more_than_one_script_at_a_time_on_one_DbConnection_and_changes_nothing()
    {
        string folder = Path.Combine(Path.GetTempPath(), $"sync-scripts-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        try
        {
            using var connection = new Microsoft.Data.Sqlite.SqliteConnection("Data Source=:memory:");
            var result = Session.Run($"Sync-ImmutaIntegration -Path '{folder}' -Prune -DbConnection $db -ScriptThrottleLimit 2 -Force",
                new Dictionary<string, object?> { ["db"] = connection });

            Assert.NotNull(result.Terminating);
            Assert.StartsWith("InvalidArgument,", result.Terminating!.FullyQualifiedErrorId);
            Assert.Contains("one -DbConnection runs one statement at a time. Nothing was changed.", result.Terminating.Exception.Message);
            Assert.Single(Session.Run("Get-ImmutaIntegration").Of<Integration>());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
