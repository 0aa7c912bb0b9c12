# Helpers shared by build.ps1 and the Pester tests.
# - Start-/Stop-EmulatorProcess: the published emulator (out/ImmutaEmulator/ImmutaEmulator.dll, run by dotnet) or
#   the installed dotnet tool (the immuta-emulator executable, run as it is) as a separate process on loopback.
#   The port is chosen by the system (--urls http://127.0.0.1:0) and read from the emulator's "Now listening on:"
#   line; the process is stopped by its id.
# - Get-PwshCommand: the command line of a fresh pwsh, the same PowerShell as the current one.

Set-StrictMode -Version Latest

function Start-EmulatorProcess {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [string] $EmulatorPath,
        [string] $ApiKey = 'emulator-api-key',
        [string] $SeedPath,
        [string[]] $ArgumentList = @(),
        [int] $StartTimeoutSec = 30
    )
    if (-not (Test-Path -LiteralPath $EmulatorPath)) { throw "The emulator is not built: $EmulatorPath does not exist. Run ./build.ps1 -Task Build." }
    $runByDotnet = $EmulatorPath -like '*.dll'
    $info = [System.Diagnostics.ProcessStartInfo]::new($(if ($runByDotnet) { 'dotnet' } else { $EmulatorPath }))
    Add-ProcessArgument $info (@($(if ($runByDotnet) { $EmulatorPath })) + @('--urls', 'http://127.0.0.1:0', '--api-key', $ApiKey) + $(if ($SeedPath) { '--seed', $SeedPath }) + $ArgumentList)
    $info.UseShellExecute = $false
    $info.RedirectStandardOutput = $true
    $info.RedirectStandardError = $true
    $process = [System.Diagnostics.Process]::Start($info)
    $errors = $process.StandardError.ReadToEndAsync()
    $deadline = [DateTime]::UtcNow.AddSeconds($StartTimeoutSec)
    $url = $null
    while (-not $url -and [DateTime]::UtcNow -lt $deadline) {
        $read = $process.StandardOutput.ReadLineAsync()
        if (-not $read.Wait([TimeSpan]::FromSeconds([Math]::Max(1, ($deadline - [DateTime]::UtcNow).TotalSeconds)))) { break }
        $line = $read.Result
        if ($null -eq $line) { break }
        if ($line -match '^Now listening on: (http://\S+)') { $url = $Matches[1] }
    }
    if (-not $url) {
        if (-not $process.HasExited) { $process.Kill() }
        $process.WaitForExit(5000) | Out-Null
        throw "The emulator did not start within $StartTimeoutSec s: $($errors.Result)"
    }
    [pscustomobject]@{
        PSTypeName = 'ImmutaIntegrations.Build.EmulatorProcess'
        Url        = $url
        ApiKey     = $ApiKey
        ProcessId  = $process.Id
        Process    = $process
    }
}

# The arguments of a process to start, each passed as it is: through ArgumentList where .NET has it (PowerShell 7); on
# Windows PowerShell 5.1 (.NET Framework) as one command line, quoted as the C runtime reads it.
function Add-ProcessArgument([System.Diagnostics.ProcessStartInfo] $Info, [string[]] $Argument) {
    if ($null -ne $Info.PSObject.Properties['ArgumentList']) {
        foreach ($item in $Argument) { $Info.ArgumentList.Add([string]$item) }
        return
    }
    $quoted = foreach ($item in $Argument) {
        if ($item -and $item -notmatch '[\s"]') { $item; continue }
        '"' + ([regex]::Replace([string]$item, '(\\*)("|$)', { param($m) $m.Groups[1].Value + $m.Groups[1].Value + $(if ($m.Groups[2].Value) { '\"' }) })) + '"'
    }
    $Info.Arguments = $quoted -join ' '
}

function Stop-EmulatorProcess {
    [CmdletBinding()]
    param([Parameter(Mandatory, ValueFromPipeline)] $Emulator)
    process {
        Stop-Process -Id $Emulator.ProcessId -Force -ErrorAction SilentlyContinue
        $Emulator.Process.WaitForExit(10000) | Out-Null
    }
}

<#
.SYNOPSIS
    Sets an environment variable of this process (and of the processes it starts); $null removes it. (From PowerShell,
    [Environment]::SetEnvironmentVariable(name, $null) passes an empty string, which on Linux and macOS leaves the
    variable set and empty.) Returns the value it had, $null when it was not set, to give back with this function.
    With -Variables, sets each of them and returns a hashtable of the values they had, which given back to -Variables
    puts them back.
#>
function Set-ProcessVariable {
    [CmdletBinding(DefaultParameterSetName = 'One')]
    param(
        [Parameter(Mandatory, Position = 0, ParameterSetName = 'One')] [string] $Name,
        # Not typed [string]: PowerShell would make $null an empty string.
        [Parameter(Position = 1, ParameterSetName = 'One')] [AllowNull()] $Value,
        [Parameter(Mandatory, ParameterSetName = 'Many')] [System.Collections.IDictionary] $Variables
    )
    if ($PSCmdlet.ParameterSetName -eq 'Many') {
        $before = @{}
        foreach ($key in @($Variables.Keys)) { $before[$key] = Set-ProcessVariable $key $Variables[$key] }
        return $before
    }
    $before = [Environment]::GetEnvironmentVariable($Name)
    if ($null -ne $Value) { [Environment]::SetEnvironmentVariable($Name, [string]$Value) }
    else { [Environment]::SetEnvironmentVariable($Name, [NullString]::Value) }
    $before
}

function Get-PwshCommand {
    # Run as the dotnet tool, the process is dotnet and PowerShell is pwsh.dll in $PSHOME.
    # Call it as: $pwsh = Get-PwshCommand; & $pwsh.Path $pwsh.Arguments -NoProfile ...
    $hostPath = (Get-Process -Id $PID).Path
    $dll = Join-Path $PSHOME 'pwsh.dll'
    $arguments = if ((Split-Path -Leaf $hostPath) -like 'dotnet*' -and (Test-Path -LiteralPath $dll)) { @($dll) } else { @() }
    [pscustomobject]@{ Path = $hostPath; Arguments = [string[]]$arguments }
}

Export-ModuleMember -Function Start-EmulatorProcess, Stop-EmulatorProcess, Set-ProcessVariable, Get-PwshCommand
