<#
.SYNOPSIS
    Concurrency: the emulator adds 20 ms to every request; Get-ImmutaIntegration -Id <500 ids> and
    Wait-ImmutaIntegration -Id <500 ids> at their default -ThrottleLimit against -ThrottleLimit 1 (target: at least 8x
    faster), the output in the order of the ids given. Also a table of Get-ImmutaIntegration at -ThrottleLimit
    1, 4, 8, 16, 32.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $EmulatorPath,
    [Parameter(Mandatory)] [string] $WorkDirectory,
    [Parameter(Mandatory)] [string] $ResultFile,
    [int] $Runs = 10,
    # One request at a time takes 500 x 20 ms and more: fewer runs of those.
    [int] $SequentialRuns = 3,
    [int] $Ids = 500,
    [int] $LatencyMs = 20,
    [int[]] $ThrottleLimits = @(1, 4, 8, 16, 32),
    [int] $TableRuns = 3,
    [int] $SeedCount = 10000
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
Import-Module (Join-Path $PSScriptRoot '../build/BuildTools.psm1') -Force
Import-Module (Join-Path $PSScriptRoot 'BenchTools.psm1') -Force
Import-Module $ModulePath
# Progress display is the host's cost, not the module's; it would also fill the log.
$ProgressPreference = 'SilentlyContinue'

$invariant = [cultureinfo]::InvariantCulture
$apiKey = Get-BenchApiKey
$seed = Join-Path $WorkDirectory "seed-$SeedCount.json"
if (-not (Test-Path -LiteralPath $seed)) { New-SnowflakeSeed -Path $seed -Count $SeedCount }
[string[]] $idList = 1..$Ids | ForEach-Object { "$_" }
$getHasThrottleLimit = (Get-Command Get-ImmutaIntegration).Parameters.ContainsKey('ThrottleLimit')
$rows = [System.Collections.Generic.List[object]]::new()
$markdown = [System.Collections.Generic.List[string]]::new()

$emulator = Start-BenchTenant -EmulatorPath $EmulatorPath -SeedPath $seed -ArgumentList '--transition-delay-ms', '0', '--latency-ms', "$LatencyMs"
try {
    $connection = $emulator.Connection

    # Each run returns its time; its output must be the integrations asked for, in the order asked.
    function Assert-InOrder([object[]] $Output, [string[]] $Expected, [string] $What) {
        $got = @($Output | ForEach-Object { "$($_.Id)" })
        if (($got -join ',') -ne ($Expected -join ',')) {
            throw "$What returned $($got.Count) integrations not in the order of the $($Expected.Count) ids given (first ids: $(($got | Select-Object -First 5) -join ', '))."
        }
    }
    function Measure-Get([string[]] $IdSet, [int] $ThrottleLimit) {
        $extra = if ($ThrottleLimit -gt 0) { @{ ThrottleLimit = $ThrottleLimit } } else { @{} }
        $watch = [System.Diagnostics.Stopwatch]::StartNew()
        $output = Get-ImmutaIntegration -Id $IdSet -Connection $connection @extra
        $watch.Stop()
        Assert-InOrder $output $IdSet "Get-ImmutaIntegration (-ThrottleLimit $ThrottleLimit)"
        $watch.Elapsed.TotalMilliseconds
    }
    function Measure-Wait([string[]] $IdSet, [int] $ThrottleLimit) {
        $extra = if ($ThrottleLimit -gt 0) { @{ ThrottleLimit = $ThrottleLimit } } else { @{} }
        $watch = [System.Diagnostics.Stopwatch]::StartNew()
        $output = Wait-ImmutaIntegration -Id $IdSet -PollInterval 0.1 -Connection $connection @extra
        $watch.Stop()
        Assert-InOrder $output $IdSet "Wait-ImmutaIntegration (-ThrottleLimit $ThrottleLimit)"
        $watch.Elapsed.TotalMilliseconds
    }

    $warmupIds = $idList | Select-Object -First 20
    $variants = [System.Collections.Generic.List[object]]::new()
    if ($getHasThrottleLimit) {
        # 0: the parameter left out, so the default applies.
        $variants.Add(@{ Name = 'Get default'; Runs = $Runs; Script = { Measure-Get $idList 0 }; Warmup = { Measure-Get $idList 0 } })
        $variants.Add(@{ Name = 'Get 1'; Runs = $SequentialRuns; Script = { Measure-Get $idList 1 }; Warmup = { Measure-Get $warmupIds 1 } })
    }
    else {
        # The built module has no -ThrottleLimit on Get-ImmutaIntegration: its one behaviour is measured, for the record.
        $variants.Add(@{ Name = 'Get (no -ThrottleLimit)'; Runs = $SequentialRuns; Script = { Measure-Get $idList 0 }; Warmup = { Measure-Get $warmupIds 0 } })
    }
    $variants.Add(@{ Name = 'Wait default'; Runs = $Runs; Script = { Measure-Wait $idList 0 }; Warmup = { Measure-Wait $idList 0 } })
    $variants.Add(@{ Name = 'Wait 1'; Runs = $SequentialRuns; Script = { Measure-Wait $idList 1 }; Warmup = { Measure-Wait $warmupIds 1 } })
    $measured = Invoke-Interleaved -Variant $variants -Runs $Runs -Warmup 1 -Label 'Concurrency'

    # The requests each command makes per id, from the emulator's count (one untimed run each).
    function Measure-Requests([scriptblock] $Script) {
        $stats = { Invoke-RestMethod -Uri "$($emulator.Url)/_emulator/stats" -Headers @{ Authorization = $apiKey } }
        $count = { param($s) ($s.byRoute.PSObject.Properties | Where-Object Name -Like '* /integrations*' | Measure-Object -Property Value -Sum).Sum }
        $before = & $count (& $stats)
        $null = & $Script
        $after = & $count (& $stats)
        [string]::Format($invariant, '{0:N2}', ($after - $before) / $Ids)
    }
    $requests = "requests per id: Get-ImmutaIntegration $(Measure-Requests { Measure-Get $idList 0 }), Wait-ImmutaIntegration $(Measure-Requests { Measure-Wait $idList 0 })"

    if ($getHasThrottleLimit) {
        $rows.Add((New-BenchRow -Benchmark "Concurrency: Get-ImmutaIntegration -Id <$Ids ids>" -Module $measured['Get default'] -Baseline $measured['Get 1'] `
            -BaselineName '-ThrottleLimit 1' -Target 8 -Speedup))
    }
    else {
        $rows.Add((New-BenchRow -Benchmark "Concurrency: Get-ImmutaIntegration -Id <$Ids ids>" -Module $measured['Get (no -ThrottleLimit)'] -Baseline @() `
            -BaselineName '-ThrottleLimit 1' -Target 8 -Speedup))
        $rows.Add((New-BenchCheck -Benchmark 'Concurrency: Get-ImmutaIntegration -ThrottleLimit' -Passed $false `
            -Detail "the built module's Get-ImmutaIntegration has no -ThrottleLimit parameter; without it, $Ids ids took $([string]::Format($invariant, '{0:N0}', (Get-Summary $measured['Get (no -ThrottleLimit)']).Median)) ms (median of $SequentialRuns)"))
    }
    $rows.Add((New-BenchRow -Benchmark "Concurrency: Wait-ImmutaIntegration -Id <$Ids ids> -PollInterval 0.1" -Module $measured['Wait default'] -Baseline $measured['Wait 1'] `
        -BaselineName '-ThrottleLimit 1' -Target 8 -Speedup))
    $markdown.Add("Concurrency: emulator with ``--latency-ms $LatencyMs``, seeded with $SeedCount settled integrations, ids 1..$Ids; one pwsh, progress display off. Defaults: Get-ImmutaIntegration $(if ($getHasThrottleLimit) { Get-DefaultThrottleLimit Get-ImmutaIntegration } else { '(no -ThrottleLimit)' }), Wait-ImmutaIntegration $(Get-DefaultThrottleLimit Wait-ImmutaIntegration). Runs: $Runs of each default (concurrent) variant and $SequentialRuns of each ``-ThrottleLimit 1`` variant (one request at a time: $Ids × $LatencyMs ms and more), interleaved, after one warm-up each (the ``-ThrottleLimit 1`` ones on 20 ids). Every run's output was checked: the ids asked for, in the order given. The emulator's count of $requests.")

    # How the time falls with -ThrottleLimit, to justify the default.
    if ($getHasThrottleLimit) {
        $tableVariants = foreach ($limit in $ThrottleLimits | Where-Object { $_ -ne 1 }) {
            @{ Name = "$limit"; Limit = $limit; Script = { param($Variant) Measure-Get $idList $Variant.Limit } }
        }
        $table = Invoke-Interleaved -Runs $TableRuns -Warmup 0 -Label 'ThrottleLimit' -Variant @($tableVariants)
        # -ThrottleLimit 1 is the sequential variant measured above.
        $table['1'] = $measured['Get 1']
        $title = "Get-ImmutaIntegration -Id <$Ids ids> by -ThrottleLimit ($LatencyMs ms latency; median of $TableRuns runs each, -ThrottleLimit 1 of " +
            "the $SequentialRuns runs above; the default ($(Get-DefaultThrottleLimit Get-ImmutaIntegration)) is the run without the parameter):"
        $markdown.Add((Format-ThrottleTable -Title $title -Table $table -Limits $ThrottleLimits -Default $measured['Get default'] -ExtraHeader 'Requests/s' `
            -Extra { param($s) [string]::Format($invariant, '{0:N0}', $Ids * 1000 / $s.Median) }))
    }
    else {
        $markdown.Add("The -ThrottleLimit table of Get-ImmutaIntegration could not be measured: the built module's Get-ImmutaIntegration has no -ThrottleLimit parameter.")
    }
}
finally {
    Stop-BenchTenant $emulator
}

Save-BenchResult -Path $ResultFile -Name 'Concurrency' -Rows $rows -Markdown $markdown
