<#
.SYNOPSIS
    Does the tenant still match git? Prints the plan for making the tenant's integrations what a folder of payload
    files says, and exits 0 when nothing would change, 2 when something would, 1 when the check failed: for a
    scheduled job, in the spirit of terraform plan -detailed-exitcode.
.DESCRIPTION
    The tenant comes from IMMUTA_URL and IMMUTA_API_KEY. Nothing is changed, and the secrets the files refer to
    need not be set: a plan never sends them.

    Exit codes: 0, the tenant matches the files (every item NoChange); 2, something would change (someone changed
    an integration by hand, or a file was merged but not applied); 1, no plan could be made (an invalid file, a
    tenant that cannot be reached, a refused key), with the error on the error stream.
.EXAMPLE
    pwsh -File examples/Test-Drift.ps1 -Path examples/integrations
.EXAMPLE
    pwsh -File examples/Test-Drift.ps1 -Path examples/integrations -Prune -ModulePath ./out/ImmutaIntegrations
#>
[CmdletBinding()]
param(
    # The folder (or files) of payload files.
    [string[]] $Path = (Join-Path $PSScriptRoot 'integrations'),
    # Also count as drift the integrations that are in none of the files (they would be deleted by a sync with -Prune).
    [switch] $Prune,
    # The module to import: its name once installed, or the path of a build (out/ImmutaIntegrations).
    [string] $ModulePath = 'ImmutaIntegrations'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

try {
    Import-Module $ModulePath
    if (-not $env:IMMUTA_URL -or -not $env:IMMUTA_API_KEY) {
        throw 'Set IMMUTA_URL and IMMUTA_API_KEY (the pipeline maps them from its variables) to say which tenant to use.'
    }
    $plan = @(Compare-ImmutaIntegration -Path $Path -Prune:$Prune -DetailedExitCode)
    $code = $LASTEXITCODE
}
catch {
    # Not drift: the check itself failed, and the job says why.
    $Host.UI.WriteErrorLine("The drift check failed: $($_.Exception.Message)")
    exit 1
}

# As a 160-column console would show it, also when the output goes to a log.
if ($plan.Count) { $plan | Format-Table | Out-String -Width 160 | Write-Host }
$count = { param($action) @($plan | Where-Object Action -eq $action).Count }
Write-Host ("Plan: {0} to create, {1} to update, {2} to replace, {3} to delete, {4} unchanged." -f `
    (& $count Create), (& $count Update), (& $count Replace), (& $count Delete), (& $count NoChange))
if ($code -eq 0) { Write-Host 'No drift: the tenant matches the files.' }
else { Write-Host 'Drift: the tenant differs from the files; Sync-ImmutaIntegration would make the changes above.' }
exit $code
