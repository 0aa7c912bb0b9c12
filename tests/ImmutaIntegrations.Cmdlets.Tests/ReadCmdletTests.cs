using System.Management.Automation;
using ImmutaIntegrations.Tests;

namespace ImmutaIntegrations.Cmdlets.Tests;

/// <summary>Get-ImmutaIntegration and Get-ImmutaIntegrationStatus in a real pipeline.</summary>
public sealed class ReadCmdletTests : SeededSessionTests
{
    [Fact]
    public void Lists_every_integration_as_typed_objects_carrying_their_connection()
    {
        var result = Session.Run("Get-ImmutaIntegration");

        Integration[] all = result.Of<Integration>();
        Assert.Equal(["1", "2", "3", "4"], all.Select(i => i.Id));
        Assert.All(all, i => Assert.Equal(Emulator.BaseUrl, i.Connection!.Url));
    }

    [Fact]
    public void Type_filters_with_wildcards_case_insensitively()
    {
        Assert.Equal(["Redshift"], Session.Run("Get-ImmutaIntegration -Type red*").Of<Integration>().Select(i => i.Type));
        Assert.Equal(["Snowflake", "Trino"], Session.Run("Get-ImmutaIntegration -Type SNOWFLAKE, trino").Of<Integration>().Select(i => i.Type));
        Assert.Empty(Session.Run("Get-ImmutaIntegration -Id 1 -Type Databricks").Output);
    }

    [Fact]
    public void Ids_bind_as_numbers_or_strings_from_arguments_and_by_property_name()
    {
        Assert.Equal(["1", "3"], Session.Run("Get-ImmutaIntegration -Id 1, '3'").Of<Integration>().Select(i => i.Id));
        Assert.Equal(["2", "4"], Session.Run("[pscustomobject]@{ Id = 2 }, [pscustomobject]@{ Id = '4' } | Get-ImmutaIntegration").Of<Integration>().Select(i => i.Id));
        Assert.Equal(["3"], Session.Run("[pscustomobject]@{ Id = 3 } | Get-ImmutaIntegrationStatus").Of<IntegrationStatus>().Select(s => s.Id));
    }

    [Fact]
    public void Integrations_pipe_into_status_by_property_name()
    {
        var result = Session.Run("Get-ImmutaIntegration | Get-ImmutaIntegrationStatus");

        Assert.Null(result.Terminating);
        Assert.Equal(["1:enabled", "2:enabled", "3:createError", "4:enabled"], result.Of<IntegrationStatus>().Select(s => $"{s.Id}:{s.Status}"));
    }

    [Fact]
    public void An_unknown_id_among_several_is_a_non_terminating_error_and_the_others_still_come()
    {
        var result = Session.Run("Get-ImmutaIntegration -Id 1, 99, 2");

        Assert.Null(result.Terminating);
        Assert.Equal(["1", "2"], result.Of<Integration>().Select(i => i.Id));
        ErrorRecord error = Assert.Single(result.Errors);
        Assert.Equal("IntegrationNotFound,ImmutaIntegrations.Commands.GetImmutaIntegrationCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        Assert.Equal("No Integration found with ID 99.", error.Exception.Message);
        Assert.Equal("99", error.TargetObject);
        Assert.Equal(404, ((ImmutaApiException)error.Exception).StatusCode);
    }

    [Theory]
    [InlineData("Get-ImmutaIntegration")]
    [InlineData("Get-ImmutaIntegrationStatus")]
    public void Many_ids_read_at_once_come_out_in_the_order_given_with_failures_in_their_place(string command)
    {
        string[] ids = [.. Enumerable.Range(0, 60).Select(i => i % 13 == 5 ? "99" : ((i * 7 % 4) + 1).ToString())];

        var result = Session.Run($"{command} -Id $ids -ThrottleLimit 16", new Dictionary<string, object?> { ["ids"] = ids });

        Assert.Null(result.Terminating);
        string[] read = command == "Get-ImmutaIntegration" ? [.. result.Of<Integration>().Select(i => i.Id)] : [.. result.Of<IntegrationStatus>().Select(s => s.Id)];
        Assert.Equal(ids.Where(id => id != "99"), read);
        Assert.Equal(ids.Count(id => id == "99"), result.Errors.Length);
        Assert.All(result.Errors, e => Assert.Equal("99", e.TargetObject));
    }

    [Fact]
    public void ThrottleLimit_is_refused_outside_1_to_256()
    {
        var result = Session.Run("Get-ImmutaIntegration -Id 1 -ThrottleLimit 0");

        Assert.StartsWith("ParameterArgumentValidationError,", result.Terminating!.FullyQualifiedErrorId, StringComparison.Ordinal);
    }

    [Fact]
    public void Status_of_an_unknown_id_is_a_non_terminating_error_too()
    {
        var result = Session.Run("Get-ImmutaIntegrationStatus -Id 77, 4");

        Assert.Equal(["4"], result.Of<IntegrationStatus>().Select(s => s.Id));
        Assert.Equal("IntegrationNotFound,ImmutaIntegrations.Commands.GetImmutaIntegrationStatusCommand", Assert.Single(result.Errors).FullyQualifiedErrorId);
    }

    [Fact]
    public void A_key_without_APPLICATION_ADMIN_stops_the_command_with_PermissionDenied()
    {
        // Connect-Immuta refuses such a key itself (Forbidden): the command is given one directly, from the environment.
        var result = Session.Run("""
            Disconnect-Immuta
            $env:IMMUTA_URL = $url; $env:IMMUTA_API_KEY = $key
            try { Get-ImmutaIntegration -Id 1, 2 } finally { Remove-Item Env:IMMUTA_URL, Env:IMMUTA_API_KEY }
            """, new Dictionary<string, object?> { ["url"] = Emulator.BaseUrl.ToString(), ["key"] = TestEmulator.NonAdminKey });

        Assert.Equal("Forbidden,ImmutaIntegrations.Commands.GetImmutaIntegrationCommand", result.Terminating!.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.PermissionDenied, result.Terminating.CategoryInfo.Category);
        Assert.Contains("APPLICATION_ADMIN", result.Terminating.ErrorDetails.RecommendedAction);
    }

    [Fact]
    public void Verbose_output_shows_each_request()
    {
        var result = Session.Run("Get-ImmutaIntegrationStatus -Id 1 -Verbose");

        Assert.Contains($"GET {Emulator.BaseUrl}integrations/1/status", result.Verbose);
    }

    [Fact]
    public void No_secret_of_the_seed_appears_in_any_output()
    {
        var result = Session.Run("Get-ImmutaIntegration | Format-List * | Out-String; Get-ImmutaIntegration | ConvertTo-Json -Depth 6");

        string text = string.Join("\n", result.Output);
        Assert.Contains("<REDACTED>", text);
        foreach (string secret in SampleData.Secrets) Assert.DoesNotContain(secret, text);
        Assert.DoesNotContain(TestEmulator.ApiKey, text);
    }
}
