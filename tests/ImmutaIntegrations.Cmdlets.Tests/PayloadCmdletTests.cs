using System.Collections.Specialized;
using System.Management.Automation;
using ImmutaIntegrations.Core;
using ImmutaIntegrations.Core.Payloads;
using ImmutaIntegrations.Core.Payloads.Types;

namespace ImmutaIntegrations.Cmdlets.Tests;

/// <summary>Payloads given the PowerShell way: hashtables, PSCustomObjects, secure strings, and the type's own parameters.</summary>
public sealed class PayloadCmdletTests : IDisposable
{
    private readonly PowerShellSession _session = new();

    public void Dispose() => _session.Dispose();

    [Fact]
    public void Values_of_any_PowerShell_shape_become_plain_payload_values()
    {
        var result = _session.Run("""
            $json = '{"type":"Snowflake","autoBootstrap":false,"config":{"host":"h","port":8443,"warehouse":"w","database":"d",
                      "authenticationType":"userPassword","username":"u","password":"p","userRolePattern":{"exclude":["A*", "B*"]}}}'
            New-ImmutaIntegrationPayload -Type Snowflake -Config ($json | ConvertFrom-Json).config
            New-ImmutaIntegrationPayload -Type Snowflake -Config ($json | ConvertFrom-Json -AsHashtable).config
            """);

        Assert.Null(result.Terminating);
        Assert.Empty(result.Errors);
        IntegrationPayload[] payloads = result.Of<IntegrationPayload>();
        Assert.Equal(2, payloads.Length);
        foreach (IntegrationPayload payload in payloads)
        {
            Assert.Equal(8443L, payload.Config["port"]);
            Assert.Equal(new object?[] { "A*", "B*" }, (object?[])((OrderedDictionary)payload.Config["userRolePattern"]!)["exclude"]!);
            Assert.Equal("<REDACTED>", payload.Config["password"]);
        }
    }

    [Fact]
    public void A_secure_string_in_a_hashtable_stays_encrypted_and_reaches_the_request_body()
    {
        var result = _session.Run("""
            $secret = ConvertTo-SecureString 'the-real-token' -AsPlainText -Force
            New-ImmutaIntegrationPayload -Type Databricks -Config @{ workspaceUrl = 'w'; httpPath = 'h'; catalog = 'c'; authenticationType = 'token'; Token = $secret }
            """);

        IntegrationPayload payload = Assert.Single(result.Of<IntegrationPayload>());
        Assert.Equal("<REDACTED>", payload.Config["token"]);
        string body = PreparedPayload.From(PreparedPayload.ToDocument(payload)).ToRequestJson();
        Assert.Contains("\"token\":\"the-real-token\"", body);
    }

    [Fact]
    public void A_value_a_payload_cannot_hold_is_an_error_naming_where_it_is()
    {
        var result = _session.Run("@{ type = 'Trino'; config = @{ started = (Get-Process -Id $PID) } } | Test-ImmutaIntegrationPayload");

        ErrorRecord error = Assert.Single(result.Errors);
        Assert.Equal("InvalidArgument,ImmutaIntegrations.Commands.TestImmutaIntegrationPayloadCommand", error.FullyQualifiedErrorId);
        Assert.Contains("config.started is a Process", error.Exception.Message);
    }

    [Fact]
    public void Each_type_offers_its_top_level_fields_as_parameters_and_secrets_as_secure_strings()
    {
        foreach (IntegrationType type in IntegrationTypes.All)
        {
            var result = _session.Run("(Get-Command New-ImmutaIntegrationPayload -ArgumentList $type).Parameters.Values",
                new Dictionary<string, object?> { ["type"] = type.Name });
            var parameters = result.Of<ParameterMetadata>().ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);

            foreach (PayloadField field in type.Fields.Where(f => f.Parent is null && f.Kind is not (PayloadValueKind.Object or PayloadValueKind.Array)))
            {
                if (field.Path == "credential") continue; // -Credential is the PSCredential that fills it.
                Assert.True(parameters.ContainsKey(field.Path), $"{type.Name}: -{field.Path}");
                if (field.Secret) Assert.Equal(typeof(System.Security.SecureString), parameters[field.Path].ParameterType);
            }
        }
    }

    [Fact]
    public void The_type_parameters_win_over_the_config_hashtable()
    {
        var result = _session.Run("New-ImmutaIntegrationPayload -Type 'Native S3' -Name from-parameter -Config @{ name = 'from-config'; awsAccountId = '1'; awsRegion = 'r'; awsLocationRole = 'a'; awsLocationPath = 'p'; authenticationType = 'auto'; awsRoleToAssume = 'x' }");

        Assert.Equal("from-parameter", Assert.Single(result.Of<IntegrationPayload>()).Config["name"]);
    }

    [Fact]
    public void A_credential_for_a_type_without_such_fields_is_refused()
    {
        var result = _session.Run("New-ImmutaIntegrationPayload -Type Trino -Credential ([pscredential]::new('u', (ConvertTo-SecureString p -AsPlainText -Force)))");

        Assert.Equal("InvalidArgument,ImmutaIntegrations.Commands.NewImmutaIntegrationPayloadCommand", Assert.Single(result.Errors).FullyQualifiedErrorId);
        Assert.Contains("-Credential does not apply to Trino", result.Errors[0].Exception.Message);
    }
}
