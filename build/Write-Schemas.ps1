<#
.SYNOPSIS
    Writes the JSON Schemas of payload files, generated from the engine's type descriptions, into a folder.
    build.ps1 runs it in a fresh pwsh against the freshly published assemblies.
#>
param(
    [Parameter(Mandatory)] [string] $AssemblyFolder,
    [Parameter(Mandatory)] [string] $Destination
)
$ErrorActionPreference = 'Stop'
foreach ($name in 'ImmutaIntegrations.Models', 'YamlDotNet', 'ImmutaIntegrations.Core') {
    Add-Type -LiteralPath (Join-Path $AssemblyFolder "$name.dll")
}
$written = [ImmutaIntegrations.Core.Payloads.Writing.PayloadSchemas]::WriteAll($Destination)
Write-Host "Schemas: $($written.Count) files in $Destination"
