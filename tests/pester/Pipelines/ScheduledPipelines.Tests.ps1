# The scheduled pipelines (examples/azure-pipelines-scheduled.yml, examples/github-scheduled.yml): valid YAML, read with
# the module's own YAML library, that runs on a schedule, and whose drift and health steps (the task ImmutaIntegrations@1,
# the action), run as the agents run them against the emulator (PipelineTaskHelpers' Invoke-TestPipelineStep; the task's
# compiled handler run by node, as the agent runs a task), pass on a tenant that matches the files
# and is healthy, and fail otherwise.

BeforeDiscovery {
    $script:Pipelines = @(
        @{ Name = 'Azure DevOps'; File = 'azure-pipelines-scheduled.yml' }
        @{ Name = 'GitHub Actions'; File = 'github-scheduled.yml' }
    )
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../Support/TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot '../Support/CheckHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot '../Support/PipelineTaskHelpers.psm1') -Force
    Import-Module (Get-TestPath Module) -Force
    $script:Root = Get-TestPath Root
    $script:ModulePath = Get-TestPath Module
    $script:Emulator = Start-TestEmulator -ApiKey 'schedule-key'
    Disconnect-Immuta
    $script:Connection = Connect-Immuta -Url $Emulator.Url -ApiKey (ConvertTo-TestSecureString 'schedule-key')
    # Given back in AfterAll as they were, so nothing of this file reaches the files run after it.
    $script:SavedEnvironment = @{ SNOWFLAKE_PASSWORD = $env:SNOWFLAKE_PASSWORD; DATABRICKS_TOKEN = $env:DATABRICKS_TOKEN }
    $env:SNOWFLAKE_PASSWORD = $env:DATABRICKS_TOKEN = 'schedule-Tq9-secret-value'
    # The service connection (Azure DevOps) and the repository's secrets (GitHub) that hold the tenant.
    $script:Connections = @{ 'immuta-production' = @{ Url = $Emulator.Url; ApiKey = 'schedule-key' } }
    $script:Values = @{ 'secrets.IMMUTA_URL' = $Emulator.Url; 'secrets.IMMUTA_API_KEY' = 'schedule-key' }
    $script:Action = Get-TestAction
    $script:Work = Join-Path ([System.IO.Path]::GetTempPath()) ("schedule-{0}" -f [guid]::NewGuid().ToString('n'))

    # The steps that run a check: name, the step, and when it runs.
    function Get-TestCheckStep([hashtable] $Pipeline) {
        if ($Pipeline.ContainsKey('schedules')) {
            $Pipeline.steps | Where-Object { $_.ContainsKey('task') } | ForEach-Object { @{ Name = $_.displayName; Step = $_; Condition = $_['condition'] } }
        }
        else {
            @($Pipeline.jobs.Values)[0].steps | Where-Object { $_['uses'] -like '*/ImmutaIntegrations/*' } | ForEach-Object { @{ Name = $_.name; Step = $_; Condition = $_['if'] } }
        }
    }

    # A step as the agent runs it, on a machine of its own: from the checkout of the repository's payload files, with the
    # agent's variables and what the step maps.
    function Invoke-TestStep([string] $Agent, [hashtable] $Check) {
        $machine = Join-Path $Work ([guid]::NewGuid().ToString('n'))
        $checkout = Join-Path $machine 's'
        $temp = Join-Path $machine '_temp'
        New-Item -ItemType Directory -Path (Join-Path $checkout 'examples/integrations'), $temp | Out-Null
        Copy-Item (Join-Path $Root 'examples/integrations/*.yaml') (Join-Path $checkout 'examples/integrations')
        $environment = @{ PSModulePath = (Split-Path $ModulePath) + [System.IO.Path]::PathSeparator + $env:PSModulePath }
        foreach ($name in 'IMMUTA_URL', 'IMMUTA_API_KEY', 'IMMUTA_CI_ANNOTATIONS', 'SNOWFLAKE_PASSWORD', 'DATABRICKS_TOKEN', 'GITHUB_ENV', 'GITHUB_OUTPUT', 'GITHUB_STEP_SUMMARY') {
            $environment[$name] = $null
        }
        $given = if ($Agent -eq 'Azure DevOps') {
            @{ TF_BUILD = 'True'; BUILD_SOURCESDIRECTORY = $checkout; SYSTEM_DEFAULTWORKINGDIRECTORY = $checkout; AGENT_TEMPDIRECTORY = $temp; GITHUB_ACTIONS = $null }
        }
        else { @{ GITHUB_ACTIONS = 'true'; GITHUB_WORKSPACE = $checkout; RUNNER_TEMP = $temp; TF_BUILD = $null } }
        foreach ($name in $given.Keys) { $environment[$name] = $given[$name] }
        Invoke-TestPipelineStep -Agent $Agent -Step $Check.Step -Checkout $checkout -Temp $temp -Environment $environment -Values $Values `
            -Connections $Connections -Action $Action
    }
}

AfterAll {
    Disconnect-Immuta -Connection $Connection
    Stop-TestEmulator $Emulator
    foreach ($name in $SavedEnvironment.Keys) { [Environment]::SetEnvironmentVariable($name, $SavedEnvironment[$name]) }
    Remove-Item -LiteralPath $Work -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'The <Name> scheduled pipeline' -ForEach $Pipelines {
    BeforeAll {
        $script:Pipeline = Read-ExamplePipeline $File
        $script:Steps = @(Get-TestCheckStep $Pipeline)
    }

    It 'runs on a schedule, and runs the drift check, then the health check even after drift, the tenant from the service connection or the secrets' {
        if ($Pipeline.ContainsKey('schedules')) {
            $schedule = $Pipeline.schedules[0]
            $schedule.always | Should -Be 'true' -Because 'drift and health come from the tenant, not from a push'
            $schedule.branches.include | Should -Contain 'main'
            $Pipeline.trigger | Should -Be 'none'
            $Pipeline.pr | Should -Be 'none'
            $Steps[1].Condition | Should -Be 'succeededOrFailed()'
        }
        else {
            $schedule = $Pipeline.on.schedule[0]
            $Pipeline.on.Keys | Should -Contain 'workflow_dispatch'
            $Steps[1].Condition | Should -Be '${{ !cancelled() }}'
        }
        $schedule.cron -split '\s+' | Should -HaveCount 5
        $Steps.Name | Should -Be @('Drift', 'Health')
        $inputs = if ($Name -eq 'Azure DevOps') { 'inputs' } else { 'with' }
        $drift, $health = $Steps.Step
        $drift[$inputs].command | Should -Be 'drift'
        $drift[$inputs].path | Should -Be 'examples/integrations'
        $drift[$inputs].prune | Should -Be 'true'
        $health[$inputs].command | Should -Be 'health'
        foreach ($step in $drift, $health) {
            $step.Keys | Should -Not -Contain 'env' -Because 'neither check needs the files'' secrets'
            if ($Name -eq 'Azure DevOps') { $step.inputs.connection | Should -Be 'immuta-production' }
            else { @($step.with.url, $step.with['api-key']) | Should -Be @('${{ secrets.IMMUTA_URL }}', '${{ secrets.IMMUTA_API_KEY }}') }
        }
    }

    It 'passes on a tenant that matches the files and is healthy, and fails with drift and with an unwell integration' {
        $drift, $health = $Steps
        Reset-TestEmulator $Emulator
        Sync-ImmutaIntegration -Path (Join-Path $Root 'examples/integrations') -PollInterval 0.05 | Out-Null

        $matching = Invoke-TestStep $Name $drift
        $healthy = Invoke-TestStep $Name $health

        $matching.Result | Should -Be 'Succeeded' -Because ($matching.Output -join "`n")
        $matching.Output | Should -Contain 'Drift: none; the tenant matches the files.'
        $healthy.Result | Should -Be 'Succeeded' -Because ($healthy.Output -join "`n")

        # By hand: the Snowflake warehouse changed, and a Redshift integration whose creation failed.
        $changed = New-TestRepository
        try {
            Edit-TestFile (Join-Path $changed 'snowflake-acme.yaml') 'IMMUTA_WH' 'HAND_WH'
            Sync-ImmutaIntegration -Path $changed -PollInterval 0.05 | Out-Null
        }
        finally { Remove-Item -LiteralPath $changed -Recurse -Force }
        $redshift = Get-TestPayload redshift
        $redshift.config.password = 'fail-on-create'
        New-ImmutaIntegration -Payload $redshift -Force | Out-Null

        $drifted = Invoke-TestStep $Name $drift
        $unwell = Invoke-TestStep $Name $health

        $drifted.Result | Should -Be 'Failed' -Because ($drifted.Output -join "`n")
        $drifted.Output | Should -Contain 'Drift: 2 integration(s) no longer match the files.'
        $drifted.Outputs[$(if ($Name -eq 'Azure DevOps') { 'changesPresent' } else { 'changes-present' })] | Should -Be 'true'
        $drifted.Summary | Should -Match '(?m)^0 to create, 1 to update, 0 to replace, 1 to delete, 2 unchanged$'
        $unwell.Result | Should -Be 'Failed' -Because ($unwell.Output -join "`n")
        $unwell.Output | Should -Contain 'Health: 4 integration(s), 1 unhealthy.'
        $unwell.Summary | Should -Match '(?m)^3 healthy, 1 unhealthy$'
    }
}
