# Shared by the tests of the scheduled checks (Compare-ImmutaIntegration, Test-ImmutaIntegrationHealth, ScheduledPipelines):
# running pwsh as a job's step does. (A copy of examples/integrations to edit: New-TestRepository, in TestFixture.psm1.)

Set-StrictMode -Version Latest

$script:Root = (Resolve-Path (Join-Path $PSScriptRoot '../../..')).Path
Import-Module (Join-Path $script:Root 'build/BuildTools.psm1')

<#
.SYNOPSIS
    Runs pwsh -NonInteractive with these arguments from the repository's root, as a job's step does
    (`pwsh -NoProfile -File script args`), with these environment variables: its output lines and exit code.
#>
function Invoke-CheckPwsh {
    param([Parameter(Mandatory)] [string[]] $ArgumentList, [Parameter(Mandatory)] [hashtable] $Environment)
    $pwsh = Get-PwshCommand
    $saved = @{}
    Push-Location $script:Root
    try {
        $saved = Set-ProcessVariable -Variables $Environment
        $output = & $pwsh.Path $pwsh.Arguments -NonInteractive @ArgumentList 2>&1 | ForEach-Object { "$_" }
        [pscustomobject]@{ Output = @($output); ExitCode = $LASTEXITCODE }
    }
    finally {
        Pop-Location
        Set-ProcessVariable -Variables $saved | Out-Null
    }
}

Export-ModuleMember -Function Invoke-CheckPwsh
