# Running the native pipeline steps as their agents run them, for the Pester tests: the GitHub Action (github-action/action.yml)
# step by step as a runner runs a composite action, and the Azure DevOps task ImmutaIntegrations@1 through the script its
# handler runs (pipelines/Invoke-ImmutaCommand.ps1).

Set-StrictMode -Version Latest
Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1')

<#
.SYNOPSIS
    A YAML file of the repository read with the module's own YAML library, in a fresh pwsh, handed back through JSON as
    hashtables (as Read-ExamplePipeline reads examples/).
#>
function Read-TestYamlFile {
    param([Parameter(Mandatory)] [string] $Path)
    $run = Invoke-FreshPwsh -Script @"
Add-Type -LiteralPath '$(Join-Path (Get-TestPath Module) 'Dependencies/YamlDotNet.dll')'
`$text = Get-Content -Raw -LiteralPath '$Path'
[YamlDotNet.Serialization.DeserializerBuilder]::new().Build().Deserialize([System.IO.StringReader]::new(`$text)) | ConvertTo-Json -Depth 30 -Compress
"@
    if ($run.ExitCode -ne 0) { throw "$Path is not valid YAML: $($run.Output -join "`n")" }
    $run.Output -join '' | ConvertFrom-Json -AsHashtable
}

<#
.SYNOPSIS
    The GitHub Action of the repository: its folder (what the runner gives as github.action_path) and action.yml as read.
#>
function Get-TestAction {
    $folder = Join-Path (Get-TestPath Root) 'github-action'
    [pscustomobject]@{ Folder = $folder; Definition = Read-TestYamlFile (Join-Path $folder 'action.yml') }
}

# The name=value lines and name<<DELIMITER blocks of a runner's file command (GITHUB_OUTPUT, GITHUB_ENV).
function ConvertFrom-TestFileCommand([string] $Text) {
    $values = @{}
    $lines = @("$Text" -split "`r?`n")
    for ($i = 0; $i -lt $lines.Count; $i++) {
        if ($lines[$i] -match '^(?<name>[^=<]+)<<(?<delimiter>.+)$') {
            $value = @()
            for ($i++; $i -lt $lines.Count -and $lines[$i] -ne $Matches.delimiter; $i++) { $value += $lines[$i] }
            if ($i -ge $lines.Count) { throw "The file command's value $($Matches.name) has no closing delimiter." }
            $values[$Matches.name] = $value -join "`n"
        }
        elseif ($lines[$i] -match '^(?<name>[^=]+)=(?<value>.*)$') { $values[$Matches.name] = $Matches.value }
        elseif ($lines[$i]) { throw "Not a file command line: $($lines[$i])" }
    }
    $values
}

<#
.SYNOPSIS
    Runs the GitHub Action's steps as a runner runs a composite action, and returns what the job sees of it.
.DESCRIPTION
    The inputs are -With (each a name action.yml declares; values as the workflow's expressions gave them) or else the
    input's default. Each step, in order: a `run:` with `shell: pwsh`, through Invoke-AgentStep (GitHub's wrapper, a
    fresh GITHUB_OUTPUT and GITHUB_STEP_SUMMARY) with a fresh GITHUB_ENV too, from the workspace (-Checkout); its
    environment is -Environment (the job's and the calling step's env), GITHUB_ACTION_PATH, what earlier steps wrote to
    GITHUB_ENV, then its own env: with ${{ inputs.* }}, ${{ github.action_path }}, ${{ github.workspace }},
    ${{ runner.temp }} and ${{ steps.<id>.outputs.<name> }} evaluated. A step that fails ends the action (no step of it
    runs always()). The action's outputs are its outputs: expressions, evaluated at the end.

    Returns Output (every step's lines, in order), ExitCode (the last step run), Outputs (the action's), Summary (every
    step's summary), OutputFile (every step's GITHUB_OUTPUT text) and Steps (each step's run, with its Id and Name).
#>
function Invoke-TestAction {
    param(
        [Parameter(Mandatory)] $Action,
        [Parameter(Mandatory)] [string] $Checkout,
        [Parameter(Mandatory)] [string] $Temp,
        [Parameter(Mandatory)] [hashtable] $Environment,
        [hashtable] $With = @{}
    )
    $definition = $Action.Definition
    $definition.runs.using | Should -Be 'composite'
    $inputs = @{}
    foreach ($name in $definition.inputs.Keys) {
        $declared = $definition.inputs[$name]
        $inputs[$name] = if ($With.ContainsKey($name)) { "$($With[$name])" } elseif ($declared.ContainsKey('default')) { "$($declared.default)" } else { '' }
    }
    foreach ($name in $With.Keys) { $name | Should -BeIn @($definition.inputs.Keys) -Because 'the workflow gives only inputs the action declares' }
    $context = @{ 'github.action_path' = $Action.Folder; 'github.workspace' = $Checkout; 'runner.temp' = $Temp }
    $stepOutputs = @{}
    $evaluate = {
        param([string] $Text)
        [regex]::Replace($Text, '\$\{\{\s*(?<e>[^}]+?)\s*\}\}', {
                param($match)
                $expression = $match.Groups['e'].Value
                if ($expression -match '^inputs\.(?<name>[\w-]+)$') {
                    $inputs.Keys | Should -Contain $Matches.name -Because "$expression names an input of the action"
                    return $inputs[$Matches.name]
                }
                if ($expression -match '^steps\.(?<id>[\w-]+)\.outputs\.(?<name>[\w-]+)$') {
                    if (-not $stepOutputs.ContainsKey($Matches.id)) { return '' }
                    return "$($stepOutputs[$Matches.id][$Matches.name])"
                }
                if ($context.ContainsKey($expression)) { return $context[$expression] }
                throw "The runner of the tests does not evaluate `${{ $expression }}."
            })
    }

    $commands = Join-Path $Temp '_runner_file_commands'
    New-Item -ItemType Directory -Path $commands -Force | Out-Null
    $written = @{}
    $runs = @()
    foreach ($step in $definition.runs.steps) {
        $step.Keys | Should -Not -Contain 'if' -Because 'the runner of the tests runs every step until one fails'
        $step.shell | Should -Be 'pwsh' -Because 'every step of the action runs in pwsh, on any runner'
        $environment = $Environment.Clone()
        $environment.GITHUB_ACTION_PATH = $Action.Folder
        foreach ($name in $written.Keys) { $environment[$name] = $written[$name] }
        if ($step.ContainsKey('env')) { foreach ($name in $step.env.Keys) { $environment[$name] = & $evaluate "$($step.env[$name])" } }
        $environment.GITHUB_ENV = Join-Path $commands "set_env_$([guid]::NewGuid().ToString('n'))"
        New-Item -ItemType File -Path $environment.GITHUB_ENV | Out-Null
        $script = & $evaluate $step.run
        $run = Invoke-AgentStep -Agent 'GitHub Actions' -Checkout $Checkout -Temp $Temp -Environment $environment -Script $script
        $set = ConvertFrom-TestFileCommand (Get-Content -Raw -LiteralPath $environment.GITHUB_ENV)
        foreach ($name in $set.Keys) { $written[$name] = $set[$name] }
        if ($step.ContainsKey('id')) { $stepOutputs[$step.id] = $run.Outputs }
        $runs += $run | Add-Member -PassThru -NotePropertyMembers @{ Id = $step['id']; Name = $step['name']; EnvFile = $set }
        if ($run.ExitCode -ne 0) { break }
    }
    $outputs = @{}
    foreach ($name in $definition.outputs.Keys) { $outputs[$name] = & $evaluate "$($definition.outputs[$name].value)" }
    [pscustomobject]@{
        Output = @($runs | ForEach-Object { $_.Output }); ExitCode = $runs[-1].ExitCode; Outputs = $outputs
        Summary = (@($runs | ForEach-Object Summary) -join ''); OutputFile = (@($runs | ForEach-Object OutputFile) -join ''); Steps = $runs
    }
}

<#
.SYNOPSIS
    Runs the Azure DevOps task ImmutaIntegrations@1 of a pipeline step as its handler runs it: pipelines/Invoke-ImmutaCommand.ps1
    (the script the task ships, with the module built in out/) with the step's inputs as its parameters, and the service
    connection's URL and key as IMMUTA_URL and IMMUTA_API_KEY.
.DESCRIPTION
    A stand-in for the task's handler while the handler is written elsewhere: it runs the same script with the inputs
    mapped as the handler maps them, and reads the script's result file for what the handler sets (the output variables
    changesPresent, planFile, changesDone, changesFailed, and the task's result); switch the tests to the compiled
    handler once it is there. -Inputs are the step's inputs (macros already expanded), each one of the task's; -Connections
    the service connections by name (@{ Url; ApiKey }). The step runs from -Checkout with exactly -Environment (the
    agent's variables and the step's env:) and the tenant; the result file goes to the agent's temporary folder (-Temp).

    Returns what Invoke-AgentStep returns (Output, ExitCode, Summary, SummaryFiles) with Outputs, the output variables,
    and Result: Succeeded, SucceededWithIssues or Failed.
#>
function Invoke-TestTaskStep {
    param(
        [Parameter(Mandatory)] [hashtable] $Inputs,
        [Parameter(Mandatory)] [hashtable] $Connections,
        [Parameter(Mandatory)] [string] $Checkout,
        [Parameter(Mandatory)] [string] $Temp,
        [Parameter(Mandatory)] [hashtable] $Environment
    )
    $known = 'connection', 'command', 'path', 'planFile', 'prune', 'allowReplace', 'throttleLimit', 'rotateSecret', 'types', 'onFailure'
    foreach ($name in $Inputs.Keys) { $name | Should -BeIn $known -Because 'the step gives only inputs the task has' }
    $value = { param($name, $default) if ($Inputs.ContainsKey($name) -and "$($Inputs[$name])".Trim()) { "$($Inputs[$name])".Trim() } else { $default } }
    $list = { param($name) @("$(& $value $name '')" -split '[\r\n,]+' | ForEach-Object { $_.Trim() } | Where-Object { $_ }) }
    $quote = { param($text) "'" + $text.Replace("'", "''") + "'" }
    $switch = {
        param($name)
        $text = & $value $name 'false'
        $text | Should -BeIn 'true', 'false' -Because "$name is a boolean input"
        $text -eq 'true'
    }

    $command = & $value 'command' 'plan'
    $command | Should -BeIn 'validate', 'plan', 'apply', 'drift', 'health'
    $resultFile = Join-Path $Temp "immuta-result-$([guid]::NewGuid().ToString('n')).json"
    New-Item -ItemType Directory -Path $Temp -Force | Out-Null
    $paths = @(& $list 'path')
    if (-not $paths) { $paths = @('integrations') }
    $arguments = @("-Command $command", "-Path $(($paths | ForEach-Object { & $quote $_ }) -join ',')")
    if (& $value 'planFile' '') { $arguments += "-PlanFile $(& $quote (& $value 'planFile' ''))" }
    if (& $switch 'prune') { $arguments += '-Prune' }
    if (& $switch 'allowReplace') { $arguments += '-AllowReplace' }
    if (& $value 'throttleLimit' '') { $arguments += "-ThrottleLimit $([int](& $value 'throttleLimit' ''))" }
    if (& $list 'rotateSecret') { $arguments += "-RotateSecret $((& $list 'rotateSecret' | ForEach-Object { & $quote $_ }) -join ',')" }
    if (& $list 'types') { $arguments += "-Type $((& $list 'types' | ForEach-Object { & $quote $_ }) -join ',')" }
    $arguments += "-OnFailure $(& $value 'onFailure' 'fail')"

    $environment = $Environment.Clone()
    $connection = & $value 'connection' ''
    if ($command -ne 'validate') { $Connections.Keys | Should -Contain $connection -Because 'the step names a service connection of the project' }
    if ($connection) { $environment.IMMUTA_URL = $Connections[$connection].Url; $environment.IMMUTA_API_KEY = $Connections[$connection].ApiKey }
    $script = (Join-Path (Get-TestPath Root) 'pipelines/Invoke-ImmutaCommand.ps1')
    $run = Invoke-AgentStep -Agent 'Azure DevOps' -Checkout $Checkout -Environment $environment -Script (
        "& $(& $quote $script) $($arguments -join ' ') -ResultFile $(& $quote $resultFile) -ModulePath $(& $quote (Get-TestPath Module))")

    $result = Get-Content -Raw -LiteralPath $resultFile | ConvertFrom-Json
    Remove-Item -LiteralPath $resultFile
    $outputs = @{
        changesPresent = $(if ($result.changesPresent) { 'true' } else { 'false' }); planFile = "$($result.planFile)"
        changesDone = "$($result.done)"; changesFailed = "$($result.failed)"
    }
    $run | Add-Member -Force -PassThru -NotePropertyMembers @{ Outputs = $outputs; Result = $result.outcome; Message = $result.message }
}

<#
.SYNOPSIS
    Runs a pipeline's step that uses the task (Azure DevOps: task: ImmutaIntegrations@1) or the action (GitHub: uses:
    <owner>/ImmutaIntegrations/github-action@v<major>), as read from the pipeline's YAML, the way its agent runs it.
.DESCRIPTION
    The step's inputs (inputs:, with:) and env: are expanded as the agent expands them: Azure DevOps's macros $(NAME), GitHub's
    expressions ${{ NAME }}, each NAME a key of -Values (a variable, a secret as secrets.NAME, a folder such as
    Build.ArtifactStagingDirectory or runner.temp); one that -Values does not hold fails the test. The task runs through
    Invoke-TestTaskStep with -Connections, the action through Invoke-TestAction (the action of this repository).

    Returns the run (Output, ExitCode, Outputs, Summary, ...) with Result: the task's result, or for the action
    Failed when a step failed, SucceededWithIssues when it ended with its warning annotation, else Succeeded.
#>
function Invoke-TestPipelineStep {
    param(
        [Parameter(Mandatory)] [ValidateSet('Azure DevOps', 'GitHub Actions')] [string] $Agent,
        [Parameter(Mandatory)] [hashtable] $Step,
        [Parameter(Mandatory)] [string] $Checkout,
        [Parameter(Mandatory)] [string] $Temp,
        [Parameter(Mandatory)] [hashtable] $Environment,
        [Parameter(Mandatory)] [hashtable] $Values,
        [hashtable] $Connections = @{},
        $Action
    )
    $pattern = if ($Agent -eq 'Azure DevOps') { '\$\((?<name>[\w.-]+)\)' } else { '\$\{\{\s*(?<name>[\w.-]+)\s*\}\}' }
    $expand = {
        param([string] $Text)
        [regex]::Replace($Text, $pattern, {
                param($match)
                $name = $match.Groups['name'].Value
                $Values.Keys | Should -Contain $name -Because "the agent gives the step $($match.Value)"
                "$($Values[$name])"
            })
    }
    $environment = $Environment.Clone()
    if ($Step.ContainsKey('env')) { foreach ($name in $Step.env.Keys) { $environment[$name] = & $expand "$($Step.env[$name])" } }
    if ($Agent -eq 'Azure DevOps') {
        $Step.task | Should -Be 'ImmutaIntegrations@1'
        $inputs = @{}
        foreach ($name in $Step.inputs.Keys) { $inputs[$name] = & $expand "$($Step.inputs[$name])" }
        return Invoke-TestTaskStep -Inputs $inputs -Connections $Connections -Checkout $Checkout -Temp $Temp -Environment $environment
    }
    $Step.uses | Should -Match '^[\w.-]+/ImmutaIntegrations/github-action@v\d+$'
    if (-not $Action) { $Action = Get-TestAction }
    $with = @{}
    if ($Step.ContainsKey('with')) { foreach ($name in $Step.with.Keys) { $with[$name] = & $expand "$($Step.with[$name])" } }
    $run = Invoke-TestAction -Action $Action -Checkout $Checkout -Temp $Temp -Environment $environment -With $with
    # The action finds the module on PSModulePath: the build's, not a copy of the same version installed for the user.
    foreach ($line in $run.Output -match '^ImmutaIntegrations module: ') {
        $line | Should -Be "ImmutaIntegrations module: $(Join-Path (Get-TestPath Module) 'ImmutaIntegrations.psd1')"
    }
    $result = if ($run.ExitCode -ne 0) { 'Failed' } elseif ($run.Output -match '^::warning title=ImmutaIntegrations') { 'SucceededWithIssues' } else { 'Succeeded' }
    $run | Add-Member -PassThru -NotePropertyMembers @{ Result = $result }
}

Export-ModuleMember -Function Read-TestYamlFile, Get-TestAction, Invoke-TestAction, Invoke-TestTaskStep, Invoke-TestPipelineStep
