<#
.SYNOPSIS
    Runs every tests/pester/*.Tests.ps1 against the built module in out/ and writes the counts as JSON.
    build.ps1 -Task Test runs this in a fresh pwsh (a loaded binary module cannot be reloaded).
#>
param(
    [Parameter(Mandatory)] [string] $PesterPath,
    [Parameter(Mandatory)] [string] $PackagesPath,
    [Parameter(Mandatory)] [string] $SqlitePath,
    [Parameter(Mandatory)] [string] $ResultPath,
    # One or more test files, to run part of the suite while working on it; all of them by default.
    [string[]] $Path = $PSScriptRoot
)
$ErrorActionPreference = 'Stop'
if ($PSStyle) { $PSStyle.OutputRendering = 'PlainText' }

# The isolation test loads other versions of the module's dependencies from the NuGet packages folder.
$env:IMMUTA_TEST_PACKAGES = $PackagesPath
# The script workflow tests run scripts through a real ADO.NET provider (Microsoft.Data.Sqlite), published here.
$env:IMMUTA_TEST_SQLITE = $SqlitePath
# The suite's own invalid files and plans are not the run's: when the suite itself runs under a pipeline agent, they
# must not become its annotations and summaries. CiAgent.Tests sets the agents' variables for the sessions it starts.
$env:IMMUTA_CI_ANNOTATIONS = '0'

Import-Module $PesterPath -Force
$configuration = New-PesterConfiguration
$configuration.Run.Path = $Path
$configuration.Run.PassThru = $true
$configuration.Output.Verbosity = 'Detailed'
$configuration.Output.RenderMode = 'Plaintext'
$configuration.TestResult.Enabled = $true
$configuration.TestResult.OutputPath = [System.IO.Path]::ChangeExtension($ResultPath, '.xml')

$result = Invoke-Pester -Configuration $configuration

# A block or container that failed (BeforeAll, a file that does not parse) fails its tests too: count it.
$failed = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
$counts = [ordered]@{ Passed = $result.PassedCount; Failed = $failed; NotRun = $result.SkippedCount + $result.NotRunCount }
$counts | ConvertTo-Json | Set-Content -LiteralPath $ResultPath -Encoding utf8
Write-Host ("Pester: {0} passed, {1} failed, {2} not run" -f $counts.Passed, $counts.Failed, $counts.NotRun)
exit $(if ($failed -gt 0) { 1 } else { 0 })
