<#
.SYNOPSIS
    Plans or applies the Immuta integrations that a folder of payload files describes: the script the plain-PowerShell
    pipelines run (azure-pipelines-powershell.yml, github-powershell.yml: plan on pull requests, apply on main), for those
    who use the module without the Azure DevOps task or the GitHub Action. It can also apply a reviewed plan.
.DESCRIPTION
    The tenant comes from IMMUTA_URL and IMMUTA_API_KEY, and the secrets the files refer to as ${env:NAME}
    from environment variables of the same names: a pipeline maps its secret variables to them. A file may also take a
    secret from a file (${file:PATH}, such as a secure file whose path is in a variable: ${file:${env:BQ_KEY_PATH}}).

    -Mode Plan runs Compare-ImmutaIntegration and prints the plan; it changes nothing and needs none of the
    files' secrets. With -OutFile it also saves the plan, to be reviewed and applied later, elsewhere, exactly as it
    is: the file holds the secrets as references (${env:NAME}), never their values.

    -Mode Apply runs Sync-ImmutaIntegration: every file is validated first (an invalid one stops everything before
    any change), then each change is made and waited for; a failed change is reported and the others go on.
    With -RotateSecret, the secrets named are sent again although nothing in the files changed (a token or key replaced
    in its store): each integration whose file refers to one of them is updated with its current value, and Immuta
    validates it again. The plan shows such a change as "config.token: (secret) -> (secret, sent again)".
    -Mode Apply -Plan applies a saved plan instead of the files: exactly its items, or nothing at all when the tenant
    has moved since the plan was made (the plan is stale), when the plan was made for another tenant, when the file is
    not the plan as written, or when a secret it refers to is not set. The script exits with 1 when anything failed or
    the plan was refused, so the pipeline's step fails.

    Under an Azure DevOps or GitHub Actions agent the module also reports to the agent: each problem of a payload
    file is an annotation at its file and line, and the plan and what the apply did are the run's summary
    (IMMUTA_CI_ANNOTATIONS=0 turns this off). -Mode Plan also sets the step's outputs for the steps, jobs and stages
    after it: whether the plan changes anything (Azure DevOps: the output variable changesPresent; GitHub Actions: the
    output changes-present; true or false), and with -OutFile where the plan was saved (planFile; plan-file).
.EXAMPLE
    ./Sync-Integrations.ps1 -Mode Plan -Path ./integrations
.EXAMPLE
    ./Sync-Integrations.ps1 -Mode Apply -Path ./integrations -Prune
.EXAMPLE
    ./Sync-Integrations.ps1 -Mode Plan -Path ./integrations -Prune -OutFile ./plan.json
    ./Sync-Integrations.ps1 -Mode Apply -Plan ./plan.json

    A plan saved for review, then applied once approved (what azure-pipelines-reviewed.yml and github-reviewed.yml do
    with the task and the action).
.EXAMPLE
    ./Sync-Integrations.ps1 -Mode Apply -Path ./integrations -RotateSecret DATABRICKS_TOKEN, BQ_KEY_PATH

    The integrations that refer to ${env:DATABRICKS_TOKEN} or to the file BQ_KEY_PATH names are sent their current
    token and key (what azure-pipelines-rotation.yml and github-rotation.yml do with the task and the action).
#>
[CmdletBinding(DefaultParameterSetName = 'Files')]
param(
    # Plan: show what would change (and with -OutFile save it), changing nothing. Apply: make the changes.
    [Parameter(Mandatory)] [ValidateSet('Plan', 'Apply')] [string] $Mode,
    # The folder (or files) of payload files.
    [Parameter(ParameterSetName = 'Files')] [string[]] $Path = (Join-Path $PSScriptRoot 'integrations'),
    # Delete the integrations that are in none of the files.
    [Parameter(ParameterSetName = 'Files')] [switch] $Prune,
    # With -Mode Plan: also save the plan in this file, for -Mode Apply -Plan.
    [Parameter(ParameterSetName = 'Files')] [string] $OutFile,
    # With -Mode Apply: the saved plan to apply (-Mode Plan -OutFile wrote it), instead of the files.
    [Parameter(Mandatory, ParameterSetName = 'SavedPlan')] [string] $Plan,
    # Send these secrets again, as rotated: '*' for all of them, a reference as written (${env:DATABRICKS_TOKEN}), or a
    # variable's, file's or vault secret's name, with wildcards.
    [Parameter(ParameterSetName = 'Files')] [string[]] $RotateSecret,
    # Delete and create again an integration whose file changes a field fixed at creation.
    [switch] $AllowReplace,
    # The module to import: its name once installed, or the path of a build (out/ImmutaIntegrations).
    [string] $ModulePath = 'ImmutaIntegrations'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

if ($OutFile -and $Mode -ne 'Plan') { throw '-OutFile saves a plan: use it with -Mode Plan.' }
if ($Plan -and $Mode -ne 'Apply') { throw '-Plan applies a saved plan: use it with -Mode Apply.' }

Import-Module $ModulePath

if (-not $env:IMMUTA_URL -or -not $env:IMMUTA_API_KEY) {
    throw 'Set IMMUTA_URL and IMMUTA_API_KEY (the pipeline maps them from its variables) to say which tenant to use.'
}

function Write-Table([object[]] $Items) {
    # As a 160-column console would show it, also when the output goes to a log.
    if ($Items.Count) { $Items | Format-Table | Out-String -Width 160 | Write-Host }
}

# An output of this step for the steps, jobs and stages after it. Azure DevOps reads it from a logging command on standard
# output (an output variable, read elsewhere as <step>.<name>); GitHub Actions from the step's output file.
function Set-StepOutput([string] $AzureName, [string] $GitHubName, [string] $Value) {
    if ($env:TF_BUILD -eq 'True') {
        # The value escaped as the agent reads a logging command's data.
        Write-Host "##vso[task.setvariable variable=$AzureName;isOutput=true]$($Value.Replace('%', '%AZP25').Replace("`r", '%0D').Replace("`n", '%0A'))"
    }
    elseif ($env:GITHUB_ACTIONS -eq 'true' -and $env:GITHUB_OUTPUT) {
        $line = if ($Value -match '[\r\n]') {
            $delimiter = "EOF_$([guid]::NewGuid().ToString('n'))"
            "$GitHubName<<$delimiter`n$Value`n$delimiter`n"
        }
        else { "$GitHubName=$Value`n" }
        # UTF-8 without a byte order mark, as the runner reads the file.
        [System.IO.File]::AppendAllText($env:GITHUB_OUTPUT, $line)
    }
}

# Only when asked: a module without -RotateSecret runs the rest of this script as before.
$rotation = if ($RotateSecret) { @{ RotateSecret = $RotateSecret } } else { @{} }

if ($Mode -eq 'Plan') {
    $saving = if ($OutFile) { @{ OutFile = $OutFile } } else { @{} }
    $planned = @(Compare-ImmutaIntegration -Path $Path -Prune:$Prune @saving @rotation)
    Write-Table $planned
    $count = { param($action) @($planned | Where-Object Action -eq $action).Count }
    Write-Host ("Plan: {0} to create, {1} to update, {2} to replace, {3} to delete, {4} unchanged." -f `
        (& $count Create), (& $count Update), (& $count Replace), (& $count Delete), (& $count NoChange))
    if ($OutFile) {
        $saved = $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($OutFile)
        Write-Host "The plan is saved in $saved; -Mode Apply -Plan applies exactly it, or refuses it if the tenant has moved since."
        Set-StepOutput 'planFile' 'plan-file' $saved
    }
    $changes = @($planned | Where-Object Action -ne 'NoChange').Count
    Set-StepOutput 'changesPresent' 'changes-present' $(if ($changes) { 'true' } else { 'false' })
    exit 0
}

# Continue past a failed change: the others still go on, and the failures decide the exit code.
if ($Plan) {
    try {
        $results = @(Sync-ImmutaIntegration -Plan $Plan -AllowReplace:$AllowReplace -Force -ErrorAction Continue -ErrorVariable failures)
    }
    catch {
        # Refused whole (stale, made for another tenant, not the plan as written, a secret not set): nothing was changed.
        Write-Host ("Applied: nothing, the plan was refused ({0}): {1}" -f ($_.FullyQualifiedErrorId -replace ',.*'), $_.Exception.Message)
        exit 1
    }
}
else {
    $results = @(Sync-ImmutaIntegration -Path $Path -Prune:$Prune -AllowReplace:$AllowReplace @rotation -Force -ErrorAction Continue -ErrorVariable failures)
}
Write-Table $results
$failed = @($results | Where-Object Outcome -eq 'Failed')
$done = @($results | Where-Object { $_.Outcome -eq 'Done' -and $_.Action -ne 'NoChange' })
Write-Host ("Applied: {0} changed, {1} unchanged, {2} failed." -f $done.Count, @($results | Where-Object Action -eq 'NoChange').Count, $failed.Count)
if ($failed.Count -or $failures.Count) { exit 1 }
exit 0
