<#
.SYNOPSIS
    Bulk list: the emulator holds 10,000 integrations; Get-ImmutaIntegration | ForEach-Object against
    Invoke-RestMethod | ForEach-Object (the array enumerated), each measurement in a fresh pwsh. Targets: wall time and
    peak working set at most 1.0x.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $EmulatorPath,
    [Parameter(Mandatory)] [string] $WorkDirectory,
    [Parameter(Mandatory)] [string] $ResultFile,
    [int] $Runs = 10,
    [int] $Count = 10000
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
Import-Module (Join-Path $PSScriptRoot '../build/BuildTools.psm1') -Force
Import-Module (Join-Path $PSScriptRoot 'BenchTools.psm1') -Force

$apiKey = Get-BenchApiKey
$seed = Join-Path $WorkDirectory "seed-$Count.json"
if (-not (Test-Path -LiteralPath $seed)) { New-SnowflakeSeed -Path $seed -Count $Count }
$child = Join-Path $PSScriptRoot 'BulkList.Child.ps1'
$emulator = Start-EmulatorProcess -EmulatorPath $EmulatorPath -ApiKey $apiKey -SeedPath $seed -ArgumentList '--transition-delay-ms', '0'
try {
    function Measure-List([string] $Variant) {
        $line = Invoke-FreshPwshFile -File $child -ArgumentList '-Variant', $Variant, '-Url', $emulator.Url, '-ApiKey', $apiKey, '-ModulePath', $ModulePath
        $measurement = ($line | Select-Object -Last 1) | ConvertFrom-Json
        if ($measurement.Count -ne $Count) { throw "$Variant listed $($measurement.Count) integrations, not $Count." }
        $measurement
    }
    $measured = Invoke-Interleaved -Runs $Runs -Warmup 1 -Label 'BulkList' -Variant @(
        @{ Name = 'module'; Script = { Measure-List 'Module' } }
        @{ Name = 'Invoke-RestMethod'; Script = { Measure-List 'InvokeRestMethod' } }
    )
}
finally {
    Stop-EmulatorProcess $emulator
}

$module = $measured['module']
$rest = $measured['Invoke-RestMethod']
$mb = 1MB
$rows = @(
    New-BenchRow -Benchmark "Bulk list ($Count), wall time" -Module ($module | ForEach-Object Ms) -Baseline ($rest | ForEach-Object Ms) `
        -BaselineName 'Invoke-RestMethod | ForEach-Object' -Target 1.0
    New-BenchRow -Benchmark "Bulk list ($Count), peak working set" -Module ($module | ForEach-Object { $_.PeakBytes / $mb }) -Baseline ($rest | ForEach-Object { $_.PeakBytes / $mb }) `
        -BaselineName 'Invoke-RestMethod | ForEach-Object' -Target 1.0 -Unit 'MB'
)
$before = [string]::Format([cultureinfo]::InvariantCulture, 'module {0:N0} MB, Invoke-RestMethod {1:N0} MB',
    (Get-Summary ($module | ForEach-Object { $_.BeforeBytes / $mb })).Median, (Get-Summary ($rest | ForEach-Object { $_.BeforeBytes / $mb })).Median)
$markdown = @(
    "Bulk list: emulator seeded with $Count Snowflake integrations; each of the $Runs runs per variant (after one warm-up each) is a fresh pwsh. Untimed before the list: the module's import and ``Connect-Immuta``, or for ``Invoke-RestMethod`` one first request. Every run counted all $Count. Peak working set is the process's (``PeakWorkingSet64``), so it includes pwsh itself; the working set just before the timed part (median): $before."
)
Save-BenchResult -Path $ResultFile -Name 'BulkList' -Rows $rows -Markdown $markdown
