# Shared by the Pester tests: where the built module and emulator are, starting the emulator on loopback,
# and running a script in a fresh pwsh (for what must happen before the module is first imported).

Set-StrictMode -Version Latest

$script:Root = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
Import-Module (Join-Path $script:Root 'build/BuildTools.psm1') -Force

function Get-TestPath {
    param([ValidateSet('Module', 'Emulator', 'Data', 'Root')] [string] $Name)
    switch ($Name) {
        'Module' { Join-Path $script:Root 'out/ImmutaIntegrations' }
        'Emulator' { Join-Path $script:Root 'out/ImmutaEmulator/ImmutaEmulator.dll' }
        'Data' { Join-Path $script:Root 'tests/data' }
        'Root' { $script:Root }
    }
}

function Start-TestEmulator {
    param(
        [string] $ApiKey = 'pester-api-key',
        [string] $SeedPath = (Join-Path (Get-TestPath Data) 'integrations.yaml'),
        [string[]] $ArgumentList = @()
    )
    Start-EmulatorProcess -EmulatorPath (Get-TestPath Emulator) -ApiKey $ApiKey -SeedPath $SeedPath -ArgumentList (@('--transition-delay-ms', '0') + $ArgumentList)
}

function Stop-TestEmulator {
    param([Parameter(Mandatory)] $Emulator)
    Stop-EmulatorProcess $Emulator
}

function ConvertTo-TestSecureString([string] $Text) { ConvertTo-SecureString $Text -AsPlainText -Force }

<#
.SYNOPSIS
    Runs a script in a fresh pwsh (the same PowerShell as this one) and returns its output lines and exit code.
#>
function Invoke-FreshPwsh {
    param([Parameter(Mandatory)] [string] $Script, [hashtable] $Environment = @{})
    $file = Join-Path ([System.IO.Path]::GetTempPath()) ("pester-{0}.ps1" -f [guid]::NewGuid().ToString('n'))
    Set-Content -LiteralPath $file -Value $Script -Encoding utf8
    $saved = @{}
    try {
        foreach ($name in $Environment.Keys) { $saved[$name] = [Environment]::GetEnvironmentVariable($name); [Environment]::SetEnvironmentVariable($name, $Environment[$name]) }
        $pwsh = Get-PwshCommand
        $output = & $pwsh.Path $pwsh.Arguments -NoProfile -NonInteractive -File $file 2>&1 | ForEach-Object { "$_" }
        [pscustomobject]@{ Output = @($output); ExitCode = $LASTEXITCODE }
    }
    finally {
        foreach ($name in $saved.Keys) { [Environment]::SetEnvironmentVariable($name, $saved[$name]) }
        Remove-Item -LiteralPath $file -ErrorAction SilentlyContinue
    }
}

Export-ModuleMember -Function Get-TestPath, Start-TestEmulator, Stop-TestEmulator, ConvertTo-TestSecureString, Invoke-FreshPwsh
