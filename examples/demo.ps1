<#
.SYNOPSIS
    A tour of ImmutaIntegrations against a running emulator (build.ps1 -Task Demo starts one).
#>
param(
    [Parameter(Mandatory)] [string] $Url,
    [string] $ApiKey = 'demo-api-key',
    [string] $ModulePath = (Join-Path $PSScriptRoot '../out/ImmutaIntegrations')
)
$ErrorActionPreference = 'Stop'
Import-Module $ModulePath

function Show-Step([string] $Text) { Write-Host "`n>>> $Text" }

# Render as a 120-column console would, even when the output is redirected to a log.
function Show([Parameter(ValueFromPipeline)] $InputObject) {
    begin { $items = [System.Collections.Generic.List[object]]::new() }
    process { $items.Add($InputObject) }
    end { $items | Out-String -Width 120 | Write-Host }
}

Show-Step "Connect-Immuta -Url $Url -ApiKey <SecureString>"
$key = ConvertTo-SecureString $ApiKey -AsPlainText -Force
Connect-Immuta -Url $Url -ApiKey $key | Show

Show-Step 'Get-ImmutaIntegration'
Get-ImmutaIntegration | Show

Show-Step "Get-ImmutaIntegration -Type Snowflake | Format-List"
Get-ImmutaIntegration -Type Snowflake | Format-List | Show

Show-Step 'Get-ImmutaIntegration | Where-Object Status -like *Error | Format-List'
Get-ImmutaIntegration | Where-Object Status -like '*Error' | Format-List | Show

Show-Step 'Get-ImmutaIntegration | Get-ImmutaIntegrationStatus'
Get-ImmutaIntegration | Get-ImmutaIntegrationStatus | Show

Show-Step 'Get-ImmutaIntegration -Id 1, 99, 2    # 99 does not exist: an error for it, the others still come back'
Get-ImmutaIntegration -Id 1, 99, 2 -ErrorAction SilentlyContinue -ErrorVariable missing | Show
Write-Host ("Error for 99: [{0}] {1}" -f $missing[0].FullyQualifiedErrorId, $missing[0].Exception.Message)

Disconnect-Immuta
