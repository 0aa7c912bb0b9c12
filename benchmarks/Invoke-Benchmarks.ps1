<#
.SYNOPSIS
    Runs the benchmarks against the built module and the emulator on loopback, writes results.md, and exits non-zero
    when a target is missed.
.DESCRIPTION
    Each benchmark (benchmarks/<Name>.Bench.ps1) runs in a fresh pwsh of its own and hands back its rows as JSON.
    A row compares the module's median with a baseline measured in the same run, interleaved with it.
#>
[CmdletBinding()]
param(
    [string] $ModulePath = (Join-Path $PSScriptRoot '../out/ImmutaIntegrations'),
    [string] $EmulatorPath = (Join-Path $PSScriptRoot '../out/ImmutaEmulator/ImmutaEmulator.dll'),
    [string] $ResultPath = (Join-Path $PSScriptRoot 'results.md'),
    [ValidateRange(1, 1000)]
    [int] $Runs = 10,
    # Only these benchmarks: Import, PerCall, BulkList, Concurrency, Sync, ExportCompare, SavedPlan, Payload (a list, or names separated by commas).
    [string[]] $Only
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
Import-Module (Join-Path $PSScriptRoot '../build/BuildTools.psm1') -Force
Import-Module (Join-Path $PSScriptRoot 'BenchTools.psm1') -Force

$invariant = [cultureinfo]::InvariantCulture
$ModulePath = (Resolve-Path -LiteralPath $ModulePath).Path
$EmulatorPath = (Resolve-Path -LiteralPath $EmulatorPath).Path
$benchmarks = 'Import', 'PerCall', 'BulkList', 'Concurrency', 'Sync', 'ExportCompare', 'SavedPlan', 'Payload'
if ($Only) {
    $Only = @($Only -split ',' | ForEach-Object Trim | Where-Object { $_ })
    $unknown = @($Only | Where-Object { $_ -notin $benchmarks })
    if ($unknown.Count) { throw "-Only: no benchmark named $($unknown -join ', '); the benchmarks are $($benchmarks -join ', ')." }
    $benchmarks = @($benchmarks | Where-Object { $_ -in $Only })
}

$pwsh = Get-PwshCommand
$total = [System.Diagnostics.Stopwatch]::StartNew()
$results = [System.Collections.Generic.List[object]]::new()
$times = [ordered]@{}
# Seed and payload files are generated here, and removed at the end.
$work = Join-Path ([System.IO.Path]::GetTempPath()) ('immuta-bench-' + [guid]::NewGuid().ToString('n'))
$null = New-Item -ItemType Directory -Path $work
try {
    foreach ($name in $benchmarks) {
        Write-Host "Bench: $name"
        $resultFile = Join-Path $work "$name.json"
        $watch = [System.Diagnostics.Stopwatch]::StartNew()
        & $pwsh.Path $pwsh.Arguments -NoProfile -NonInteractive -File (Join-Path $PSScriptRoot "$name.Bench.ps1") `
            -ModulePath $ModulePath -EmulatorPath $EmulatorPath -WorkDirectory $work -ResultFile $resultFile -Runs $Runs | Out-Host
        $exit = $LASTEXITCODE
        $watch.Stop()
        $times[$name] = $watch.Elapsed.TotalSeconds
        if ($exit -eq 0 -and (Test-Path -LiteralPath $resultFile)) {
            $results.Add((Get-Content -LiteralPath $resultFile -Raw | ConvertFrom-Json))
        }
        else {
            # A benchmark that could not run has not met its target.
            $results.Add([pscustomobject]@{ Name = $name; Markdown = @(); Rows = @(
                [pscustomobject]@{ Kind = 'Check'; Benchmark = "$name (did not complete)"; Met = $false; Note = "the benchmark failed (exit code $exit); see the output above" }) })
        }
    }
}
finally {
    Remove-Item -LiteralPath $work -Recurse -Force -ErrorAction SilentlyContinue
}
$total.Stop()

function Format-Number([double] $Value, [string] $Unit) {
    if ([double]::IsNaN($Value)) { return '—' }
    $format = if ($Value -ge 100) { '{0:N0}' } elseif ($Value -ge 10) { '{0:N1}' } else { '{0:N2}' }
    [string]::Format($invariant, $format, $Value) + " $Unit"
}
function Format-Range($Summary) {
    if ($Summary.Count -eq 0) { return '—' }
    $format = if ($Summary.Max -ge 100) { '{0:N0}–{1:N0}' } elseif ($Summary.Max -ge 10) { '{0:N1}–{1:N1}' } else { '{0:N2}–{1:N2}' }
    [string]::Format($invariant, $format, $Summary.Min, $Summary.Max) + " (n=$($Summary.Count))"
}

# A pipe inside a table cell (even in a code span) would end the cell.
function Format-Cell([string] $Text) { $Text -replace '\|', '\|' }

$rows = @($results | ForEach-Object { $_.Rows })
$table = foreach ($row in $rows) {
    $met = if ($null -eq $row.Met) { '—' } elseif ($row.Met) { 'yes' } else { '**NO**' }
    if ($row.Kind -eq 'Check') {
        $outcome = if ($row.Met) { 'pass' } else { 'fail' }
        "| $(Format-Cell $row.Benchmark) | $outcome | — | — | — | pass | $met |"
        continue
    }
    $ratio = if ([double]::IsNaN([double]$row.Ratio)) { '—' }
             elseif ($row.Speedup) { [string]::Format($invariant, '{0:N1}× faster', $row.Ratio) }
             else {
                 # Two decimals, or three where two would round onto the target and hide which side it is on.
                 $text = [string]::Format($invariant, '{0:N2}', $row.Ratio)
                 if ($null -ne $row.Target -and [double]$text -eq [double]$row.Target) { $text = [string]::Format($invariant, '{0:N3}', $row.Ratio) }
                 "$text×"
             }
    $target = if ($null -eq $row.Target) { '—' }
              elseif ($row.Speedup) { [string]::Format($invariant, '≥ {0:0.##}× faster', $row.Target) }
              else { [string]::Format($invariant, '≤ {0:0.00}×', $row.Target) }
    $spread = "M $(Format-Range $row.Module); B $(Format-Range $row.Baseline)"
    "| $(Format-Cell $row.Benchmark) | $(Format-Number $row.Module.Median $row.Unit) | $(Format-Number $row.Baseline.Median $row.Unit) (``$(Format-Cell $row.BaselineName)``) | $spread | $ratio | $target | $met |"
}
$checks = foreach ($row in $rows | Where-Object { $_.Kind -eq 'Check' -or $_.Note }) { "- **$($row.Benchmark)**: $($row.Note)" }

$missed = @($rows | Where-Object { $null -ne $_.Met -and -not $_.Met })
$os = [System.Runtime.InteropServices.RuntimeInformation]::OSDescription
$arch = [System.Runtime.InteropServices.RuntimeInformation]::OSArchitecture
$runtime = [System.Runtime.InteropServices.RuntimeInformation]::FrameworkDescription
$timeLine = ($times.Keys | ForEach-Object { [string]::Format($invariant, '{0} {1:N0} s', $_, $times[$_]) }) -join ', '
$markdown = @(
    '# Benchmarks'
    ''
    "Measured $([DateTime]::UtcNow.ToString('yyyy-MM-dd HH:mm', $invariant)) UTC by ``dotnet pwsh ./build.ps1 -Task Bench`` (benchmarks/Invoke-Benchmarks.ps1)."
    ''
    "- Machine: $([Environment]::ProcessorCount) processors, $os ($arch)"
    "- PowerShell $($PSVersionTable.PSVersion) on $runtime"
    "- Module: $(Resolve-Path -LiteralPath $ModulePath -Relative); emulator on loopback"
    "- Runs: at least $Runs of each variant unless a note says otherwise, interleaved, after discarded warm-ups"
    [string]::Format($invariant, '- Took {0:N0} s ({1})', $total.Elapsed.TotalSeconds, $timeLine)
    ''
    'M = the module, B = the baseline; Spread is min–max of the runs. Ratio is module median / baseline median (for a "faster" target, baseline / module).'
    ''
    '| Benchmark | Module median | Baseline median | Spread | Ratio | Target | Met |'
    '|---|---|---|---|---|---|---|'
    $table
    ''
    $(if ($missed.Count) { "**$($missed.Count) target(s) missed.**" } else { '**Every target met.**' })
    ''
    '## Notes'
    ''
    $checks
    ''
    foreach ($result in $results) { foreach ($block in @($result.Markdown)) { $block; '' } }
)
Set-Content -LiteralPath $ResultPath -Value ($markdown -join "`n") -Encoding utf8NoBOM
Write-Host ($table -join "`n")
Write-Host ([string]::Format($invariant, 'Bench: {0} rows, {1} missed, {2:N0} s; results in {3}', $rows.Count, $missed.Count, $total.Elapsed.TotalSeconds, $ResultPath))
if ($missed.Count) { exit 1 }
