<#
.SYNOPSIS
    SavedPlan: applying a saved plan (Sync-ImmutaIntegration -Plan) against syncing from the payload files it was made from
    (Sync-ImmutaIntegration -Path), on a tenant of 1,000 integrations of six types of which 50 are updated. Target: the plan
    costs at most one list read more than the files (its median at most that of the files plus a list, Get-ImmutaIntegration,
    measured round by round). Each run starts from the same tenant (the emulator reset to its seed, untimed); every run's
    results and the tenant after it are checked.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $EmulatorPath,
    [Parameter(Mandatory)] [string] $WorkDirectory,
    [Parameter(Mandatory)] [string] $ResultFile,
    [int] $Runs = 10,
    [int] $Count = 1000,
    [int] $Updates = 50
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
Import-Module (Join-Path $PSScriptRoot '../build/BuildTools.psm1') -Force
Import-Module (Join-Path $PSScriptRoot 'BenchTools.psm1') -Force
Import-Module $ModulePath
$ProgressPreference = 'SilentlyContinue'

$seed = Join-Path $WorkDirectory "plan-seed-$Count.json"
New-MixedSeed -Path $seed -Count $Count
$emulator = Start-BenchTenant -EmulatorPath $EmulatorPath -SeedPath $seed
try {
    $connection = $emulator.Connection
    # The files: the tenant's own export (every secret a reference, each variable set here), with the first $Updates Snowflake
    # integrations given another warehouse.
    $files = Join-Path $WorkDirectory "plan-files-$Count"
    $exported = @(Export-ImmutaIntegration -Path $files -Connection $connection)
    foreach ($variable in $exported.Variables) { [Environment]::SetEnvironmentVariable($variable, 'bench-secret') }
    $changed = @($exported | Where-Object Type -eq 'Snowflake' | Select-Object -First $Updates)
    if ($changed.Count -ne $Updates) { throw "The seed holds $($changed.Count) Snowflake integrations, not $Updates." }
    foreach ($file in $changed.Path) { [System.IO.File]::WriteAllText($file, [System.IO.File]::ReadAllText($file).Replace('warehouse: WH', 'warehouse: WH2')) }
    $planFile = Join-Path $WorkDirectory "plan-$Count.json"
    $plan = @(Compare-ImmutaIntegration -Path $files -OutFile $planFile -Connection $connection)
    $expected = "NoChange=$($Count - $Updates) Update=$Updates"
    $actions = ($plan | Group-Object { "$($_.Action)" } | Sort-Object Name | ForEach-Object { "$($_.Name)=$($_.Count)" }) -join ' '
    if ($actions -ne $expected) { throw "The plan is $actions, not $expected." }
    $planBytes = (Get-Item -LiteralPath $planFile).Length

    $reset = @{ Method = 'Post'; Uri = "$($emulator.Url)/_emulator/reset?seed=true"; Headers = @{ Authorization = $emulator.ApiKey } }
    function Assert-Synced([object[]] $Results, [string] $What) {
        $done = ($Results | Where-Object { "$($_.Outcome)" -eq 'Done' } | Group-Object { "$($_.Action)" } | Sort-Object Name |
            ForEach-Object { "$($_.Name)=$($_.Count)" }) -join ' '
        if ($Results.Count -ne $Count -or $done -ne $expected) { throw "$What returned $($Results.Count) results, done: $done, not $expected." }
        $moved = @(Get-ImmutaIntegration -Type Snowflake -Connection $connection | Where-Object { $_.Config.warehouse -eq 'WH2' }).Count
        if ($moved -ne $Updates) { throw "After $What, $moved Snowflake integrations have the new warehouse, not $Updates." }
    }
    function Measure-Files {
        Invoke-RestMethod @reset | Out-Null
        $ms = Measure-Milliseconds { $script:synced = @(Sync-ImmutaIntegration -Path $files -Connection $connection -Force -PollInterval 0.05) }
        Assert-Synced $synced 'Sync-ImmutaIntegration -Path'
        $ms
    }
    function Measure-Plan {
        Invoke-RestMethod @reset | Out-Null
        $ms = Measure-Milliseconds { $script:applied = @(Sync-ImmutaIntegration -Plan $planFile -Connection $connection -Force -PollInterval 0.05) }
        Assert-Synced $applied 'Sync-ImmutaIntegration -Plan'
        $ms
    }
    $measured = Invoke-Interleaved -Runs $Runs -Warmup 1 -Label 'SavedPlan' -Variant @(
        @{ Name = 'list'; Script = { Measure-BenchList -Connection $connection -Count $Count } }
        @{ Name = 'files'; Script = { Measure-Files } }
        @{ Name = 'plan'; Script = { Measure-Plan } }
    )
}
finally {
    Stop-BenchTenant $emulator
}

# The budget of each round: its sync from files and its list, measured side by side.
[double[]] $budget = for ($i = 0; $i -lt $measured['files'].Count; $i++) { $measured['files'][$i] + $measured['list'][$i] }
$rows = @(
    New-BenchRow -Benchmark "Sync-ImmutaIntegration -Plan ($Count items, $Updates updates) against -Path of the same files plus one list" `
        -Module $measured['plan'] -Baseline $budget -BaselineName "Sync-ImmutaIntegration -Path + Get-ImmutaIntegration, each round" -Target 1.0
    New-BenchRow -Benchmark "Sync-ImmutaIntegration -Plan against -Path of the same files (no target)" -Module $measured['plan'] `
        -Baseline $measured['files'] -BaselineName "Sync-ImmutaIntegration -Path"
    New-BenchRow -Benchmark "Get-ImmutaIntegration, the list both read (no target)" -Module $measured['list'] `
        -Baseline $measured['files'] -BaselineName "Sync-ImmutaIntegration -Path"
)
$markdown = @(
    @(
        "SavedPlan: one pwsh, emulator seeded with $Count integrations of six types (``--transition-delay-ms 0``); the payload files are the"
        "tenant's own export with $Updates Snowflake warehouses changed, and the saved plan ($([math]::Round($planBytes / 1KB)) KB) was made from"
        "them: $Updates updates, $($Count - $Updates) unchanged. One warm-up each, then $Runs interleaved runs of the list, the sync from the files,"
        "and the sync from the plan, each sync from the same tenant (the emulator reset to its seed before it, untimed). Every run was checked:"
        "$Count results, the $Updates updates done, and the tenant holding them after it. The target row compares the plan's median with the"
        "median of each round's sync from files plus its list: applying the plan reads the tenant's list once, as the sync from files does, and"
        "reads and checks the plan file instead of the payload files."
    ) -join ' '
)
Save-BenchResult -Path $ResultFile -Name 'SavedPlan' -Rows $rows -Markdown $markdown
