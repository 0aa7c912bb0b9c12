# Running the native pipeline steps as their agents run them, for the Pester tests: the GitHub Action (github-action/action.yml)
# step by step as a runner runs a composite action, and the Azure DevOps task ImmutaIntegrations@1, its compiled handler run
# by node as the agent runs a task.

Set-StrictMode -Version Latest
Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1')
Import-Module (Join-Path $PSScriptRoot 'AzureDevOpsHelpers.psm1')

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
    Runs the Azure DevOps task ImmutaIntegrations@1 as the agent runs it: its compiled handler (out/azure-devops) started by
    node with INPUT_* for each input, the service connection the input connection names as the agent gives it (ENDPOINT_*,
    its id in INPUT_CONNECTION), the job's variables and the step's env:. Returns its output lines, exit code, output
    variables, result and message, and the summary its uploadsummary lines attach.
.PARAMETER Connections
    The project's service connections by name: @{ Url; ApiKey }.
#>
function Invoke-TestTaskStep {
    param(
        [Parameter(Mandatory)] [hashtable] $Inputs,
        [Parameter(Mandatory)] [hashtable] $Connections,
        [Parameter(Mandatory)] [string] $Checkout,
        [Parameter(Mandatory)] [string] $Temp,
        [Parameter(Mandatory)] [hashtable] $Environment
    )
    $task = Get-Content -Raw -LiteralPath (Join-Path (Get-TestPath Root) 'extensions/azure-devops/tasks/ImmutaIntegrationsV1/task.json') | ConvertFrom-Json
    foreach ($name in $Inputs.Keys) { $name | Should -BeIn @($task.inputs.name) -Because 'the step gives only inputs the task has' }
    $inputs = $Inputs.Clone()
    $endpoint = $null
    $name = "$($Inputs['connection'])".Trim()
    if ($name) {
        $Connections.Keys | Should -Contain $name -Because 'the step names a service connection of the project'
        # The agent gives the task the connection's id, and the connection under it.
        $id = [guid]::NewGuid().ToString()
        $inputs['connection'] = $id
        $endpoint = @{ Id = $id; Url = $Connections[$name].Url; ApiKey = $Connections[$name].ApiKey }
    }
    $machine = Split-Path (Split-Path $Temp)
    $job = New-TestAgentJob -Parent $machine
    $job.Checkout = $Checkout
    $job.Temp = $Temp
    New-Item -ItemType Directory -Path $Temp -Force | Out-Null
    $handler = Join-Path (Get-TestAzureDevOpsExtension) 'tasks/ImmutaIntegrationsV1/index.js'
    $run = Invoke-TestAgentTask -Job $job -Script $handler -Inputs $inputs -Endpoint $endpoint -Environment $Environment
    $attached = @($run.Commands | Where-Object Command -EQ 'task.uploadsummary' | ForEach-Object Data)
    $summary = @($attached | ForEach-Object { Get-Content -Raw -LiteralPath $_ }) -join "`n"
    $run | Add-Member -Force -PassThru -NotePropertyMembers @{ Summary = $summary; SummaryFiles = $attached }
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

# What an agent sets, and what the suite sets (the tenant, the payload files' secrets): cleared in every step of a job, which
# gets only its own agent's variables and what it maps.
$script:StepCleared = 'TF_BUILD', 'BUILD_SOURCESDIRECTORY', 'SYSTEM_DEFAULTWORKINGDIRECTORY', 'BUILD_ARTIFACTSTAGINGDIRECTORY', 'PIPELINE_WORKSPACE',
    'AGENT_TEMPDIRECTORY', 'GITHUB_ACTIONS', 'GITHUB_WORKSPACE', 'GITHUB_OUTPUT', 'GITHUB_STEP_SUMMARY', 'GITHUB_ENV', 'RUNNER_TEMP', 'IMMUTA_CI_ANNOTATIONS',
    'IMMUTA_URL', 'IMMUTA_API_KEY', 'SNOWFLAKE_PASSWORD', 'DATABRICKS_TOKEN', 'BQ_KEY_PATH', 'BIGQUERY_KEY'
# The action of this repository as Get-TestAction reads it, once (Invoke-TestJobStep).
$script:Action = $null

<#
.SYNOPSIS
    A job on an agent of its own (a machine folder in the file's work folder), laid out as the agent lays it out: Azure DevOps's
    work/1/s checkout, work/1/a staging folder and work/_temp (New-TestAgentJob, with its pwsh on the tools' PATH), GitHub's
    work/repo/repo workspace and work/_temp.
.DESCRIPTION
    Returns Agent, WorkFolder, Checkout, Temp (Staging and Tools on Azure DevOps), Folder (where the payload files were checked
    out), Connections (the project's service connections, for the task), and:
    Folders      the job's folders by the names the pipeline's macros or expressions give them (Build.SourcesDirectory,
                 Agent.TempDirectory, ...; github.workspace, runner.temp);
    Values       what the steps' macros or expressions may name: the folders, and -Variables (Azure DevOps: by name, as a variable
                 group's; GitHub: as secrets.NAME);
    Environment  what every step gets: this build's module first on PSModulePath, every agent's and the suite's variables cleared
                 (nothing of this session's tenant or secrets), the agent's own variables, then -Environment (the job's env).
#>
function New-TestPipelineJob {
    param(
        [Parameter(Mandatory, Position = 0)] [ValidateSet('Azure DevOps', 'GitHub Actions')] [string] $Agent,
        # Folders of the repository whose payload files (*.yaml) the checkout holds, each at the same path.
        [string[]] $Checkout = @(),
        # The checkout's folder for them instead (a repository that keeps its payload files in integrations/).
        [string] $CheckoutAs,
        # The pipeline's variables and secrets.
        [hashtable] $Variables = @{},
        [hashtable] $Environment = @{},
        # The project's service connections by name: @{ Url; ApiKey }.
        [hashtable] $Connections = @{}
    )
    if ($Agent -eq 'Azure DevOps') {
        $job = New-TestAgentJob -Parent (Get-TestWorkFolder)
        $folders = @{
            'Pipeline.Workspace' = Split-Path $job.Checkout; 'Build.SourcesDirectory' = $job.Checkout; 'System.DefaultWorkingDirectory' = $job.Checkout
            'Build.ArtifactStagingDirectory' = $job.Staging; 'Agent.TempDirectory' = $job.Temp
        }
        $given = @{ TF_BUILD = 'True' }
        foreach ($name in $folders.Keys) { $given[$name.ToUpperInvariant().Replace('.', '_')] = $folders[$name] }
        $values = $folders.Clone()
        foreach ($name in $Variables.Keys) { $values[$name] = $Variables[$name] }
    }
    else {
        $machine = Join-Path (Get-TestWorkFolder) ([guid]::NewGuid().ToString('n'))
        $job = [pscustomobject]@{ WorkFolder = Join-Path $machine 'work'; Checkout = Join-Path $machine 'work/repo/repo'; Temp = Join-Path $machine 'work/_temp' }
        New-Item -ItemType Directory -Path $job.Checkout, $job.Temp -Force | Out-Null
        $folders = @{ 'github.workspace' = $job.Checkout; 'runner.temp' = $job.Temp }
        $given = @{ GITHUB_ACTIONS = 'true'; GITHUB_WORKSPACE = $job.Checkout; RUNNER_TEMP = $job.Temp }
        $values = $folders.Clone()
        foreach ($name in $Variables.Keys) { $values["secrets.$name"] = $Variables[$name] }
    }
    $folder = $null
    foreach ($source in $Checkout) {
        $folder = Join-Path $job.Checkout $(if ($CheckoutAs) { $CheckoutAs } else { $source })
        New-Item -ItemType Directory -Path $folder -Force | Out-Null
        Copy-Item -Path (Join-Path (Get-TestPath Root) "$source/*.yaml") -Destination $folder
    }
    if ($Checkout.Count -gt 1 -and -not $CheckoutAs) { $folder = $null }
    $stepEnvironment = Get-TestJobEnvironment
    foreach ($name in @($script:StepCleared) + @($Variables.Keys)) { $stepEnvironment[$name] = $null }
    foreach ($variables in $given, $Environment) { foreach ($name in $variables.Keys) { $stepEnvironment[$name] = $variables[$name] } }
    $job | Add-Member -PassThru -NotePropertyMembers @{
        Agent = $Agent; Folders = $folders; Values = $values; Environment = $stepEnvironment; Connections = $Connections; Folder = $folder
    }
}

<#
.SYNOPSIS
    Runs a step of a job (New-TestPipelineJob) as its agent runs it, with the job's environment and values: the task or the
    action through Invoke-TestPipelineStep (the action of this repository), a GitHub `run:` step in pwsh through
    Invoke-AgentStep, its env: expanded from the job's values. A summary the task attaches is in the agent's temporary folder.
#>
function Invoke-TestJobStep {
    param([Parameter(Mandatory, Position = 0)] $Job, [Parameter(Mandatory, Position = 1)] [hashtable] $Step)
    if ($Step.ContainsKey('run')) {
        $Job.Agent | Should -Be 'GitHub Actions' -Because 'the tests run a script step of a GitHub workflow only'
        $Step.shell | Should -Be 'pwsh'
        $environment = $Job.Environment.Clone()
        $values = $Job.Values
        foreach ($name in $(if ($Step.ContainsKey('env')) { @($Step.env.Keys) })) {
            $environment[$name] = [regex]::Replace("$($Step.env[$name])", '\$\{\{\s*(?<name>[\w.-]+)\s*\}\}', {
                    param($match)
                    $values.Keys | Should -Contain $match.Groups['name'].Value -Because "the runner gives the step $($match.Value)"
                    "$($values[$match.Groups['name'].Value])"
                })
        }
        return Invoke-AgentStep -Agent $Job.Agent -Checkout $Job.Checkout -Temp $Job.Temp -Environment $environment -Script $Step.run
    }
    if (-not $script:Action) { $script:Action = Get-TestAction }
    $run = Invoke-TestPipelineStep -Agent $Job.Agent -Step $Step -Checkout $Job.Checkout -Temp $Job.Temp -Environment $Job.Environment -Values $Job.Values `
        -Connections $Job.Connections -Action $script:Action
    if ($run.PSObject.Properties['SummaryFiles']) {
        foreach ($path in $run.SummaryFiles) { Split-Path $path | Should -Be $Job.Temp -Because 'a summary is written in the agent''s temporary folder' }
    }
    $run
}

<#
.SYNOPSIS
    The tenant as a repository's files have it: an emulator of the fixture emptied, then every integration of -Path (folders
    of the repository) created with the session's connection, each change done.
#>
function Initialize-TestTenant {
    param([Parameter(Mandatory, Position = 0)] $Tenant, [Parameter(Position = 1)] [string[]] $Path = @('examples/integrations'))
    Reset-TestEmulator $Tenant
    $folders = @($Path | ForEach-Object { Join-Path (Get-TestPath Root) $_ })
    $made = @(Sync-ImmutaIntegration -Path $folders -PollInterval 0.05 -Force)
    $made.Count | Should -Be @(Get-ChildItem -Path ($folders | ForEach-Object { Join-Path $_ '*.yaml' })).Count -Because 'an integration is made for each file'
    foreach ($item in $made) { "$($item.Outcome)" | Should -Be 'Done' -Because "the tenant is made from $($Path -join ', ')" }
}

Export-ModuleMember -Function Get-TestAction, Invoke-TestAction, Invoke-TestTaskStep, Invoke-TestPipelineStep, New-TestPipelineJob,
    Invoke-TestJobStep, Initialize-TestTenant
