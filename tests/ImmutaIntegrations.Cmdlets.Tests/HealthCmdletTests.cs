using ImmutaIntegrations.Tests;

namespace ImmutaIntegrations.Cmdlets.Tests;

/// <summary>Test-ImmutaIntegrationHealth and Compare-ImmutaIntegration -DetailedExitCode in a real pipeline: binding, output and $LASTEXITCODE.</summary>
public sealed class HealthCmdletTests : SeededSessionTests
{
    [Fact]
    public void Returns_the_unhealthy_first_with_their_connection_and_sets_LASTEXITCODE()
    {
        var result = Session.Run("$global:LASTEXITCODE = 7; Test-ImmutaIntegrationHealth; $LASTEXITCODE");

        IntegrationHealth[] report = result.Of<IntegrationHealth>();
        Assert.Equal(["3", "1", "2", "4"], report.Select(r => r.Id));
        Assert.Equal("error state", report[0].Problem);
        Assert.All(report, r => Assert.Equal(Emulator.BaseUrl, r.Connection!.Url));
        Assert.Equal(1, result.Output.Last());
    }

    [Fact]
    public void Quiet_answers_one_boolean_and_types_and_ids_narrow_the_check()
    {
        Assert.Equal([true, 0], Session.Run("Test-ImmutaIntegrationHealth -Type snow*, Trino -Quiet; $LASTEXITCODE").Output);
        Assert.Equal([false, 1], Session.Run("Test-ImmutaIntegrationHealth -Quiet; $LASTEXITCODE").Output);
        Assert.Equal(["3", "2"], Session.Run("[pscustomobject]@{ Id = 2 }, [pscustomobject]@{ Id = '3' } | Test-ImmutaIntegrationHealth")
            .Of<IntegrationHealth>().Select(r => r.Id));
    }

    [Fact]
    public void An_unknown_id_is_a_non_terminating_error_and_fails_the_check()
    {
        var result = Session.Run("Test-ImmutaIntegrationHealth -Id 1, 42; $LASTEXITCODE");

        Assert.Null(result.Terminating);
        Assert.Equal("IntegrationNotFound,ImmutaIntegrations.Commands.TestImmutaIntegrationHealthCommand", Assert.Single(result.Errors).FullyQualifiedErrorId);
        Assert.Equal("1", Assert.Single(result.Of<IntegrationHealth>()).Id);
        Assert.Equal(1, result.Output.Last());
    }

    [Theory]
    [InlineData("90", 90)]
    [InlineData("'00:02:00'", 120)]
    [InlineData("0.5", 0.5)]
    public void StuckAfter_takes_seconds_or_a_time_span(string argument, double seconds)
    {
        var result = Session.Run($"(Get-Command Test-ImmutaIntegrationHealth).Parameters['StuckAfter'].Attributes | " +
            "Where-Object { $_ -is [System.Management.Automation.ArgumentTransformationAttribute] } | " +
            $"ForEach-Object {{ $_.Transform($ExecutionContext, {argument}) }}");

        Assert.Equal(TimeSpan.FromSeconds(seconds), Assert.Single(result.Output));
    }

    [Fact]
    public void DetailedExitCode_is_2_when_something_would_change_and_1_when_no_plan_could_be_made()
    {
        string folder = Directory.CreateTempSubdirectory("health-cmdlets-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, "trino.yaml"), "type: Trino\n");
            File.WriteAllText(Path.Combine(folder, "redshift.yaml"), "type: Redshift\nautoBootstrap: false\nconfig:\n  host: other.redshift.amazonaws.com\n" +
                "  database: immuta\n  authenticationType: userPassword\n  username: u\n  password: p\n");
            var variables = new Dictionary<string, object?> { ["folder"] = folder };

            const string trino = "Compare-ImmutaIntegration -Path (Join-Path $folder trino.yaml) -DetailedExitCode | Out-Null; $LASTEXITCODE";
            Assert.Equal(0, Session.Run(trino, variables).Output.Single());
            Assert.Equal(2, Session.Run("Compare-ImmutaIntegration -Path $folder -DetailedExitCode | Out-Null; $LASTEXITCODE", variables).Output.Single());
            File.WriteAllText(Path.Combine(folder, "broken.yaml"), "type: Trino\nconfig: [\n");
            var failed = Session.Run("Compare-ImmutaIntegration -Path $folder -DetailedExitCode", variables);
            Assert.NotNull(failed.Terminating);
            Assert.Equal(1, Session.Run("$LASTEXITCODE").Output.Single());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
