<#
.SYNOPSIS
    Plans or applies the Immuta integrations that a folder of payload files describes: the one script the
    Azure DevOps and GitHub Actions examples run (plan on pull requests, apply on main).
.DESCRIPTION
    The tenant comes from IMMUTA_URL and IMMUTA_API_KEY, and the secrets the files refer to as ${env:NAME}
    from environment variables of the same names: a pipeline maps its secret variables to them.

    -Mode Plan runs Compare-ImmutaIntegration and prints the plan; it changes nothing and needs none of the
    files' secrets. -Mode Apply runs Sync-ImmutaIntegration: every file is validated first (an invalid one stops
    everything before any change), then each change is made and waited for; a failed change is reported and the
    others go on. The script exits with 1 when anything failed, so the pipeline's step fails.

    Under an Azure DevOps or GitHub Actions agent the module also reports to the agent: each problem of a payload
    file is an annotation at its file and line, and the plan and what the apply did are the run's summary
    (IMMUTA_CI_ANNOTATIONS=0 turns this off).
.EXAMPLE
    ./Sync-Integrations.ps1 -Mode Plan -Path ./integrations
.EXAMPLE
    ./Sync-Integrations.ps1 -Mode Apply -Path ./integrations -Prune
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [ValidateSet('Plan', 'Apply')] [string] $Mode,
    # The folder (or files) of payload files.
    [string[]] $Path = (Join-Path $PSScriptRoot 'integrations'),
    # Delete the integrations that are in none of the files.
    [switch] $Prune,
    # Delete and create again an integration whose file changes a field fixed at creation.
    [switch] $AllowReplace,
    # The module to import: its name once installed, or the path of a build (out/ImmutaIntegrations).
    [string] $ModulePath = 'ImmutaIntegrations'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
Import-Module $ModulePath

if (-not $env:IMMUTA_URL -or -not $env:IMMUTA_API_KEY) {
    throw 'Set IMMUTA_URL and IMMUTA_API_KEY (the pipeline maps them from its variables) to say which tenant to use.'
}

function Write-Table([object[]] $Items) {
    # As a 160-column console would show it, also when the output goes to a log.
    if ($Items.Count) { $Items | Format-Table | Out-String -Width 160 | Write-Host }
}

if ($Mode -eq 'Plan') {
    $plan = @(Compare-ImmutaIntegration -Path $Path -Prune:$Prune)
    Write-Table $plan
    $count = { param($action) @($plan | Where-Object Action -eq $action).Count }
    Write-Host ("Plan: {0} to create, {1} to update, {2} to replace, {3} to delete, {4} unchanged." -f `
        (& $count Create), (& $count Update), (& $count Replace), (& $count Delete), (& $count NoChange))
    exit 0
}

# Continue past a failed change: the others still go on, and the failures decide the exit code.
$results = @(Sync-ImmutaIntegration -Path $Path -Prune:$Prune -AllowReplace:$AllowReplace -Force -ErrorAction Continue -ErrorVariable failures)
Write-Table $results
$failed = @($results | Where-Object Outcome -eq 'Failed')
$done = @($results | Where-Object { $_.Outcome -eq 'Done' -and $_.Action -ne 'NoChange' })
Write-Host ("Applied: {0} changed, {1} unchanged, {2} failed." -f $done.Count, @($results | Where-Object Action -eq 'NoChange').Count, $failed.Count)
if ($failed.Count -or $failures.Count) { exit 1 }
exit 0
