# Shared by the Azure DevOps extension's tests: the assembled extension (out/azure-devops), a job's folders as the agent lays
# them out, the task's handler run by node with the environment the agent gives a task, and the logging commands it printed.

Set-StrictMode -Version Latest

$script:Root = (Resolve-Path (Join-Path $PSScriptRoot '../../..')).Path
Import-Module (Join-Path $script:Root 'build/BuildTools.psm1')
Import-Module (Join-Path $script:Root 'build/AzureDevOps.psm1') -Force

<#
.SYNOPSIS
    The assembled extension's folder, out/azure-devops (build.ps1 -Task Test assembles it), assembled again first when it is
    missing or older than what it is made of (the handler's sources, task.json, the manifest, the script, the build's steps,
    the built module).
#>
function Get-TestAzureDevOpsExtension {
    $extension = Join-Path $script:Root 'out/azure-devops'
    $handler = Join-Path $extension 'tasks/ImmutaIntegrationsV1/index.js'
    $sources = @(Get-ChildItem -File -Recurse -LiteralPath (Join-Path $script:Root 'extensions/azure-devops/src'), (Join-Path $script:Root 'extensions/azure-devops/tasks')) +
        @(Get-Item -LiteralPath (Join-Path $script:Root 'extensions/azure-devops/vss-extension.json'), (Join-Path $script:Root 'extensions/azure-devops/package-lock.json'),
            (Join-Path $script:Root 'pipelines/Invoke-ImmutaCommand.ps1'), (Join-Path $script:Root 'build/AzureDevOps.psm1'),
            (Join-Path $script:Root 'out/ImmutaIntegrations/ImmutaIntegrations.dll'))
    $built = if (Test-Path -LiteralPath $handler) { (Get-Item -LiteralPath $handler).LastWriteTimeUtc } else { [datetime]::MinValue }
    if ($sources | Where-Object LastWriteTimeUtc -GT $built) { Build-AzureDevOpsTask -Destination $extension | Out-Null }
    $extension
}

<#
.SYNOPSIS
    A job's folders as the agent lays them out (work/1/s the checkout, work/_temp its temporary folder), and a folder for the
    agent's tools whose pwsh is this PowerShell, as an agent with PowerShell 7 on its PATH has it.
#>
function New-TestAgentJob {
    param([Parameter(Mandatory)] [string] $Parent)
    $machine = Join-Path $Parent ([guid]::NewGuid().ToString('n').Substring(0, 8))
    $job = [pscustomobject]@{
        WorkFolder = Join-Path $machine 'work'; Checkout = Join-Path $machine 'work/1/s'; Temp = Join-Path $machine 'work/_temp'
        Staging = Join-Path $machine 'work/1/a'; Tools = Join-Path $machine 'tools'
    }
    New-Item -ItemType Directory -Path $job.Checkout, $job.Temp, $job.Staging, $job.Tools -Force | Out-Null
    $pwsh = Get-PwshCommand
    $command = (@($pwsh.Path) + $pwsh.Arguments | ForEach-Object { "`"$_`"" }) -join ' '
    if ($IsWindows) { Set-Content -LiteralPath (Join-Path $job.Tools 'pwsh.cmd') -Value "@$command %*" -Encoding ascii }
    else {
        $shim = Join-Path $job.Tools 'pwsh'
        Set-Content -LiteralPath $shim -Value "#!/bin/sh`nexec $command `"`$@`"" -Encoding ascii
        [System.IO.File]::SetUnixFileMode($shim, [System.IO.UnixFileMode]'UserRead, UserWrite, UserExecute, GroupRead, GroupExecute, OtherRead, OtherExecute')
    }
    $job
}

<#
.SYNOPSIS
    Runs the task's handler (or -Script, such as a mock run) with node, as the agent runs a task: INPUT_<NAME> for each input,
    the service connection's ENDPOINT_* variables, the agent's SYSTEM_*, AGENT_* and BUILD_* variables and TF_BUILD, in a
    process environment with nothing of this one's agent or tenant variables. Returns its output and error lines, its exit
    code, the logging commands it printed, its output variables and its result.
#>
function Invoke-TestAgentTask {
    param(
        [Parameter(Mandatory)] $Job,
        [Parameter(Mandatory)] [string[]] $Script,
        [hashtable] $Inputs = @{},
        # @{ Id; Url; ApiKey }: the service connection the input connection names. ApiKey $null: a connection without one.
        [hashtable] $Endpoint,
        # What the step maps with env: (the payload files' secrets).
        [hashtable] $Environment = @{},
        [int] $TimeoutSec = 300
    )
    $start = [System.Diagnostics.ProcessStartInfo]::new('node')
    foreach ($argument in $Script) { $start.ArgumentList.Add($argument) }
    $start.WorkingDirectory = $Job.WorkFolder
    $start.RedirectStandardOutput = $start.RedirectStandardError = $start.RedirectStandardInput = $true
    $start.UseShellExecute = $false
    $variables = $start.Environment
    foreach ($name in @($variables.Keys)) {
        if ($name -match '^(IMMUTA_|INPUT_|ENDPOINT_|SECRET_|SYSTEM_|AGENT_|BUILD_|TF_BUILD$|GITHUB_|RUNNER_|PIPELINE_WORKSPACE$)') { $variables.Remove($name) | Out-Null }
    }
    $variables['PATH'] = $Job.Tools + [System.IO.Path]::PathSeparator + $variables['PATH']
    $agent = @{
        TF_BUILD = 'True'; SYSTEM_HOSTTYPE = 'build'; SYSTEM_CULTURE = 'en-US'; SYSTEM_DEFAULTWORKINGDIRECTORY = $Job.Checkout
        BUILD_SOURCESDIRECTORY = $Job.Checkout; BUILD_ARTIFACTSTAGINGDIRECTORY = $Job.Staging; AGENT_TEMPDIRECTORY = $Job.Temp
        AGENT_WORKFOLDER = $Job.WorkFolder; AGENT_OS = $(if ($IsWindows) { 'Windows_NT' } elseif ($IsMacOS) { 'Darwin' } else { 'Linux' })
    }
    foreach ($name in $agent.Keys) { $variables[$name] = $agent[$name] }
    # An input's variable: its name upper-cased, dots and spaces as underscores.
    foreach ($name in $Inputs.Keys) { $variables['INPUT_' + $name.ToUpperInvariant().Replace('.', '_').Replace(' ', '_')] = [string]$Inputs[$name] }
    if ($Endpoint) {
        $id = $Endpoint.Id
        $variables["ENDPOINT_URL_$id"] = $Endpoint.Url
        $parameters = @{}
        if ($null -ne $Endpoint.ApiKey) { $parameters.apitoken = $Endpoint.ApiKey; $variables["ENDPOINT_AUTH_PARAMETER_${id}_APITOKEN"] = $Endpoint.ApiKey }
        $variables["ENDPOINT_AUTH_$id"] = @{ parameters = $parameters; scheme = 'Token' } | ConvertTo-Json -Compress
        $variables["ENDPOINT_AUTH_SCHEME_$id"] = 'Token'
    }
    foreach ($name in $Environment.Keys) { $variables[$name] = $Environment[$name] }

    $process = [System.Diagnostics.Process]::Start($start)
    $process.StandardInput.Close()
    $errors = $process.StandardError.ReadToEndAsync()
    $output = $process.StandardOutput.ReadToEndAsync()
    if (-not $process.WaitForExit($TimeoutSec * 1000)) {
        $process.Kill($true)
        throw "node $($Script -join ' ') did not end within $TimeoutSec s."
    }
    $process.WaitForExit()
    $lines = @($output.GetAwaiter().GetResult() -split '\r?\n' | Where-Object { $_ })
    $commands = @($lines | ConvertFrom-TestVsoCommand)
    $outputs = @{}
    foreach ($setting in $commands | Where-Object { $_.Command -eq 'task.setvariable' -and $_.Properties['isOutput'] -eq 'true' }) {
        $outputs[$setting.Properties['variable']] = $setting.Data
    }
    $complete = @($commands | Where-Object Command -EQ 'task.complete')
    [pscustomobject]@{
        Output = $lines
        Errors = @($errors.GetAwaiter().GetResult() -split '\r?\n' | Where-Object { $_ })
        ExitCode = $process.ExitCode
        Commands = $commands
        Outputs = $outputs
        Result = $(if ($complete) { $complete[-1].Properties['result'] })
        Message = $(if ($complete) { $complete[-1].Data })
        Issues = @($commands | Where-Object { $_.Command -in 'task.logissue', 'task.issue' })
    }
}

<#
.SYNOPSIS
    The logging commands among output lines (##vso[area.action key=value;...]data), with their data and properties unescaped.
#>
function ConvertFrom-TestVsoCommand {
    param([Parameter(ValueFromPipeline)] [string] $Line)
    process {
        $match = [regex]::Match($Line, '^##vso\[(?<command>[^\s\]]+)(?: (?<properties>[^\]]*))?\](?<data>.*)$')
        if (-not $match.Success) { return }
        $unescape = { param($text) $text.Replace('%0D', "`r").Replace('%0A', "`n").Replace('%5D', ']').Replace('%3B', ';').Replace('%AZP25', '%') }
        $properties = @{}
        foreach ($property in $match.Groups['properties'].Value -split ';' | Where-Object { $_ }) {
            $name, $value = $property -split '=', 2
            $properties[$name] = & $unescape "$value"
        }
        [pscustomobject]@{ Command = $match.Groups['command'].Value; Properties = $properties; Data = & $unescape $match.Groups['data'].Value; Line = $Line }
    }
}

Export-ModuleMember -Function Get-TestAzureDevOpsExtension, New-TestAgentJob, Invoke-TestAgentTask, ConvertFrom-TestVsoCommand
