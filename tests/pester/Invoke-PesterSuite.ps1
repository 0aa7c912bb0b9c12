<#
.SYNOPSIS
    Runs Pester files against the built module in out/ and writes the counts as JSON. build.ps1 -Task Test runs this in a
    fresh pwsh (a loaded binary module cannot be reloaded); after a build it runs by itself too:
    pwsh -NoProfile -File tests/pester/Invoke-PesterSuite.ps1 -Path tests/pester/Commands/Test-ImmutaIntegrationPayload.Tests.ps1
    pwsh -NoProfile -File tests/pester/Invoke-PesterSuite.ps1 -Layer Module
.DESCRIPTION
    The tools' paths default to where build.ps1 puts them (build/TestLayers.psm1, Get-TestToolPath): Pester restored by
    build/tools.proj in the NuGet packages folder, the SQLite provider in out/test-tools/sqlite, the counts in
    out/test-results/pester.json. Files that need PostgreSQL read its details from IMMUTA_TEST_PG_*, which build.ps1 sets.
#>
param(
    [string] $PesterPath,
    [string] $PackagesPath,
    [string] $SqlitePath,
    [string] $ResultPath,
    # One or more test files (or folders), to run part of the suite while working on it; all of them by default. A value
    # may hold several, joined by commas (as typed after pwsh -File) or the system's path separator (as build.ps1 passes them).
    [string[]] $Path = $PSScriptRoot,
    # Instead of -Path: the files of these layers (tests/pester/Layers.psd1). Nothing is started for them here: a file that
    # needs PostgreSQL reads it from IMMUTA_TEST_PG_*, which build.ps1 -Task Test -Layer Platform sets.
    [ValidateSet('Module', 'Platform', 'Long')]
    [string[]] $Layer,
    # Only the tests whose full name (Describe, Context and It names joined by dots) is like this (wildcards allowed).
    [string[]] $FullName
)
$ErrorActionPreference = 'Stop'
if ($PSStyle) { $PSStyle.OutputRendering = 'PlainText' }

Import-Module (Join-Path $PSScriptRoot '../../build/TestLayers.psm1') -Force
$tools = Get-TestToolPath
if (-not $PesterPath) { $PesterPath = $tools.Pester }
if (-not $PackagesPath) { $PackagesPath = $tools.Packages }
if (-not $SqlitePath) { $SqlitePath = $tools.Sqlite }
if (-not $ResultPath) { $ResultPath = Join-Path $tools.Results 'pester.json' }
if (-not (Test-Path -LiteralPath $PesterPath)) {
    throw "Pester $PesterPath is missing: restore it once with dotnet restore build/tools.proj (build.ps1 -Task Test does)."
}
New-Item -ItemType Directory -Path (Split-Path -Parent $ResultPath) -Force | Out-Null
if ($Layer) { $Path = (Get-PesterSelection -Layer $Layer).Files }

# The isolation test loads other versions of the module's dependencies from the NuGet packages folder.
$env:IMMUTA_TEST_PACKAGES = $PackagesPath
# The script workflow tests run scripts through a real ADO.NET provider (Microsoft.Data.Sqlite), published here.
$env:IMMUTA_TEST_SQLITE = $SqlitePath
# The suite's own invalid files and plans are not the run's: when the suite itself runs under a pipeline agent, they
# must not become its annotations and summaries. CiAgent.Tests sets the agents' variables for the sessions it starts.
$env:IMMUTA_CI_ANNOTATIONS = '0'

Import-Module $PesterPath -Force
$configuration = New-PesterConfiguration
$configuration.Run.Path = [string[]]@($Path | ForEach-Object { $_ -split "[,$([regex]::Escape([System.IO.Path]::PathSeparator))]" } | Where-Object { $_ })
$configuration.Run.PassThru = $true
if ($FullName) { $configuration.Filter.FullName = $FullName }
# Tests tagged Unix need what only Linux and macOS have (a user's modules under HOME): on Windows they are left out.
$onWindows = [System.Environment]::OSVersion.Platform -eq [System.PlatformID]::Win32NT
if ($onWindows) { $configuration.Filter.ExcludeTag = 'Unix' }
$configuration.Output.Verbosity = 'Detailed'
$configuration.Output.RenderMode = 'Plaintext'
$configuration.TestResult.Enabled = $true
$configuration.TestResult.OutputPath = [System.IO.Path]::ChangeExtension($ResultPath, '.xml')

$result = Invoke-Pester -Configuration $configuration
# A file whose AfterAll did not run leaves its fixture to the next file's start; the last one's is stopped here, so no
# emulator outlives the run.
if (Get-Command Stop-TestFixture -ErrorAction SilentlyContinue) { Stop-TestFixture }

# A block or container that failed (BeforeAll, a file that does not parse) fails its tests too: count it.
$failed = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
# With a filter (a name, or the Unix tag on Windows), the tests it leaves out are not run by choice: they are not counted.
$notRun = $result.SkippedCount + $(if ($FullName -or $onWindows) { 0 } else { $result.NotRunCount })
if ($onWindows -and $result.NotRunCount) { Write-Host "Pester: $($result.NotRunCount) tests left out (tagged Unix, or outside the name filter)." }
$counts = [ordered]@{ Passed = $result.PassedCount; Failed = $failed; NotRun = $notRun }
$counts | ConvertTo-Json | Set-Content -LiteralPath $ResultPath -Encoding utf8
Write-Host ("Pester: {0} passed, {1} failed, {2} not run" -f $counts.Passed, $counts.Failed, $counts.NotRun)
exit $(if ($failed -gt 0) { 1 } else { 0 })
