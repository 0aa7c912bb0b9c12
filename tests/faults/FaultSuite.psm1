# What the fault suites share (Invoke-FaultSuite.ps1, one operation per runspace; Invoke-SyncFaultSuite.ps1, one
# concurrent Sync-ImmutaIntegration): the payloads, each on a target of its own, the emulator's faults switched on and
# paused, the state read back with faults paused, the checks and counts both make, and the lines both print.

Set-StrictMode -Version Latest

<#
.SYNOPSIS
    The payload secrets of one run, new each time, so that any output they show up in is found.
#>
function New-FaultSuiteSecret {
    @{ S3 = 's3-fault-suite-secret-' + [guid]::NewGuid().ToString('n'); Databricks = 'dapi-fault-suite-' + [guid]::NewGuid().ToString('n') }
}

<#
.SYNOPSIS
    Integration number -Number in its 'original' or 'updated' version: Amazon S3 for even numbers, Databricks for odd, each
    on a target of its own. Key is the target the state is checked by, Field and Value what the update changes.
#>
function New-FaultSuitePayload {
    param([int] $Number, [ValidateSet('original', 'updated')] [string] $Version, [hashtable] $Secrets)
    if ($Number % 2 -eq 0) {
        $name = if ($Version -eq 'updated') { "fault-$Number-renamed" } else { "fault-$Number" }
        [ordered]@{
            Key     = "s3://fault-$Number/"
            Field   = 'name'
            Value   = $name
            Payload = @{ type = 'Native S3'; autoBootstrap = $false; config = @{
                    name = $name; awsAccountId = '123456789012'; awsRegion = 'us-east-1'; awsLocationRole = 'arn:aws:iam::123456789012:role/fault-suite'
                    awsLocationPath = "s3://fault-$Number/"; authenticationType = 'accessKey'; awsAccessKeyId = 'AKIAFAULTSUITE'
                    awsSecretAccessKey = $Secrets.S3
                } }
        }
    }
    else {
        $httpPath = if ($Version -eq 'updated') { "sql/protocolv1/o/0/updated-$Number" } else { "sql/protocolv1/o/0/fault-$Number" }
        [ordered]@{
            Key     = "fault-$Number.cloud.databricks.com"
            Field   = 'httpPath'
            Value   = $httpPath
            Payload = @{ type = 'Databricks'; autoBootstrap = $true; config = @{
                    workspaceUrl = "fault-$Number.cloud.databricks.com"; httpPath = $httpPath; authenticationType = 'token'; token = $Secrets.Databricks
                    catalog = 'immuta'
                } }
        }
    }
}

function Get-FaultSuiteTargetKey($Integration) {
    if ($Integration.Type -eq 'Native S3') { $Integration.Config['awsLocationPath'] } else { $Integration.Config['workspaceUrl'] }
}

<#
.SYNOPSIS
    Switches the emulator's faults on at -Rates (Unavailable, Throttle, DropAfterProcessing, RetryAfterSeconds) with -Seed,
    or pauses them (-Off).
#>
function Set-FaultSuiteFault {
    param([Parameter(Mandatory)] $Emulator, [hashtable] $Rates, [int] $Seed, [switch] $Off)
    $body = if ($Off) { @{} } else {
        @{ unavailableRate = $Rates.Unavailable; throttleRate = $Rates.Throttle; dropAfterProcessingRate = $Rates.DropAfterProcessing
            retryAfterSeconds = $Rates.RetryAfterSeconds; seed = $Seed }
    }
    Invoke-RestMethod -Method Post -Uri "$($Emulator.Url)/_emulator/faults" -Headers @{ Authorization = $Emulator.ApiKey } -ContentType 'application/json' `
        -Body ($body | ConvertTo-Json) | Out-Null
}

<#
.SYNOPSIS
    What the emulator holds, read with faults paused: every integration (All), and the live ones (Live: neither deleted
    nor disabled).
#>
function Get-FaultSuiteState {
    param([Parameter(Mandatory)] $Emulator, [Parameter(Mandatory)] $Connection)
    Set-FaultSuiteFault $Emulator -Off
    $all = @(Get-ImmutaIntegration -Connection $Connection)
    [pscustomobject]@{ All = $all; Live = @($all | Where-Object { $_.Status -notin 'deleted', 'disabled' }) }
}

<#
.SYNOPSIS
    A violation for every target that more than one live integration is on.
#>
function Find-FaultSuiteDuplicate([object[]] $Live) {
    foreach ($group in $Live | Group-Object { Get-FaultSuiteTargetKey $_ } | Where-Object Count -GT 1) {
        "Duplicate: $($group.Count) live integrations on $($group.Name) (ids $($group.Group.Id -join ', '))."
    }
}

<#
.SYNOPSIS
    Whether any payload secret of the run is in the text (verbose lines, messages, errors).
#>
function Test-FaultSuiteSecret([string] $Text, [hashtable] $Secrets) {
    foreach ($secret in $Secrets.Values) { if ($Text.Contains($secret)) { return $true } }
    $false
}

<#
.SYNOPSIS
    The retries and the reconciled lost answers a change's verbose lines tell of.
#>
function Measure-FaultSuiteVerbose([string[]] $Lines) {
    [pscustomobject]@{
        Retries    = @($Lines | Where-Object { $_ -like 'Retrying *' }).Count
        Reconciled = @($Lines | Where-Object { $_ -like '*answer was lost*' }).Count
    }
}

<#
.SYNOPSIS
    The emulator's requests and the faults it injected, by kind (it counts only the kinds it injected).
#>
function Get-FaultSuiteInjected {
    param([Parameter(Mandatory)] $Emulator)
    $stats = Invoke-RestMethod -Uri "$($Emulator.Url)/_emulator/stats" -Headers @{ Authorization = $Emulator.ApiKey }
    function Get-Count([string] $Kind) { $count = $stats.faults.PSObject.Properties[$Kind]; if ($count) { [int]$count.Value } else { 0 } }
    [pscustomobject]@{
        Requests = $stats.requests
        ByRoute  = $stats.byRoute
        Faults   = [ordered]@{ Unavailable = Get-Count 'unavailable'; Throttled = Get-Count 'throttled'; Dropped = Get-Count 'dropped' }
    }
}

<#
.SYNOPSIS
    The lines both suites end with: each violation, and the verdict on the state.
#>
function Write-FaultSuiteVerdict([string[]] $Violations) {
    foreach ($violation in $Violations) { Write-Host "VIOLATION: $violation" }
    Write-Host ("State: {0}" -f $(if ($Violations.Count) { "$($Violations.Count) violations" } else { 'exactly as intended (no duplicate, nothing lost)' }))
}

Export-ModuleMember -Function New-FaultSuiteSecret, New-FaultSuitePayload, Get-FaultSuiteTargetKey, Set-FaultSuiteFault, Get-FaultSuiteState,
    Find-FaultSuiteDuplicate, Test-FaultSuiteSecret, Measure-FaultSuiteVerbose, Get-FaultSuiteInjected, Write-FaultSuiteVerdict
