<#
.SYNOPSIS
    The fault suite: creates, updates and deletes integrations through the built module while the emulator
    injects faults, then checks that the emulator's state is exactly what was intended.

.DESCRIPTION
    Starts the published emulator on loopback with fault injection: a share of requests answered 503 before any
    processing, a share answered 429 with Retry-After, and a share processed and then dropped without an answer
    (the client cannot know the change was made). Then it runs one scenario, each in a file of its own that says
    what it checks:
    - Operations (Operations.Scenario.ps1): through one connection shared by parallel runspaces, it creates -Count
      integrations, updates every one and deletes every one, each operation a command of its own, and checks the
      state after each phase: no duplicate, nothing lost, nothing unexplained;
    - Sync (Sync.Scenario.ps1): one Sync-ImmutaIntegration -Prune -ThrottleLimit 16 of payload files that leave a
      quarter of -Count integrations as they are, update a quarter, delete a quarter and create a quarter; then no
      duplicate, nothing lost, every failure reported with its error id and the file it concerns, and a second sync
      without faults leaves exactly what the files describe.

    Prints the counts and exits 0 when every check holds, 1 otherwise. The settings can also come from the
    environment (IMMUTA_FAULT_SEED, IMMUTA_FAULT_COUNT, IMMUTA_FAULT_UNAVAILABLE_RATE, IMMUTA_FAULT_THROTTLE_RATE,
    IMMUTA_FAULT_DROP_RATE), so a run with other seeds and rates needs no change to the tests that call it.

.EXAMPLE
    dotnet pwsh tests/faults/Invoke-FaultSuite.ps1 -Seed 7 -UnavailableRate 0.4 -DropRate 0.2

    Runs the suite with another seed and harsher rates (build the module first: ./build.ps1 -Task Build).

.EXAMPLE
    dotnet pwsh tests/faults/Invoke-FaultSuite.ps1 -Scenario Sync

    A concurrent sync of 48 changes, 16 at once, through the same faults.
#>
[CmdletBinding()]
param(
    # Operations: one New, Set or Remove-ImmutaIntegration per runspace. Sync: one Sync-ImmutaIntegration of many changes.
    [ValidateSet('Operations', 'Sync')] [string] $Scenario = 'Operations',
    # The integrations the suite works on (Sync: a quarter each unchanged, updated, deleted and created).
    [ValidateRange(1, 1000)] [int] $Count = $(if ($env:IMMUTA_FAULT_COUNT) { $env:IMMUTA_FAULT_COUNT } elseif ($Scenario -eq 'Sync') { 64 } else { 100 }),
    [int] $Seed = $(if ($env:IMMUTA_FAULT_SEED) { $env:IMMUTA_FAULT_SEED } else { 20261128 }),
    [ValidateRange(0.0, 1.0)] [double] $UnavailableRate = $(if ($env:IMMUTA_FAULT_UNAVAILABLE_RATE) { $env:IMMUTA_FAULT_UNAVAILABLE_RATE } else { 0.3 }),
    [ValidateRange(0.0, 1.0)] [double] $ThrottleRate = $(if ($env:IMMUTA_FAULT_THROTTLE_RATE) { $env:IMMUTA_FAULT_THROTTLE_RATE } else { 0.1 }),
    [ValidateRange(0.0, 1.0)] [double] $DropRate = $(if ($env:IMMUTA_FAULT_DROP_RATE) { $env:IMMUTA_FAULT_DROP_RATE } else { 0.1 }),
    [ValidateRange(0, 30)] [int] $RetryAfterSeconds = 1,
    [ValidateRange(0, 30)] [int] $MaxRetries = 8,
    # Operations: runspaces at once. Most of an operation's time is spent waiting to retry, not on a connection, so they
    # can outnumber the client's pool of 32 connections: a phase then lasts about as long as its slowest operation.
    # Sync: its -ThrottleLimit, the changes of a phase under way at once.
    [ValidateRange(1, 1000)] [int] $ThrottleLimit = $(if ($Scenario -eq 'Sync') { 16 } else { 100 }),
    # The whole run stops by itself after this long; operations not finished by then count as failures.
    [ValidateRange(10, 3600)] [int] $TimeLimitSec = 900,
    [string] $ModulePath = (Join-Path $PSScriptRoot '../../out/ImmutaIntegrations'),
    [string] $EmulatorPath = (Join-Path $PSScriptRoot '../../out/ImmutaEmulator/ImmutaEmulator.dll'),
    # Where to write the counts as JSON (for the tests); nothing is written when not given.
    [string] $ResultPath,
    # Proves the checks can fail: deletes one integration made behind the suite's back, which they must report.
    [switch] $SelfCheck
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot '../../build/BuildTools.psm1')
$faultSuiteModule = Join-Path $PSScriptRoot 'FaultSuite.psm1'
Import-Module $faultSuiteModule
Import-Module $ModulePath

$clock = [System.Diagnostics.Stopwatch]::StartNew()
$deadline = [DateTime]::UtcNow.AddSeconds($TimeLimitSec)
$secrets = New-FaultSuiteSecret
$rates = @{ Unavailable = $UnavailableRate; Throttle = $ThrottleRate; DropAfterProcessing = $DropRate; RetryAfterSeconds = $RetryAfterSeconds }
$apiKey = 'fault-suite-' + [guid]::NewGuid().ToString('n')
$violations = [System.Collections.Generic.List[string]]::new()
# The scenario: $transitionDelayMs, Invoke-Scenario (adds to $violations, gives its counts) and Write-ScenarioCounts.
. (Join-Path $PSScriptRoot "$Scenario.Scenario.ps1")

$emulator = Start-EmulatorProcess -EmulatorPath $EmulatorPath -ApiKey $apiKey -ArgumentList @('--transition-delay-ms', $transitionDelayMs)
try {
    $connection = Connect-Immuta -Url $emulator.Url -ApiKey (ConvertTo-SecureString $apiKey -AsPlainText -Force) -MaxRetries $MaxRetries -TimeoutSec 30
    $counts = Invoke-Scenario
    $injected = Get-FaultSuiteInjected $emulator
    Write-Verbose ("Requests by route: " + ($injected.ByRoute | ConvertTo-Json -Compress))
}
finally {
    Stop-EmulatorProcess $emulator
}

$summary = [ordered]@{
    Scenario      = $Scenario
    Seed          = $Seed
    Rates         = [ordered]@{ Unavailable = $UnavailableRate; Throttle = $ThrottleRate; DropAfterProcessing = $DropRate }
    Count         = $Count
    ThrottleLimit = $ThrottleLimit
    Seconds       = [Math]::Round($clock.Elapsed.TotalSeconds, 1)
    Requests      = $injected.Requests
    Faults        = $injected.Faults
}
foreach ($name in $counts.Keys) { $summary[$name] = $counts[$name] }
$summary.Violations = @($violations)

Write-Host ("Fault suite ({0}): seed {1}, {2:P0} unavailable, {3:P0} throttled, {4:P0} dropped after processing; {5} integrations, {6} at once, {7} s" -f
    $Scenario, $Seed, $UnavailableRate, $ThrottleRate, $DropRate, $Count, $ThrottleLimit, $summary.Seconds)
Write-Host ("Emulator: {0} requests; faults injected: {1} unavailable, {2} throttled, {3} dropped" -f
    $summary.Requests, $summary.Faults.Unavailable, $summary.Faults.Throttled, $summary.Faults.Dropped)
Write-ScenarioCounts $summary
Write-FaultSuiteVerdict $violations
if ($ResultPath) { $summary | ConvertTo-Json -Depth 6 | Set-Content -LiteralPath $ResultPath -Encoding utf8 }
exit $(if ($violations.Count) { 1 } else { 0 })
