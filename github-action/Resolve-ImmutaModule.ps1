<#
.SYNOPSIS
    Which ImmutaIntegrations the GitHub Action imports: the path of its manifest (or what -ModulePath names), installing
    it from the PowerShell Gallery when the runner does not have it.
.DESCRIPTION
    1. -ModulePath (the action's input module-path), when given: a module folder or manifest (relative to the current
       location, the workspace) or a module's name, imported as it is. For a runner without the Gallery, or a build of
       your own.
    2. Else ImmutaIntegrations of the version of the action's own release (the ModuleVersion of ImmutaIntegrations.psd1 at
       the root of the action's repository, at the ref the workflow names), when the runner has it on PSModulePath.
    3. Else that version installed from the PowerShell Gallery for the current user (Install-PSResource, or Install-Module
       where PSResourceGet is missing), then imported.
    So every job that uses the same ref of the action runs the same version: a plan saved in one job is applied in another
    by the version that made it.
#>
[CmdletBinding()]
[OutputType([string])]
param(
    [string] $ModulePath
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

if ($ModulePath) {
    $full = $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($ModulePath)
    return $(if (Test-Path -LiteralPath $full) { $full } else { $ModulePath })
}

$manifest = Join-Path $PSScriptRoot '../ImmutaIntegrations.psd1'
$version = [version](Import-PowerShellDataFile -LiteralPath $manifest).ModuleVersion
function Find-Module {
    Get-Module -ListAvailable -Name ImmutaIntegrations | Where-Object Version -EQ $version | Select-Object -First 1
}

$found = Find-Module
if (-not $found) {
    Write-Host "Installing ImmutaIntegrations $version, the version of this release of the action, from the PowerShell Gallery."
    try {
        if (Get-Command Install-PSResource -ErrorAction SilentlyContinue) {
            Install-PSResource -Name ImmutaIntegrations -Version $version -Scope CurrentUser -TrustRepository -Quiet -ErrorAction Stop
        }
        else { Install-Module -Name ImmutaIntegrations -RequiredVersion $version -Scope CurrentUser -Force -ErrorAction Stop }
    }
    catch {
        throw "ImmutaIntegrations $version could not be installed from the PowerShell Gallery ($($_.Exception.Message)). Use a released tag of the action, install the module on the runner, or give the input module-path."
    }
    $found = Find-Module
    if (-not $found) { throw "ImmutaIntegrations $version was installed but is not found on PSModulePath ($env:PSModulePath)." }
}
$found.Path
