<#
.SYNOPSIS
    One command of ImmutaIntegrations as a pipeline step runs it: what the Azure DevOps task (ImmutaIntegrations@1) and the
    GitHub Action run. Validate, plan, apply, check drift or health; the result in a file for the step's outputs.
.DESCRIPTION
    The tenant comes from IMMUTA_URL and IMMUTA_API_KEY, which the task or action sets from its service connection or
    inputs (never on a command line); the secrets the payload files refer to come from where the files say (${env:NAME},
    ${file:PATH}, ${secret:NAME}). Under an agent (TF_BUILD, GITHUB_ACTIONS) the module itself annotates each problem of a
    payload file at its line and writes the run's summary.

    -Command:
      Validate  Test-ImmutaIntegrationPayload of -Path: each reference's form, no tenant and no secret needed.
      Plan      Compare-ImmutaIntegration: what applying the files would change; with -PlanFile, the plan saved there.
      Apply     Sync-ImmutaIntegration of -Path, or with -PlanFile exactly that saved plan (or nothing when it is stale).
      Drift     Compare-ImmutaIntegration -DetailedExitCode: whether the tenant still matches the files.
      Health    Test-ImmutaIntegrationHealth: whether every integration is healthy.

    -ResultFile receives one JSON object: command, outcome (Succeeded, SucceededWithIssues, Failed), message,
    changesPresent, planFile, and the counts (done, failed, unchanged, problems). Exit code: 0 unless the outcome is Failed
    (then 1). -OnFailure Warn makes a failed change, drift, an unhealthy integration or an invalid file
    SucceededWithIssues instead of Failed; a step that could not run at all (no tenant, a refused key, a refused plan)
    always fails.
.EXAMPLE
    ./Invoke-ImmutaCommand.ps1 -Command Plan -Path integrations -PlanFile plan.json -ResultFile result.json
.EXAMPLE
    ./Invoke-ImmutaCommand.ps1 -Command Apply -PlanFile plan.json -ResultFile result.json
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [ValidateSet('Validate', 'Plan', 'Apply', 'Drift', 'Health')] [string] $Command,
    # The folder (or files) of payload files.
    [string[]] $Path = @('integrations'),
    # Plan: where to save the plan. Apply: the saved plan to apply instead of the files.
    [string] $PlanFile,
    [switch] $Prune,
    [switch] $AllowReplace,
    [int] $ThrottleLimit = 0,
    # Secrets to send again (Plan and Apply from files): '*', references as written, or names with wildcards.
    [string[]] $RotateSecret,
    # Health: only integrations of these types.
    [string[]] $Type,
    [ValidateSet('Fail', 'Warn')] [string] $OnFailure = 'Fail',
    [Parameter(Mandatory)] [string] $ResultFile,
    # The module to import: the copy shipped with the task or action, or its name once installed.
    [string] $ModulePath = 'ImmutaIntegrations'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
# A pipeline's log is text: no colour codes in it (PowerShell 7; Windows PowerShell has none).
if (Get-Variable PSStyle -ErrorAction Ignore) { $PSStyle.OutputRendering = 'PlainText' }
# Run with -File (as the Azure DevOps task runs it), PowerShell binds each argument as one string: a list then arrives as
# one argument with a value per line.
$Path = @($Path | ForEach-Object { $_ -split '\r?\n' } | Where-Object { $_ })
if ($RotateSecret) { $RotateSecret = @($RotateSecret | ForEach-Object { $_ -split '\r?\n' } | Where-Object { $_ }) }
if ($Type) { $Type = @($Type | ForEach-Object { $_ -split '\r?\n' } | Where-Object { $_ }) }
$result = [ordered]@{
    command = $Command; outcome = 'Succeeded'; message = ''; changesPresent = $false; planFile = ''
    done = 0; failed = 0; unchanged = 0; problems = 0
}

function Write-Table([object[]] $Items) {
    # As a 160-column console would show it, also in a log.
    if ($Items.Count) { $Items | Format-Table | Out-String -Width 160 | Write-Host }
}

# The outcome of what the tenant or the files said: Failed, or with -OnFailure Warn, SucceededWithIssues.
function Set-Problem([string] $Message) {
    $result.outcome = if ($OnFailure -eq 'Warn') { 'SucceededWithIssues' } else { 'Failed' }
    $result.message = $Message
}

function Get-FullPath([string] $Name) { $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($Name) }

try {
    Import-Module $ModulePath
    $rotation = if ($RotateSecret) { @{ RotateSecret = $RotateSecret } } else { @{} }
    $throttle = if ($ThrottleLimit -gt 0) { @{ ThrottleLimit = $ThrottleLimit } } else { @{} }
    if ($Command -ne 'Validate') {
        if (-not $env:IMMUTA_URL -or -not $env:IMMUTA_API_KEY) {
            throw 'No tenant: IMMUTA_URL and IMMUTA_API_KEY are not set (the task sets them from its service connection, the action from its inputs).'
        }
        # The key checked first, so a wrong one is AuthenticationFailed in one line before anything else is read.
        Connect-Immuta -Url $env:IMMUTA_URL -ApiKey (ConvertTo-SecureString $env:IMMUTA_API_KEY -AsPlainText -Force) | Out-Null
    }
    switch ($Command) {
        'Validate' {
            # A folder's payload files, as Compare and Sync read a folder.
            $files = foreach ($item in $Path) {
                if (Test-Path -LiteralPath $item -PathType Container) {
                    Get-ChildItem -LiteralPath $item -File | Where-Object Extension -in '.yaml', '.yml', '.json' | Sort-Object Name | ForEach-Object FullName
                }
                else { $item }
            }
            $checked = @(if ($files) { Test-ImmutaIntegrationPayload -Path $files })
            $invalid = @($checked | Where-Object { -not $_.IsValid })
            $result.problems = @($checked | ForEach-Object { @($_.Errors) }).Count
            $checked | Format-Table | Out-String -Width 160 | Write-Host
            $result.message = "Validate: $($checked.Count) payload(s), $($invalid.Count) invalid."
            Write-Host $result.message
            if ($checked.Count -eq 0) { throw "No payload files were found at $($Path -join ', ')." }
            if ($invalid.Count) { Set-Problem "$($invalid.Count) of $($checked.Count) payload(s) are not valid." }
        }
        'Plan' {
            $saving = if ($PlanFile) { @{ OutFile = $PlanFile } } else { @{} }
            $planned = @(Compare-ImmutaIntegration -Path $Path -Prune:$Prune @saving @rotation)
            Write-Table $planned
            $changes = @($planned | Where-Object Action -ne 'NoChange').Count
            $result.changesPresent = $changes -gt 0
            $result.unchanged = $planned.Count - $changes
            if ($PlanFile) { $result.planFile = Get-FullPath $PlanFile }
            $result.message = "Plan: $changes change(s), $($result.unchanged) unchanged."
            Write-Host $result.message
        }
        'Apply' {
            $applied = if ($PlanFile) { @{ Plan = $PlanFile } } else { @{ Path = $Path; Prune = $Prune } + $rotation }
            # Past a failed change the others go on; the failures decide the outcome.
            $results = @(Sync-ImmutaIntegration @applied @throttle -AllowReplace:$AllowReplace -Force -ErrorAction SilentlyContinue -ErrorVariable failures)
            Write-Table $results
            $result.failed = @($results | Where-Object Outcome -eq 'Failed').Count
            $result.done = @($results | Where-Object { $_.Outcome -eq 'Done' -and $_.Action -ne 'NoChange' }).Count
            $result.unchanged = @($results | Where-Object Action -eq 'NoChange').Count
            $result.changesPresent = ($result.done + $result.failed) -gt 0
            if ($PlanFile) { $result.planFile = Get-FullPath $PlanFile }
            $summary = "Applied: $($result.done) changed, $($result.unchanged) unchanged, $($result.failed) failed."
            Write-Host $summary
            $result.message = $summary
            $errors = @($failures | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
            # Each failure in one line, its id first, rather than PowerShell's error view with the script's position.
            foreach ($failure in $errors) { $Host.UI.WriteErrorLine("$($failure.FullyQualifiedErrorId -replace ',.*'): $($failure.Exception.Message)") }
            if ($result.failed -or $errors.Count) {
                $first = @($errors | Select-Object -First 1 | ForEach-Object { $_.Exception.Message })
                Set-Problem ($summary + $(if ($first) { " $first" } else { '' }))
            }
        }
        'Drift' {
            $planned = @(Compare-ImmutaIntegration -Path $Path -Prune:$Prune -DetailedExitCode)
            Write-Table $planned
            $changes = @($planned | Where-Object Action -ne 'NoChange').Count
            $result.changesPresent = $changes -gt 0
            $result.unchanged = $planned.Count - $changes
            $result.message = if ($changes) { "Drift: $changes integration(s) no longer match the files." } else { 'Drift: none; the tenant matches the files.' }
            Write-Host $result.message
            if ($changes) { Set-Problem $result.message }
        }
        'Health' {
            $filter = if ($Type) { @{ Type = $Type } } else { @{} }
            $report = @(Test-ImmutaIntegrationHealth @filter)
            $unhealthy = @($report | Where-Object { -not $_.Healthy })
            if ($unhealthy.Count) { $unhealthy | Format-List | Out-String -Width 160 | Write-Host }
            $result.problems = $unhealthy.Count
            $result.message = "Health: $($report.Count) integration(s), $($unhealthy.Count) unhealthy."
            Write-Host $result.message
            if ($unhealthy.Count) { Set-Problem $result.message }
        }
    }
}
catch {
    # The step could not run (no tenant, a refused key, invalid files, a refused plan): it fails, whatever -OnFailure says.
    $id = $_.FullyQualifiedErrorId -replace ',.*'
    $result.outcome = 'Failed'
    $result.message = if ($id -and $id -notmatch '^(RuntimeException|ScriptHalted)$') { "${id}: $($_.Exception.Message)" } else { $_.Exception.Message }
    $Host.UI.WriteErrorLine($result.message)
}
[System.IO.File]::WriteAllText($ResultFile, ($result | ConvertTo-Json -Compress))
exit $(if ($result.outcome -eq 'Failed') { 1 } else { 0 })
