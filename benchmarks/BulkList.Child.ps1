<#
.SYNOPSIS
    One measurement of the bulk-list benchmark, in a fresh pwsh: lists every integration and counts them, then prints
    the elapsed time, the process's peak working set and the count as one line of JSON. The module's import and
    Connect-Immuta (or, for Invoke-RestMethod, one first request) happen before the timed part.
#>
param(
    [Parameter(Mandatory)] [ValidateSet('Module', 'InvokeRestMethod')] [string] $Variant,
    [Parameter(Mandatory)] [string] $Url,
    [Parameter(Mandatory)] [string] $ApiKey,
    [string] $ModulePath
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$headers = @{ Authorization = $ApiKey }
if ($Variant -eq 'Module') {
    Import-Module $ModulePath
    $connection = Connect-Immuta -Url $Url -ApiKey (ConvertTo-SecureString $ApiKey -AsPlainText -Force)
}
else {
    # What Connect-Immuta's one request is to the module: the HTTP stack loaded and the first connection made.
    $null = Invoke-RestMethod -Uri "$Url/integrations/1" -Headers $headers
}
$before = (Get-Process -Id $PID).WorkingSet64

$n = 0
$watch = [System.Diagnostics.Stopwatch]::StartNew()
if ($Variant -eq 'Module') {
    Get-ImmutaIntegration -Connection $connection | ForEach-Object { $n++ }
}
else {
    # Invoke-RestMethod writes the JSON array as one object: the first ForEach-Object enumerates it.
    Invoke-RestMethod -Uri "$Url/integrations" -Headers $headers | ForEach-Object { $_ } | ForEach-Object { $n++ }
}
$watch.Stop()

$process = Get-Process -Id $PID
[pscustomobject]@{
    Ms          = $watch.Elapsed.TotalMilliseconds
    PeakBytes   = $process.PeakWorkingSet64
    BeforeBytes = $before
    Count       = $n
} | ConvertTo-Json -Compress
