# Shared by the tests of saved plans (Sync-ImmutaIntegration -Plan, Import-ImmutaIntegrationPlan): the plan every stale
# case starts from, and an apply expected to be refused. They use the fixture's tenant (the current connection) and its
# work folder (TestFixture.psm1).

Set-StrictMode -Version Latest

<#
.SYNOPSIS
    The tenant as the files would have it, and the starting point of every stale case: the example's three integrations
    made, then the Snowflake warehouse and the Databricks HTTP path changed in the files, and a Redshift file added
    (tests/data/changes/redshift.yaml); the plan of that saved in the folder as plan.json. Returns Folder, PlanFile and
    Plan (what Compare-ImmutaIntegration returned).
#>
function New-TestPlanCase {
    $folder = New-TestRepository
    Sync-ImmutaIntegration -Path $folder -PollInterval 0.05 | Out-Null
    Edit-TestFile (Join-Path $folder 'snowflake-acme.yaml') 'warehouse: IMMUTA_WH' 'warehouse: NEXT_WH'
    Edit-TestFile (Join-Path $folder 'databricks-analytics.yaml') 'httpPath: \S+' 'httpPath: sql/protocolv1/o/0/next'
    Copy-Item -LiteralPath (Join-Path (Get-TestPath Data) 'changes/redshift.yaml') -Destination (Join-Path $folder 'redshift.yaml')
    $planFile = Join-Path $folder 'plan.json'
    $plan = @(Compare-ImmutaIntegration -Path $folder -OutFile $planFile)
    [pscustomobject]@{ Folder = $folder; PlanFile = $planFile; Plan = $plan }
}

<#
.SYNOPSIS
    Applies a plan expecting a refusal: the terminating error (Stopped), the errors before it (Errors) and $LASTEXITCODE.
#>
function Invoke-TestRefusedApply {
    param([Parameter(Mandatory)] [string] $PlanFile)
    $global:LASTEXITCODE = 0
    $stopped = $null
    try { Sync-ImmutaIntegration -Plan $PlanFile -Force -PollInterval 0.05 -ErrorVariable problems -ErrorAction SilentlyContinue | Out-Null }
    catch { $stopped = $_ }
    [pscustomobject]@{
        Stopped = $stopped
        Errors = @($problems | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] -and $_ -ne $stopped -and "$($_.Exception.Message)" -ne "$($stopped.Exception.Message)" })
        ExitCode = $global:LASTEXITCODE
    }
}

Export-ModuleMember -Function New-TestPlanCase, Invoke-TestRefusedApply
