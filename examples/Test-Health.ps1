<#
.SYNOPSIS
    Is any integration unwell? Checks the tenant's integrations, prints the unhealthy ones with their failed tests,
    and exits 0 when all are healthy, 1 when any is not or the check failed: for a scheduled job.
.DESCRIPTION
    The tenant comes from IMMUTA_URL and IMMUTA_API_KEY; nothing is changed. An integration is unhealthy in an error
    status (createError, editError, deleteError, migrateError, recurringValidationError, ...) or when it is still in a
    change (creating, editing, deleting, migrating) -StuckAfter after the check began: Immuta's answers have no
    timestamps, so the check watches such integrations until then, and judges those that settle by where they settled.
.EXAMPLE
    pwsh -File examples/Test-Health.ps1
.EXAMPLE
    pwsh -File examples/Test-Health.ps1 -Type Snowflake, Databricks -StuckAfter 600 -ModulePath ./out/ImmutaIntegrations
#>
[CmdletBinding()]
param(
    # Only integrations of these types (wildcards allowed).
    [string[]] $Type,
    # How long a change may go on, from the start of the check, before it counts as stuck: seconds, or a time span.
    $StuckAfter = 300,
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
    $filter = if ($Type) { @{ Type = $Type } } else { @{} }
    $report = @(Test-ImmutaIntegrationHealth @filter -StuckAfter $StuckAfter)
}
catch {
    $Host.UI.WriteErrorLine("The health check failed: $($_.Exception.Message)")
    exit 1
}

$unhealthy = @($report | Where-Object { -not $_.Healthy })
# As a 160-column console would show it, also when the output goes to a log: each with Immuta's messages.
if ($unhealthy.Count) { $unhealthy | Format-List | Out-String -Width 160 | Write-Host }
Write-Host ("Health: {0} integration(s), {1} healthy, {2} unhealthy." -f $report.Count, ($report.Count - $unhealthy.Count), $unhealthy.Count)
if ($unhealthy.Count) { exit 1 }
exit 0
