using ImmutaIntegrations.Tests;

namespace ImmutaIntegrations.Cmdlets.Tests;

/// <summary>Get-ImmutaIntegrationScript's binding: an id alone, or a payload given, piped, or with an id.</summary>
public sealed class ScriptCmdletTests : IAsyncLifetime
{
    private const string Seed = """
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

    private const string Payload = """
        $payload = @{ type = 'Snowflake'; autoBootstrap = $false; config = @{ host = 'acme.us-east-1.snowflakecomputing.com'; warehouse = 'WH2'
            database = 'IMMUTA'; authenticationType = 'userPassword'; username = 'immuta_system'; password = 'snowflake-secret' } }
        """;

    private TestEmulator _emulator = null!;
    private PowerShellSession _session = null!;

    public async Task InitializeAsync()
    {
        _emulator = await TestEmulator.StartAsync(Seed, loopback: true);
        _session = PowerShellSession.ConnectedTo(_emulator);
    }

    public async Task DisposeAsync()
    {
        _session.Run("Disconnect-Immuta");
        _session.Dispose();
        await _emulator.DisposeAsync();
    }

    [Fact]
    public void The_Delete_script_of_an_integration_needs_only_its_id()
    {
        var result = _session.Run("Get-ImmutaIntegrationScript -Kind Delete -Id 1");

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
        var result = _session.Run(Payload + """

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
        var result = _session.Run(Payload + """

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
}
