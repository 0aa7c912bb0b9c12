# Helpers shared by the benchmarks: statistics (median, quartiles, spread), running variants interleaved, running a
# script in a fresh pwsh, generating seed and payload files, and the result rows the driver turns into results.md.

Set-StrictMode -Version Latest

Import-Module (Join-Path $PSScriptRoot '../build/BuildTools.psm1')

function Get-Quantile {
    param([Parameter(Mandatory)] [AllowEmptyCollection()] [double[]] $Values, [Parameter(Mandatory)] [double] $Quantile)
    $sorted = [double[]]@($Values | Sort-Object)
    if ($sorted.Count -eq 0) { return [double]::NaN }
    # Linear interpolation between the closest ranks (the "type 7" quantile of R and NumPy).
    $position = ($sorted.Count - 1) * $Quantile
    $lower = [Math]::Floor($position)
    $upper = [Math]::Ceiling($position)
    $sorted[$lower] + ($sorted[$upper] - $sorted[$lower]) * ($position - $lower)
}

<#
.SYNOPSIS
    The median, quartiles and extremes of a set of measurements.
#>
function Get-Summary {
    param([Parameter(Mandatory)] [AllowEmptyCollection()] [double[]] $Values)
    [pscustomobject]@{
        Count  = $Values.Count
        Median = Get-Quantile $Values 0.5
        Q1     = Get-Quantile $Values 0.25
        Q3     = Get-Quantile $Values 0.75
        Min    = ($Values | Measure-Object -Minimum).Minimum
        Max    = ($Values | Measure-Object -Maximum).Maximum
        Values = $Values
    }
}

<#
.SYNOPSIS
    Runs variants in turn (A, B, C, A, B, C, ...) so that the machine's noise falls on all of them, after warm-up
    rounds that are discarded. Each variant is @{ Name; Script; Runs (optional, default -Runs) }; its script block
    returns one measurement (a number, or an object). Returns a hashtable: name -> the measurements, in order.
#>
function Invoke-Interleaved {
    param(
        [Parameter(Mandatory)] [object[]] $Variant,
        [int] $Runs = 10,
        [int] $Warmup = 1,
        [string] $Label = 'bench'
    )
    $results = [ordered]@{}
    foreach ($v in $Variant) { $results[$v.Name] = [System.Collections.Generic.List[object]]::new() }
    for ($w = 1; $w -le $Warmup; $w++) {
        foreach ($v in $Variant) {
            $warmupScript = if ($v.Contains('Warmup')) { $v.Warmup } else { $v.Script }
            if ($warmupScript) { $null = & $warmupScript }
        }
    }
    $rounds = ($Variant | ForEach-Object { if ($_.Contains('Runs')) { $_.Runs } else { $Runs } } | Measure-Object -Maximum).Maximum
    for ($round = 1; $round -le $rounds; $round++) {
        $line = foreach ($v in $Variant) {
            $wanted = if ($v.Contains('Runs')) { $v.Runs } else { $Runs }
            if ($round -gt $wanted) { continue }
            $measurement = & $v.Script
            $results[$v.Name].Add($measurement)
            $shown = if ($measurement -is [ValueType]) { '{0:N1}' -f $measurement } else { '{0:N1}' -f $measurement.Ms }
            "$($v.Name) $shown"
        }
        Write-Host ("  {0} round {1}/{2}: {3}" -f $Label, $round, $rounds, ($line -join ', '))
    }
    $results
}

<#
.SYNOPSIS
    Times a script block with a stopwatch; returns the elapsed milliseconds. A full garbage collection comes first,
    untimed, so one variant's garbage is not collected in another's time.
#>
function Measure-Milliseconds {
    param([Parameter(Mandatory)] [scriptblock] $Script)
    [GC]::Collect()
    [GC]::WaitForPendingFinalizers()
    [GC]::Collect()
    $watch = [System.Diagnostics.Stopwatch]::StartNew()
    $null = & $Script
    $watch.Stop()
    $watch.Elapsed.TotalMilliseconds
}

<#
.SYNOPSIS
    One benchmark's comparison: medians, spreads, ratio and whether the target is met (ratio at most -Target).
#>
function New-BenchRow {
    param(
        [Parameter(Mandatory)] [string] $Benchmark,
        [Parameter(Mandatory)] [AllowEmptyCollection()] [double[]] $Module,
        [Parameter(Mandatory)] [AllowEmptyCollection()] [double[]] $Baseline,
        [Parameter(Mandatory)] [string] $BaselineName,
        [double] $Target = [double]::NaN,
        [string] $Unit = 'ms',
        # A target of "at least N times faster": the ratio is baseline / module and must be at least -Target.
        [switch] $Speedup,
        [string] $Note = ''
    )
    $m = Get-Summary $Module
    $b = Get-Summary $Baseline
    $ratio = if ($m.Count -eq 0 -or $b.Count -eq 0) { [double]::NaN }
             elseif ($Speedup) { $b.Median / $m.Median } else { $m.Median / $b.Median }
    $hasTarget = -not [double]::IsNaN($Target)
    $met = if (-not $hasTarget) { $null } elseif ([double]::IsNaN($ratio)) { $false }
           elseif ($Speedup) { $ratio -ge $Target } else { $ratio -le $Target }
    [pscustomobject]@{
        Kind         = 'Ratio'
        Benchmark    = $Benchmark
        BaselineName = $BaselineName
        Unit         = $Unit
        Module       = $m
        Baseline     = $b
        Ratio        = $ratio
        Speedup      = [bool]$Speedup
        Target       = if ($hasTarget) { $Target } else { $null }
        Met          = $met
        Note         = $Note
    }
}

<#
.SYNOPSIS
    A pass/fail check that belongs to a target (it has no measurement).
#>
function New-BenchCheck {
    param([Parameter(Mandatory)] [string] $Benchmark, [Parameter(Mandatory)] [bool] $Passed, [string] $Detail = '')
    [pscustomobject]@{ Kind = 'Check'; Benchmark = $Benchmark; Met = $Passed; Note = $Detail }
}

<#
.SYNOPSIS
    Writes a benchmark's rows and extra markdown to its result file (JSON), for the driver.
#>
function Save-BenchResult {
    param(
        [Parameter(Mandatory)] [string] $Path,
        [Parameter(Mandatory)] [string] $Name,
        [object[]] $Rows = @(),
        [string[]] $Markdown = @()
    )
    [pscustomobject]@{ Name = $Name; Rows = @($Rows); Markdown = @($Markdown) } | ConvertTo-Json -Depth 8 | Set-Content -LiteralPath $Path -Encoding utf8
}

<#
.SYNOPSIS
    Runs a script file in a fresh pwsh (the same PowerShell as this one, started directly, not through the dotnet tool
    shim) and returns its standard output lines. Fails when the script fails.
#>
function Invoke-FreshPwshFile {
    param([Parameter(Mandatory)] [string] $File, [string[]] $ArgumentList = @())
    $pwsh = Get-PwshCommand
    $output = & $pwsh.Path $pwsh.Arguments -NoProfile -NonInteractive -File $File @ArgumentList
    if ($LASTEXITCODE -ne 0) { throw "pwsh -File $File failed (exit code $LASTEXITCODE): $($output -join "`n")" }
    $output
}

function Get-BenchApiKey { 'bench-api-key' }

<#
.SYNOPSIS
    A seed file for the emulator (JSON) with -Count Snowflake integrations, each on a host of its own.
#>
function New-SnowflakeSeed {
    param([Parameter(Mandatory)] [string] $Path, [Parameter(Mandatory)] [int] $Count)
    $items = foreach ($n in 1..$Count) {
        '{{"type":"Snowflake","autoBootstrap":true,"config":{{"host":"h{0}.snowflakecomputing.com","warehouse":"WH","database":"DB{0}","role":"R","authenticationType":"userPassword","username":"u{0}","password":"p{0}"}}}}' -f $n
    }
    [System.IO.File]::WriteAllText($Path, "[`n" + ($items -join ",`n") + "`n]`n")
}

Export-ModuleMember -Function Get-Quantile, Get-Summary, Invoke-Interleaved, Measure-Milliseconds, New-BenchRow, New-BenchCheck,
    Save-BenchResult, Invoke-FreshPwshFile, Get-BenchApiKey, New-SnowflakeSeed
