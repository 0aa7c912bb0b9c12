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
    is given the variant and returns one measurement (a number, or an object). Returns a hashtable: name -> the measurements, in order.
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
            if ($warmupScript) { $null = & $warmupScript $v }
        }
    }
    $rounds = ($Variant | ForEach-Object { if ($_.Contains('Runs')) { $_.Runs } else { $Runs } } | Measure-Object -Maximum).Maximum
    for ($round = 1; $round -le $rounds; $round++) {
        $line = foreach ($v in $Variant) {
            $wanted = if ($v.Contains('Runs')) { $v.Runs } else { $Runs }
            if ($round -gt $wanted) { continue }
            $measurement = & $v.Script $v
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
    Starts the published emulator on loopback with a seed and connects to it with the benchmarks' key (untimed): returns the
    emulator process (Url, ApiKey, as Stop-BenchTenant takes it) with its Connection. -ArgumentList defaults to transitions
    that end at once.
#>
function Start-BenchTenant {
    param(
        [Parameter(Mandatory)] [string] $EmulatorPath,
        [Parameter(Mandatory)] [string] $SeedPath,
        [string[]] $ArgumentList = @('--transition-delay-ms', '0')
    )
    $apiKey = Get-BenchApiKey
    $emulator = Start-EmulatorProcess -EmulatorPath $EmulatorPath -ApiKey $apiKey -SeedPath $SeedPath -ArgumentList $ArgumentList
    try { $connection = Connect-Immuta -Url $emulator.Url -ApiKey (ConvertTo-SecureString $apiKey -AsPlainText -Force) }
    catch { Stop-EmulatorProcess $emulator; throw }
    $emulator | Add-Member -NotePropertyName Connection -NotePropertyValue $connection -PassThru
}

function Stop-BenchTenant {
    param($Tenant)
    if (-not $Tenant) { return }
    if ($Tenant.Connection) { Disconnect-Immuta -Connection $Tenant.Connection -ErrorAction SilentlyContinue }
    Stop-EmulatorProcess $Tenant
}

<#
.SYNOPSIS
    Times one Get-ImmutaIntegration of a tenant's whole list and checks it holds -Count integrations, none of them -Wrong
    (a filter: integrations it matches are not as expected): the milliseconds.
#>
function Measure-BenchList {
    param([Parameter(Mandatory)] $Connection, [Parameter(Mandatory)] [int] $Count, [scriptblock] $Wrong = { $false })
    $ms = Measure-Milliseconds { $script:BenchListed = @(Get-ImmutaIntegration -Connection $Connection) }
    $bad = @($script:BenchListed | Where-Object $Wrong)
    if ($script:BenchListed.Count -ne $Count -or $bad.Count) {
        throw "Get-ImmutaIntegration returned $($script:BenchListed.Count) integrations, not $Count, or not as expected ($($bad.Count))."
    }
    $script:BenchListed = $null
    $ms
}

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

<#
.SYNOPSIS
    A seed file for the emulator (JSON) with -Count integrations of six types in turn (Snowflake, Databricks, Redshift,
    Azure Synapse Analytics, Google BigQuery, Native S3; the payloads of tests/data/integrations.yaml), each on a target
    of its own.
#>
function New-MixedSeed {
    param([Parameter(Mandatory)] [string] $Path, [Parameter(Mandatory)] [int] $Count)
    $templates = @(
        '{{"type":"Snowflake","autoBootstrap":true,"config":{{"host":"h{0}.snowflakecomputing.com","warehouse":"WH","database":"DB{0}",' +
            '"role":"R","authenticationType":"userPassword","username":"u{0}","password":"p{0}"}}}}'
        '{{"type":"Databricks","autoBootstrap":true,"config":{{"workspaceUrl":"w{0}.cloud.databricks.com","httpPath":"sql/protocolv1/o/0/{0}",' +
            '"authenticationType":"token","token":"t{0}","catalog":"immuta{0}"}}}}'
        '{{"type":"Redshift","autoBootstrap":false,"config":{{"host":"r{0}.redshift.amazonaws.com","database":"immuta",' +
            '"authenticationType":"userPassword","username":"u{0}","password":"p{0}"}}}}'
        '{{"type":"Azure Synapse Analytics","autoBootstrap":true,"config":{{"host":"s{0}.sql.azuresynapse.net","database":"analytics",' +
            '"schema":"immuta","authenticationType":"userPassword","username":"u{0}","password":"p{0}"}}}}'
        '{{"type":"Google BigQuery","autoBootstrap":false,"config":{{"role":"immuta_role","datasetSuffix":"_secure","dataset":"immuta{0}",' +
            '"location":"us-east1","credential":"c{0}"}}}}'
        '{{"type":"Native S3","autoBootstrap":false,"config":{{"name":"lake{0}","awsAccountId":"123456789012","awsRegion":"us-east-1",' +
            '"awsLocationRole":"arn:aws:iam::123456789012:role/grants","awsLocationPath":"s3://lake{0}/","authenticationType":"accessKey",' +
            '"awsAccessKeyId":"AKIA{0}","awsSecretAccessKey":"k{0}"}}}}'
    )
    $items = foreach ($n in 1..$Count) { $templates[($n - 1) % $templates.Count] -f $n }
    [System.IO.File]::WriteAllText($Path, "[`n" + ($items -join ",`n") + "`n]`n")
}

<#
.SYNOPSIS
    A Snowflake payload as YAML, as a payload file holds it: the one New-SnowflakeSeed seeds as number -Number, its
    password a reference to the environment variable -PasswordVariable.
#>
function Get-SnowflakePayloadYaml {
    param([Parameter(Mandatory)] [int] $Number, [string] $Warehouse = 'WH', [string] $PasswordVariable = 'BENCH_PASSWORD')
    @"
- type: Snowflake
  autoBootstrap: true
  config:
    host: h$Number.snowflakecomputing.com
    warehouse: $Warehouse
    database: DB$Number
    role: R
    authenticationType: userPassword
    username: u$Number
    password: `${env:$PasswordVariable}

"@
}

<#
.SYNOPSIS
    The -ThrottleLimit a new instance of a cmdlet holds (its default), or '?'.
#>
function Get-DefaultThrottleLimit {
    param([Parameter(Mandatory)] [string] $Name)
    try { $type = (Get-Command $Name).ImplementingType; "$($type::new().ThrottleLimit)" } catch { '?' }
}

<#
.SYNOPSIS
    A markdown table of one command's time by -ThrottleLimit: for each limit (the first being 1) and then the default, the
    median, the spread, the speed-up against -ThrottleLimit 1 and one more column (-ExtraHeader), its cell made by -Extra from
    the summary of the measurements.
#>
function Format-ThrottleTable {
    param(
        [Parameter(Mandatory)] [string] $Title,
        # -ThrottleLimit -> its measurements, for each of -Limits.
        [Parameter(Mandatory)] [System.Collections.IDictionary] $Table,
        [Parameter(Mandatory)] [int[]] $Limits,
        # The measurements of the runs without -ThrottleLimit.
        [Parameter(Mandatory)] [double[]] $Default,
        [Parameter(Mandatory)] [string] $ExtraHeader,
        [Parameter(Mandatory)] [scriptblock] $Extra
    )
    $invariant = [cultureinfo]::InvariantCulture
    $sequential = (Get-Summary $Table['1']).Median
    $lines = @($Title, '', "| -ThrottleLimit | Median | Min–max | Speed-up vs 1 | $ExtraHeader |", '|---|---|---|---|---|')
    $entries = @($Limits | ForEach-Object { @{ Name = "$_"; Values = $Table["$_"] } }) + @{ Name = 'default'; Values = $Default }
    foreach ($entry in $entries) {
        $s = Get-Summary $entry.Values
        $lines += [string]::Format($invariant, '| {0} | {1:N0} ms | {2:N0}–{3:N0} ms | {4:N1}× | {5} |', $entry.Name, $s.Median, $s.Min, $s.Max,
            $sequential / $s.Median, (& $Extra $s))
    }
    $lines -join "`n"
}

Export-ModuleMember -Function Get-Quantile, Get-Summary, Invoke-Interleaved, Measure-Milliseconds, New-BenchRow, New-BenchCheck,
    Save-BenchResult, Invoke-FreshPwshFile, Get-BenchApiKey, Start-BenchTenant, Stop-BenchTenant, Measure-BenchList, New-SnowflakeSeed, New-MixedSeed, Get-SnowflakePayloadYaml,
    Get-DefaultThrottleLimit, Format-ThrottleTable
