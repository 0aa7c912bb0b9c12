<#
.SYNOPSIS
    Per call: 1,000 x Get-ImmutaIntegration -Id 1 against 1,000 x Invoke-RestMethod of the same URL (target: at most
    0.6x) and against the floor, one reused HttpClient sending the same GET from PowerShell (target: at most 1.5x).
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $EmulatorPath,
    [Parameter(Mandatory)] [string] $ResultFile,
    [string] $WorkDirectory,
    [int] $Runs = 10,
    [int] $Calls = 1000,
    # Rounds of -Calls calls per variant before measuring: both processes' JIT settles only after a few thousand calls.
    [int] $WarmupRounds = 3
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
Import-Module (Join-Path $PSScriptRoot '../build/BuildTools.psm1') -Force
Import-Module (Join-Path $PSScriptRoot 'BenchTools.psm1') -Force
Import-Module $ModulePath

$apiKey = Get-BenchApiKey
$seed = Join-Path $PSScriptRoot '../tests/data/integrations.yaml'
$emulator = Start-BenchTenant -EmulatorPath $EmulatorPath -SeedPath $seed
$http = [System.Net.Http.HttpClient]::new()
try {
    $connection = $emulator.Connection
    $url = "$($emulator.Url)/integrations/1"
    $headers = @{ Authorization = $apiKey }

    # The three variants read the same integration.
    $viaModule = Get-ImmutaIntegration -Id 1 -Connection $connection
    $viaRest = Invoke-RestMethod -Uri $url -Headers $headers
    if ("$($viaModule.Id)" -ne '1' -or "$($viaRest.id)" -ne '1') { throw "Integration 1 was not read: module '$($viaModule.Id)', Invoke-RestMethod '$($viaRest.id)'." }

    $module = {
        param([int] $Count)
        for ($i = 0; $i -lt $Count; $i++) { $null = Get-ImmutaIntegration -Id 1 -Connection $connection }
    }
    $rest = {
        param([int] $Count)
        for ($i = 0; $i -lt $Count; $i++) { $null = Invoke-RestMethod -Uri $url -Headers $headers }
    }
    $floor = {
        param([int] $Count)
        for ($i = 0; $i -lt $Count; $i++) {
            $message = [System.Net.Http.HttpRequestMessage]::new([System.Net.Http.HttpMethod]::Get, $url)
            $null = $message.Headers.TryAddWithoutValidation('Authorization', $apiKey)
            $response = $http.SendAsync($message).GetAwaiter().GetResult()
            $null = $response.Content.ReadAsStringAsync().GetAwaiter().GetResult()
            if (-not $response.IsSuccessStatusCode) { throw "GET $url answered $([int]$response.StatusCode)." }
            $response.Dispose()
            $message.Dispose()
        }
    }
    $variants = @(
        @{ Name = 'module'; Script = { Measure-Milliseconds { & $module $Calls } } }
        @{ Name = 'Invoke-RestMethod'; Script = { Measure-Milliseconds { & $rest $Calls } } }
        @{ Name = 'HttpClient'; Script = { Measure-Milliseconds { & $floor $Calls } } }
    )
    $warmups = Invoke-Interleaved -Variant $variants -Runs $WarmupRounds -Warmup 0 -Label 'PerCall warm-up'
    $measured = Invoke-Interleaved -Variant $variants -Runs $Runs -Warmup 0 -Label 'PerCall'
}
finally {
    $http.Dispose()
    Stop-BenchTenant $emulator
}

$unit = "ms/$Calls"
$rows = @(
    New-BenchRow -Benchmark "Per call ($Calls x Get-ImmutaIntegration -Id 1) vs Invoke-RestMethod" -Module $measured['module'] -Baseline $measured['Invoke-RestMethod'] `
        -BaselineName 'Invoke-RestMethod' -Target 0.6 -Unit $unit
    New-BenchRow -Benchmark "Per call ($Calls x Get-ImmutaIntegration -Id 1) vs HttpClient floor" -Module $measured['module'] -Baseline $measured['HttpClient'] `
        -BaselineName 'HttpClient.SendAsync' -Target 1.5 -Unit $unit
)
$perCall = [string]::Format([cultureinfo]::InvariantCulture, 'module {0:N0} µs, Invoke-RestMethod {1:N0} µs, HttpClient {2:N0} µs',
    (Get-Summary $measured['module']).Median * 1000 / $Calls, (Get-Summary $measured['Invoke-RestMethod']).Median * 1000 / $Calls, (Get-Summary $measured['HttpClient']).Median * 1000 / $Calls)
$firstRound = [string]::Format([cultureinfo]::InvariantCulture, 'module {0:N0} ms, Invoke-RestMethod {1:N0} ms, HttpClient {2:N0} ms',
    $warmups['module'][0], $warmups['Invoke-RestMethod'][0], $warmups['HttpClient'][0])
$markdown = @(
    "Per call: one pwsh, emulator seeded with tests/data/integrations.yaml (``--transition-delay-ms 0``); $WarmupRounds interleaved warm-up rounds of $Calls calls per variant (discarded), then $Runs interleaved runs of $Calls calls. Median per call: $perCall. The floor is one reused ``HttpClient`` in PowerShell (``SendAsync(...).GetAwaiter().GetResult()``, body read as a string); ``Invoke-RestMethod`` opens a new connection for every call. The first (cold) warm-up round took: $firstRound."
)
Save-BenchResult -Path $ResultFile -Name 'PerCall' -Rows $rows -Markdown $markdown
