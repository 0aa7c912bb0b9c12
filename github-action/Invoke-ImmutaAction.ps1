<#
.SYNOPSIS
    The GitHub Action's main step: runs pipelines/Invoke-ImmutaCommand.ps1 with the action's inputs, and gives its result
    as the step's outputs and, when it did not succeed, as an annotation.
.DESCRIPTION
    A composite action gets no INPUT_ variables of its own: action.yml maps each input into this step's environment as
    INPUT_<NAME> (upper case, dashes as underscores), and the tenant as IMMUTA_URL and IMMUTA_API_KEY, which the command
    reads (never from a command line). Lists (path, rotate-secret, types) are one item per line or separated by commas.
    An input that is not one of its values is an error naming the input, and nothing runs.

    Outputs (GITHUB_OUTPUT): changes-present (true or false), plan-file (the saved plan's full path, or empty),
    changes-done and changes-failed (counts). Then: Failed is an error annotation and exit code 1 (the step fails);
    SucceededWithIssues (on-failure: warn) a warning annotation, and the step succeeds.
#>
[CmdletBinding()]
param()

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

function Get-Input([string] $Name) {
    "$([Environment]::GetEnvironmentVariable('INPUT_' + $Name.Replace('-', '_').ToUpperInvariant()))".Trim()
}

function Get-ListInput([string] $Name) {
    @((Get-Input $Name) -split '[\r\n,]+' | ForEach-Object { $_.Trim() } | Where-Object { $_ })
}

# One of -Values, ignoring case; empty is the first, the input's default.
function Get-Choice([string] $Name, [string[]] $Values) {
    $value = Get-Input $Name
    if (-not $value) { return $Values[0] }
    $match = @($Values | Where-Object { $_ -eq $value })
    if (-not $match) { throw "The input $Name is '$value': use $(($Values | ForEach-Object { $_.ToLowerInvariant() }) -join ', ')." }
    $match[0]
}

# An annotation, its properties and message escaped as the runner unescapes them.
function Write-Annotation([ValidateSet('error', 'warning')] [string] $Kind, [string] $Title, [string] $Message) {
    $escape = { param($text) $text.Replace('%', '%25').Replace("`r", '%0D').Replace("`n", '%0A') }
    $property = (& $escape $Title).Replace(':', '%3A').Replace(',', '%2C')
    [Console]::Out.WriteLine("::$Kind title=$property::$(& $escape $Message)")
}

function Set-ActionOutput([string] $Name, [string] $Value) {
    $line = if ($Value -match '[\r\n]') {
        $delimiter = "ghadelimiter_$([guid]::NewGuid().ToString('n'))"
        "$Name<<$delimiter`n$Value`n$delimiter`n"
    }
    else { "$Name=$Value`n" }
    # UTF-8 without a byte order mark, as the runner reads the file.
    [System.IO.File]::AppendAllText($env:GITHUB_OUTPUT, $line)
}

$title = 'ImmutaIntegrations'
try {
    $command = Get-Choice 'command' 'Plan', 'Validate', 'Apply', 'Drift', 'Health'
    $title = "ImmutaIntegrations $($command.ToLowerInvariant())"
    $parameters = @{
        Command = $command
        OnFailure = Get-Choice 'on-failure' 'Fail', 'Warn'
        Prune = (Get-Choice 'prune' 'false', 'true') -eq 'true'
        AllowReplace = (Get-Choice 'allow-replace' 'false', 'true') -eq 'true'
    }
    $paths = Get-ListInput 'path'
    if ($paths) { $parameters.Path = $paths }
    if (Get-Input 'plan-file') { $parameters.PlanFile = Get-Input 'plan-file' }
    $throttle = Get-Input 'throttle-limit'
    if ($throttle) {
        if ($throttle -notmatch '^\d+$' -or [int]$throttle -lt 1) { throw "The input throttle-limit is '$throttle': use a whole number from 1, or leave it empty for the module's default." }
        $parameters.ThrottleLimit = [int]$throttle
    }
    $rotate = Get-ListInput 'rotate-secret'
    if ($rotate) { $parameters.RotateSecret = $rotate }
    $types = Get-ListInput 'types'
    if ($types) { $parameters.Type = $types }
    $parameters.ModulePath = & (Join-Path $PSScriptRoot 'Resolve-ImmutaModule.ps1') -ModulePath (Get-Input 'module-path')
}
catch {
    Write-Annotation error $title $_.Exception.Message
    exit 1
}

# Which module runs, for whoever reads the log.
Write-Host "ImmutaIntegrations module: $($parameters.ModulePath)"
$temp = if ($env:RUNNER_TEMP) { $env:RUNNER_TEMP } else { [System.IO.Path]::GetTempPath() }
$parameters.ResultFile = Join-Path $temp "immuta-result-$([guid]::NewGuid().ToString('n')).json"
& (Join-Path $PSScriptRoot '../pipelines/Invoke-ImmutaCommand.ps1') @parameters
if (-not (Test-Path -LiteralPath $parameters.ResultFile)) {
    Write-Annotation error $title "The command ended (exit code $LASTEXITCODE) without writing its result."
    exit 1
}
$result = Get-Content -Raw -LiteralPath $parameters.ResultFile | ConvertFrom-Json
Remove-Item -LiteralPath $parameters.ResultFile

Set-ActionOutput 'changes-present' $(if ($result.changesPresent) { 'true' } else { 'false' })
Set-ActionOutput 'plan-file' "$($result.planFile)"
Set-ActionOutput 'changes-done' "$($result.done)"
Set-ActionOutput 'changes-failed' "$($result.failed)"
switch ($result.outcome) {
    'Failed' { Write-Annotation error $title $result.message; exit 1 }
    'SucceededWithIssues' { Write-Annotation warning $title $result.message }
}
exit 0
