# Shared by the tests of the views (Module/Formatting.Tests.ps1) and of the secrets they must never show
# (Secrets/Views.Tests.ps1): real objects of every type the cmdlets output, from a tenant of the file's fixture.

Set-StrictMode -Version Latest

# The file's fixture (already started: imported again without -Force, it keeps its state), for its work folder.
Import-Module (Join-Path $PSScriptRoot 'TestFixture.psm1')

<#
.SYNOPSIS
    Real objects of every type the cmdlets output, by full type name (ImmutaIntegrations.Integration, ...), made against
    the tenant (the session's current connection; seeded as Start-TestFixture seeds it): the integrations and their
    statuses, validation results and tests, scripts, statements and their results, the connection, a health report, a
    Snowflake payload whose password is PayloadSecret, payload checks and problems, and an export. Then the tenant is
    emptied and the example files synced to it, with SNOWFLAKE_PASSWORD and DATABRICKS_TOKEN set to SyncSecret (given
    back by Stop-TestFixture), and one changed: plans, field changes and sync results.
#>
function Get-TestOutputSample {
    param([Parameter(Mandatory)] $Tenant, [Parameter(Mandatory)] [string] $PayloadSecret, [Parameter(Mandatory)] [string] $SyncSecret)
    $samples = @{}
    function Add-Sample([string] $Name, $Objects) { $samples["ImmutaIntegrations.$Name"] = @($Objects) }

    $integrations = Get-ImmutaIntegration
    Add-Sample Integration $integrations
    Add-Sample IntegrationStatus (Get-ImmutaIntegrationStatus -Id 1, 3)
    Add-Sample ValidationResults ($integrations | Where-Object ValidationResults | ForEach-Object ValidationResults)
    Add-Sample ValidationTest (@(Test-ImmutaIntegration -Payload (Get-TestPayload snowflake)) + @($integrations[2].ValidationResults.ValidationTests))
    $snowflake, $synapse = (Get-TestPayload snowflake), (Get-TestPayload synapse)
    $snowflake.autoBootstrap = $synapse.autoBootstrap = $false
    $scripts = @(
        Get-ImmutaIntegrationScript -Kind Create -Payload $snowflake
        Get-ImmutaIntegrationScript -Kind InitialCreate -Payload $synapse
    )
    Add-Sample IntegrationScript $scripts
    Add-Sample ScriptStatement $scripts.Statements
    Add-Sample ScriptStatementResult (Invoke-ImmutaScript -Script $scripts[0] -Executor { param($text) })
    Add-Sample ImmutaConnection (Get-ImmutaConnection)
    Add-Sample IntegrationHealth (Test-ImmutaIntegrationHealth -StuckAfter 0)
    $payload = New-ImmutaIntegrationPayload -Type Snowflake -Host acme.us-east-1.snowflakecomputing.com -Warehouse WH -Database IMMUTA `
        -AuthenticationType userPassword -Username admin@acme.com -Password (ConvertTo-TestSecureString $PayloadSecret) -Role ACCOUNTADMIN
    Add-Sample IntegrationPayload $payload
    $validation = @(
        Test-ImmutaIntegrationPayload -Payload $payload
        @{ type = 'S3'; autoBootstrap = $true; config = @{ name = 7; awsRegion = 'us-east-1' } } | Test-ImmutaIntegrationPayload
    )
    Add-Sample PayloadValidationResult $validation
    Add-Sample PayloadProblem $validation.Problems
    Add-Sample IntegrationExportFile (Export-ImmutaIntegration -Path (New-TestFolder))

    # Plans and syncs, in an emptied tenant: the example files are created, then one is changed.
    Reset-TestEmulator $Tenant
    Set-TestEnvironment @{ SNOWFLAKE_PASSWORD = $SyncSecret; DATABRICKS_TOKEN = $SyncSecret }
    $repository = New-TestRepository
    $synced = @(Sync-ImmutaIntegration -Path $repository -PollInterval 0.05)
    $file = Join-Path $repository 'snowflake-acme.yaml'
    Edit-TestFile $file 'warehouse: IMMUTA_WH' 'warehouse: A_WAREHOUSE_WITH_A_RATHER_LONG_NAME'
    Edit-TestFile $file '(?m)^    enabled: true' '    enabled: false'
    $plan = @(Compare-ImmutaIntegration -Path $repository)
    Add-Sample IntegrationPlanItem $plan
    Add-Sample IntegrationFieldChange $plan.Changes
    Add-Sample IntegrationSyncResult (@($synced) + @(Sync-ImmutaIntegration -Path $repository -PollInterval 0.05))
    $samples
}

Export-ModuleMember -Function Get-TestOutputSample
