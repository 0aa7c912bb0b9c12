using System.Management.Automation;

namespace ImmutaIntegrations.Cmdlets.Tests;

/// <summary>
/// Every command that processes items, given two where the first fails (a bad payload, an unknown id, a missing file, a
/// failing script): the first is a non-terminating error naming it, and the second is still processed.
/// </summary>
public sealed class OneItemFailureTests : SeededSessionTests, IDisposable
{
    private const string BadPayload = "@{ type = 'NoSuchType' }";
    private const string Databricks = """
        @{ type = 'Databricks'; autoBootstrap = $true; config = @{ workspaceUrl = 'second.cloud.databricks.com';
           httpPath = 'sql/protocolv1/o/0/1'; authenticationType = 'token'; token = 'second-token'; catalog = 'immuta' } }
        """;

    private readonly string _folder = Directory.CreateTempSubdirectory("one-item-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    // The first item failed as one item's failure (not terminating), the second gave what it gives.
    private static T[] FirstFailedSecondProcessed<T>(PowerShellSession.Result result, string errorId, object? target = null)
    {
        Assert.Null(result.Terminating);
        string errors = string.Join("; ", result.Errors.Select(e => $"{e.FullyQualifiedErrorId}: {e.Exception.Message}"));
        Assert.True(result.Errors.Length == 1, errors);
        ErrorRecord error = result.Errors[0];
        Assert.True(error.FullyQualifiedErrorId.StartsWith(errorId + ",", StringComparison.Ordinal), errors);
        if (target != null) Assert.Equal(target, error.TargetObject is PSObject wrapped ? wrapped.BaseObject : error.TargetObject);
        T[] produced = result.Of<T>();
        Assert.NotEmpty(produced);
        return produced;
    }

    [Fact]
    public void New_ImmutaIntegration()
    {
        var result = Session.Run($"{BadPayload}, {Databricks} | New-ImmutaIntegration -Force");

        Integration created = Assert.Single(FirstFailedSecondProcessed<Integration>(result, ImmutaErrorId.PayloadRejected));
        Assert.Equal("second.cloud.databricks.com", created.Config["workspaceUrl"]);
    }

    [Fact]
    public void Set_ImmutaIntegration()
    {
        var result = Session.Run("""
            $broken = Get-ImmutaIntegration -Id 2
            $broken.Config.authenticationType = 'no-such-authentication'
            $credential = [pscredential]::new('admin@acme.com', (ConvertTo-SecureString 'new-secret' -AsPlainText -Force))
            $broken, (Get-ImmutaIntegration -Id 1) | Set-ImmutaIntegration -Credential $credential -Force
            """);

        Integration updated = Assert.Single(FirstFailedSecondProcessed<Integration>(result, ImmutaErrorId.InvalidArgument, "2"));
        Assert.Equal("1", updated.Id);
    }

    [Fact]
    public void Test_ImmutaIntegration()
    {
        var result = Session.Run($"{BadPayload}, {Databricks} | Test-ImmutaIntegration");

        FirstFailedSecondProcessed<ValidationTest>(result, ImmutaErrorId.PayloadRejected);
    }

    [Fact]
    public void Get_ImmutaIntegrationScript()
    {
        string manual = Databricks.Replace("autoBootstrap = $true", "autoBootstrap = $false");
        var result = Session.Run($"{BadPayload}, {manual} | Get-ImmutaIntegrationScript -Kind Create");

        IntegrationScript script = Assert.Single(FirstFailedSecondProcessed<IntegrationScript>(result, ImmutaErrorId.InvalidRequest));
        Assert.Equal("Databricks", script.Type);
    }

    [Fact]
    public void Test_ImmutaIntegrationPayload()
    {
        string missing = Path.Combine(_folder, "missing.yaml");
        string valid = Path.Combine(_folder, "trino.yaml");
        File.WriteAllText(valid, "type: Trino\n");
        var result = Session.Run("Test-ImmutaIntegrationPayload -Path $missing, $valid",
            new Dictionary<string, object?> { ["missing"] = missing, ["valid"] = valid });

        PayloadValidationResult checkedOne = Assert.Single(FirstFailedSecondProcessed<PayloadValidationResult>(result, ImmutaErrorId.PayloadFileNotFound));
        Assert.True(checkedOne.IsValid);
    }

    [Fact]
    public void New_ImmutaIntegrationPayload_takes_one_item_and_its_failure_does_not_end_the_script()
    {
        var result = Session.Run("New-ImmutaIntegrationPayload -Type NoSuchType; New-ImmutaIntegrationPayload -Type Trino");

        IntegrationPayload payload = Assert.Single(FirstFailedSecondProcessed<IntegrationPayload>(result, ImmutaErrorId.PayloadTypeUnknown, "NoSuchType"));
        Assert.Equal("Trino", payload.Type);
    }

    [Fact]
    public void Invoke_ImmutaScript()
    {
        var result = Session.Run("""
            $failing = [ImmutaIntegrations.IntegrationScript]@{ Kind = 'Create'; Text = 'SELECT fails;' }
            $passing = [ImmutaIntegrations.IntegrationScript]@{ Kind = 'Cleanup'; Text = 'SELECT passes;' }
            $failing, $passing | Invoke-ImmutaScript -Executor { param($text) if ($text -match 'fails') { throw 'refused' } } -Confirm:$false
            """);

        ScriptStatementResult[] ran = FirstFailedSecondProcessed<ScriptStatementResult>(result, ImmutaErrorId.ScriptStatementFailed);
        Assert.Contains(ran, r => r.Script == "Cleanup" && r.Status == "Succeeded");
    }

    [Fact]
    public void Import_ImmutaIntegrationPlan()
    {
        File.WriteAllText(Path.Combine(_folder, "trino.yaml"), "type: Trino\n");
        string plan = Path.Combine(_folder, "plan.json");
        string broken = Path.Combine(_folder, "broken.json");
        File.WriteAllText(broken, "{ not a plan");
        var result = Session.Run("""
            Compare-ImmutaIntegration -Path (Join-Path $folder trino.yaml) -OutFile $plan | Out-Null
            Import-ImmutaIntegrationPlan -Path $broken, $plan
            """, new Dictionary<string, object?> { ["folder"] = _folder, ["plan"] = plan, ["broken"] = broken });

        FirstFailedSecondProcessed<IntegrationPlanItem>(result, ImmutaErrorId.PlanFileInvalid, broken);
    }

    [Theory]
    [InlineData("Get-ImmutaIntegration -Id 99, 2", typeof(Integration))]
    [InlineData("Get-ImmutaIntegrationStatus -Id 99, 2", typeof(IntegrationStatus))]
    [InlineData("Reset-ImmutaIntegrationApiKey -Id 99, 4 -Confirm:$false", typeof(System.Security.SecureString))]
    [InlineData("Wait-ImmutaIntegration -Id 99, 2 -PollInterval 0.05", typeof(Integration))]
    [InlineData("Test-ImmutaIntegrationHealth -Id 99, 2", typeof(IntegrationHealth))]
    public void Commands_taking_ids(string command, Type produces)
    {
        var result = Session.Run(command);

        object?[] produced = FirstFailedSecondProcessed<object>(result, ImmutaErrorId.IntegrationNotFound, "99");
        Assert.Contains(produced, o => produces.IsInstanceOfType(o));
    }

    [Fact]
    public void Remove_ImmutaIntegration()
    {
        var result = Session.Run("Remove-ImmutaIntegration -Id 99, 2 -Force -Wait -PollInterval 0.05; Get-ImmutaIntegration");

        Integration[] left = FirstFailedSecondProcessed<Integration>(result, ImmutaErrorId.IntegrationNotFound, "99");
        Assert.Equal(["1", "3", "4"], left.Select(i => i.Id));
    }

    [Fact]
    public void Export_ImmutaIntegration()
    {
        var result = Session.Run("Export-ImmutaIntegration -Path $folder -Id 99, 2", new Dictionary<string, object?> { ["folder"] = _folder });

        FirstFailedSecondProcessed<object>(result, ImmutaErrorId.IntegrationNotFound, "99");
        Assert.Single(Directory.GetFiles(_folder, "*.yaml"));
    }
}
