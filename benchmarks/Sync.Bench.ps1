<#
.SYNOPSIS
    Sync: Sync-ImmutaIntegration -Prune of 60 changes (40 creations, 10 updates, 10 deletions) and 10 unchanged
    integrations against the emulator with 2-second transitions, each run from the same tenant. Targets: the default
    (concurrent) run at least 8x faster than -ThrottleLimit 1, and at most 2x the floor (one transition per phase plus the
    same requests at 0 ms transitions). Also a table of the time by -ThrottleLimit. Every run's results and the tenant
    after it are checked.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $EmulatorPath,
    [Parameter(Mandatory)] [string] $WorkDirectory,
    [Parameter(Mandatory)] [string] $ResultFile,
    [int] $Runs = 10,
    # One change at a time takes 60 transitions and more (minutes): few runs of it.
    [int] $SequentialRuns = 3,
    [int] $TransitionMs = 2000,
    [int] $Creates = 40,
    [int] $Updates = 10,
    [int] $Deletes = 10,
    [int] $Unchanged = 10,
    [double] $PollInterval = 0.1,
    [int[]] $ThrottleLimits = @(1, 4, 8, 16, 32),
    [int] $TableRuns = 3
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
$phases = 3
$changes = $Creates + $Updates + $Deletes
# The tenant: Snowflake integrations 1.. to update, then those left as they are, then those to prune; the files: the
# first two groups (the updated ones with another warehouse) and the ones to create after them.
$seeded = $Updates + $Unchanged + $Deletes
$seed = Join-Path $WorkDirectory "sync-seed-$seeded.json"
New-SnowflakeSeed -Path $seed -Count $seeded
$folder = Join-Path $WorkDirectory 'sync-files'
$null = New-Item -ItemType Directory -Path $folder -Force
$kept = @(1..($Updates + $Unchanged)) + @(($seeded + 1)..($seeded + $Creates))
foreach ($n in $kept) {
    $warehouse = if ($n -le $Updates) { 'WH2' } else { 'WH' }
    [System.IO.File]::WriteAllText((Join-Path $folder "snowflake-$n.yaml"), (Get-SnowflakePayloadYaml -Number $n -Warehouse $warehouse))
}
$env:BENCH_PASSWORD = 'bench-password'
# Deleting an automatically configured Snowflake integration takes a privileged account.
$privileged = [pscredential]::new('bench_admin', (ConvertTo-SecureString 'bench-password' -AsPlainText -Force))
$expectedActions = "Create=$Creates Delete=$Deletes NoChange=$Unchanged Update=$Updates"
$expectedState = @($kept | Sort-Object | ForEach-Object { "h$_.snowflakecomputing.com $(if ($_ -le $Updates) { 'WH2' } else { 'WH' }) enabled" }) -join ', '
$rows = [System.Collections.Generic.List[object]]::new()
$markdown = [System.Collections.Generic.List[string]]::new()
$script:checkedRuns = 0

$slow = Start-BenchTenant -EmulatorPath $EmulatorPath -SeedPath $seed -ArgumentList '--transition-delay-ms', "$TransitionMs"
try {
    $instant = Start-BenchTenant -EmulatorPath $EmulatorPath -SeedPath $seed
    try {
        $slowConnection = $slow.Connection
        $instantConnection = $instant.Connection

        # One run: the tenant put back as seeded (untimed), the sync timed, then its results and the tenant checked; a wrong
        # result stops the benchmark.
        function Measure-Sync($Emulator, $Connection, [int] $ThrottleLimit) {
            $null = Invoke-RestMethod -Method Post -Uri "$($Emulator.Url)/_emulator/reset?seed=true" -Headers @{ Authorization = $apiKey }
            $extra = if ($ThrottleLimit -gt 0) { @{ ThrottleLimit = $ThrottleLimit } } else { @{} }
            $ms = Measure-Milliseconds {
                $script:synced = @(Sync-ImmutaIntegration -Path $folder -Prune -Credential $privileged -PollInterval $PollInterval -Force `
                    -InformationAction Ignore -Connection $Connection @extra)
            }
            $what = "Sync-ImmutaIntegration (-ThrottleLimit $ThrottleLimit) on $($Emulator.Url)"
            $actions = ($synced | Group-Object { "$($_.Action)" } | Sort-Object Name | ForEach-Object { "$($_.Name)=$($_.Count)" }) -join ' '
            $notDone = @($synced | Where-Object { "$($_.Outcome)" -ne 'Done' })
            if ($actions -ne $expectedActions -or $notDone.Count) {
                $first = ($notDone | Select-Object -First 3 | ForEach-Object Message) -join '; '
                throw "$what returned $actions ($($notDone.Count) not Done: $first), not $expectedActions, all Done."
            }
            $state = @(Get-ImmutaIntegration -Connection $Connection | Sort-Object { [int]($_.Config.host -replace '\D', '') } |
                ForEach-Object { "$($_.Config.host) $($_.Config.warehouse) $($_.Status)" }) -join ', '
            if ($state -ne $expectedState) { throw "$what left the tenant as: $state; not as the files say: $expectedState." }
            $script:checkedRuns++
            $ms
        }

        $measured = Invoke-Interleaved -Runs $Runs -Warmup 1 -Label 'Sync' -Variant @(
            @{ Name = 'default'; Script = { Measure-Sync $slow $slowConnection 0 } }
            @{ Name = 'requests'; Script = { Measure-Sync $instant $instantConnection 0 } }
            # The default run warms up the same code.
            @{ Name = '1'; Runs = $SequentialRuns; Script = { Measure-Sync $slow $slowConnection 1 }; Warmup = $null }
        )
        # How the time falls with -ThrottleLimit, to justify the default; -ThrottleLimit 1 is the sequential variant above.
        $tableVariants = foreach ($limit in $ThrottleLimits | Where-Object { $_ -ne 1 }) {
            @{ Name = "$limit"; Limit = $limit; Script = { param($Variant) Measure-Sync $slow $slowConnection $Variant.Limit } }
        }
        $table = Invoke-Interleaved -Runs $TableRuns -Warmup 0 -Label 'Sync by -ThrottleLimit' -Variant @($tableVariants)
        $table['1'] = $measured['1']
    }
    finally {
        Stop-BenchTenant $instant
    }
}
finally {
    Stop-BenchTenant $slow
}

# The floor: a phase takes at least one transition, and the requests take what they take with no transition at all.
$floor = @($measured['requests'] | ForEach-Object { $phases * $TransitionMs + $_ })
$floorMedian = (Get-Summary $floor).Median
function Format-Ms([double] $Ms) { [string]::Format($invariant, '{0:N0} ms', $Ms) }
$title = "Sync-ImmutaIntegration -Prune ($changes changes, $([string]::Format($invariant, '{0:0.#}', $TransitionMs / 1000)) s transitions)"
$rows.Add((New-BenchRow -Benchmark "$title vs -ThrottleLimit 1" -Module $measured['default'] -Baseline $measured['1'] `
    -BaselineName '-ThrottleLimit 1' -Target 8 -Speedup))
$rows.Add((New-BenchRow -Benchmark "$title vs the floor" -Module $measured['default'] -Baseline $floor `
    -BaselineName "$phases × $TransitionMs ms + the same sync at 0 ms" -Target 2.0))
$rows.Add((New-BenchCheck -Benchmark 'Sync: every run exact' -Passed $true -Detail ("$script:checkedRuns runs checked: each returned " +
    "$($changes + $Unchanged) results ($expectedActions), all Done, and left exactly the $($kept.Count) integrations the files describe, " +
    "enabled, the $Deletes pruned gone")))

$default = Get-DefaultThrottleLimit Sync-ImmutaIntegration
$markdown.Add((@(
    "Sync: one pwsh, two emulators seeded with the same $seeded Snowflake integrations, one with ``--transition-delay-ms $TransitionMs``,"
    "one with ``0``; $($kept.Count) payload files: $Updates change a warehouse, $Unchanged match, $Creates are new, and $Deletes integrations"
    "are in none (``-Prune -Credential``). Every run starts from the seeded tenant (``POST /_emulator/reset?seed=true``, untimed) and is"
    "``Sync-ImmutaIntegration -PollInterval $PollInterval -Force``. Runs: $Runs of the default (-ThrottleLimit $default) and of the 0 ms sync,"
    "$SequentialRuns of ``-ThrottleLimit 1`` (each $changes transitions and more: median $(Format-Ms (Get-Summary $measured['1']).Median)),"
    "interleaved, after one warm-up of the first two. The floor of each run is $phases phases × $TransitionMs ms plus one 0 ms sync"
    "(median $(Format-Ms (Get-Summary $measured['requests']).Median)): the phases follow each other, so no sync of these changes can end"
    "sooner. Every run was checked: its results (all Done) and the tenant after it."
) -join ' '))
$tableTitle = "$title by -ThrottleLimit (median of $TableRuns runs each, -ThrottleLimit 1 of the $SequentialRuns runs above; the default " +
    "($default) is the run without the parameter; the floor is $(Format-Ms $floorMedian)):"
$markdown.Add((Format-ThrottleTable -Title $tableTitle -Table $table -Limits $ThrottleLimits -Default $measured['default'] -ExtraHeader '× floor' `
    -Extra { param($s) [string]::Format($invariant, '{0:N2}×', $s.Median / $floorMedian) }))
Save-BenchResult -Path $ResultFile -Name 'Sync' -Rows $rows -Markdown $markdown
