<#
.SYNOPSIS
    Payload validation: Test-ImmutaIntegrationPayload -Path on one YAML file of 10,000 payloads against
    Get-Content -Raw | ConvertFrom-Json of the same payloads as JSON (target: at most 1.0x). Every payload must be
    valid, without warnings.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $WorkDirectory,
    [Parameter(Mandatory)] [string] $ResultFile,
    [string] $EmulatorPath,
    [int] $Runs = 10,
    [int] $Count = 10000
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
Import-Module (Join-Path $PSScriptRoot '../build/BuildTools.psm1') -Force
Import-Module (Join-Path $PSScriptRoot 'BenchTools.psm1') -Force
Import-Module $ModulePath

# The secret is a reference to an environment variable, as payload files should hold it.
$env:BENCH_PASSWORD = 'bench-password'
$yamlPath = Join-Path $WorkDirectory "payloads-$Count.yaml"
$jsonPath = Join-Path $WorkDirectory "payloads-$Count.json"
$yaml = [System.Text.StringBuilder]::new()
$json = [System.Text.StringBuilder]::new("[`n")
foreach ($n in 1..$Count) {
    $null = $yaml.Append((Get-SnowflakePayloadYaml -Number $n))
    $separator = if ($n -lt $Count) { ',' } else { '' }
    $null = $json.Append(('  {{"type":"Snowflake","autoBootstrap":true,"config":{{"host":"h{0}.snowflakecomputing.com","warehouse":"WH","database":"DB{0}","role":"R","authenticationType":"userPassword","username":"u{0}","password":"${{env:BENCH_PASSWORD}}"}}}}{1}' -f $n, $separator) + "`n")
}
$null = $json.Append("]`n")
[System.IO.File]::WriteAllText($yamlPath, $yaml.ToString())
[System.IO.File]::WriteAllText($jsonPath, $json.ToString())

$script:parsed = $null
$measured = Invoke-Interleaved -Runs $Runs -Warmup 1 -Label 'Payload' -Variant @(
    @{ Name = 'module'; Script = { Measure-Milliseconds { $null = Test-ImmutaIntegrationPayload -Path $yamlPath } } }
    @{ Name = 'ConvertFrom-Json'; Script = { Measure-Milliseconds { $script:parsed = Get-Content $jsonPath -Raw | ConvertFrom-Json } } }
    # For the record: the module on the JSON file, to tell reading YAML from validating.
    @{ Name = 'module JSON'; Script = { Measure-Milliseconds { $null = Test-ImmutaIntegrationPayload -Path $jsonPath } } }
)
# Once more, untimed: every payload checked, every one valid, no warning.
$results = @(Test-ImmutaIntegrationPayload -Path $yamlPath -WarningVariable warned)
$jsonResults = @(Test-ImmutaIntegrationPayload -Path $jsonPath -WarningVariable +warned)
$invalid = @($results | Where-Object { -not $_.IsValid })
$warnings = @($results | Where-Object { $_.Warnings.Count -gt 0 })
$parsedCount = @($script:parsed).Count
$problems = @(
    if ($results.Count -ne $Count) { "Test-ImmutaIntegrationPayload returned $($results.Count) results, not $Count" }
    if ($invalid.Count) { "$($invalid.Count) payloads not valid (first: $($invalid[0]); $(($invalid[0].Errors | ForEach-Object { "$($_.Path): expected $($_.Expected), found $($_.Found)" }) -join '; '))" }
    if ($warnings.Count) { "$($warnings.Count) payloads with warnings (first: $(($warnings[0].Warnings | ForEach-Object { "$($_.Path): $($_.Expected)" }) -join '; '))" }
    if ($jsonResults.Count -ne $Count -or @($jsonResults | Where-Object { -not $_.IsValid }).Count) { "the JSON file's results: $($jsonResults.Count), not all $Count valid" }
    if ($warned.Count) { "$($warned.Count) warnings written (first: $($warned[0]))" }
    if ($parsedCount -ne $Count) { "ConvertFrom-Json returned $parsedCount objects, not $Count" }
)

$rows = @(
    New-BenchRow -Benchmark "Payload validation ($Count in one YAML file)" -Module $measured['module'] -Baseline $measured['ConvertFrom-Json'] `
        -BaselineName 'Get-Content -Raw | ConvertFrom-Json' -Target 1.0
    New-BenchRow -Benchmark "Payload validation ($Count in one JSON file; no target)" -Module $measured['module JSON'] -Baseline $measured['ConvertFrom-Json'] `
        -BaselineName 'Get-Content -Raw | ConvertFrom-Json'
    New-BenchCheck -Benchmark 'Payload validation: every result valid' -Passed ($problems.Count -eq 0) `
        -Detail $(if ($problems.Count) { $problems -join '; ' } else { "$Count results, all valid, none with a warning; ConvertFrom-Json returned $parsedCount objects" })
)
$markdown = @(
    "Payload validation: one pwsh; $Count Snowflake payloads as one YAML list (the password a ```${env:BENCH_PASSWORD}`` reference, the variable set) and the same payloads as one JSON array; one warm-up each, then $Runs interleaved runs. The module reads, resolves and validates each payload; the baseline only parses the JSON. The row without a target times ``Test-ImmutaIntegrationPayload`` on the JSON file, interleaved with the others."
)
Save-BenchResult -Path $ResultFile -Name 'Payload' -Rows $rows -Markdown $markdown
