# ImmutaIntegrations@1 and the GitHub Action in the example scheduled pipelines (Compare-ImmutaIntegration as a drift check,
# Test-ImmutaIntegrationHealth).
#
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
    Import-Module (Join-Path $PSScriptRoot '../Support/TestFixture.psm1')
    # The commands this file runs in its own session (setting up the tenant) read the files' secrets.
    $script:Emulator = Start-TestFixture -ApiKey 'schedule-key' -Environment @{
        SNOWFLAKE_PASSWORD = 'schedule-Tq9-secret-value'; DATABRICKS_TOKEN = 'schedule-Tq9-secret-value'
    }
    Import-Module (Join-Path $PSScriptRoot '../Support/PipelineTaskHelpers.psm1') -Force
    # The service connection (Azure DevOps) and the repository's secrets (GitHub) that hold the tenant.
    $script:Connections = @{ 'immuta-production' = @{ Url = $Emulator.Url; ApiKey = $Emulator.ApiKey } }
    $script:Secrets = @{ IMMUTA_URL = $Emulator.Url; IMMUTA_API_KEY = $Emulator.ApiKey }

    # The steps that run a check: name, the step, and when it runs.
    function Get-TestCheckStep([hashtable] $Pipeline) {
        if ($Pipeline.ContainsKey('schedules')) {
            $Pipeline.steps | Where-Object { $_.ContainsKey('task') } | ForEach-Object { @{ Name = $_.displayName; Step = $_; Condition = $_['condition'] } }
        }
        else {
            @($Pipeline.jobs.Values)[0].steps | Where-Object { $_['uses'] -like '*/ImmutaIntegrations/*' } | ForEach-Object { @{ Name = $_.name; Step = $_; Condition = $_['if'] } }
        }
    }
}

AfterAll { Stop-TestFixture }

Describe 'ImmutaIntegrations@1 and the GitHub Action: the <Name> scheduled pipeline' -ForEach $Pipelines {
    BeforeAll {
        # Each step on a machine of its own, from the checkout of the repository's payload files.
        $script:Job = @{ Agent = $Name; Checkout = 'examples/integrations'; Variables = $Secrets; Connections = $Connections }
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
        Initialize-TestTenant $Emulator

        $matching = Invoke-TestJobStep (New-TestPipelineJob @Job) $drift.Step
        $healthy = Invoke-TestJobStep (New-TestPipelineJob @Job) $health.Step

        $matching.Result | Should -Be 'Succeeded' -Because ($matching.Output -join "`n")
        $matching.Output | Should -Contain 'Drift: none; the tenant matches the files.'
        $healthy.Result | Should -Be 'Succeeded' -Because ($healthy.Output -join "`n")

        # By hand: the Snowflake warehouse changed, and a Redshift integration whose creation failed.
        $changed = New-TestRepository
        Edit-TestFile (Join-Path $changed 'snowflake-acme.yaml') 'IMMUTA_WH' 'HAND_WH'
        Sync-ImmutaIntegration -Path $changed -PollInterval 0.05 | Out-Null
        $redshift = Get-TestPayload redshift
        $redshift.config.password = 'fail-on-create'
        New-ImmutaIntegration -Payload $redshift -Force | Out-Null

        $drifted = Invoke-TestJobStep (New-TestPipelineJob @Job) $drift.Step
        $unwell = Invoke-TestJobStep (New-TestPipelineJob @Job) $health.Step

        $drifted.Result | Should -Be 'Failed' -Because ($drifted.Output -join "`n")
        $drifted.Output | Should -Contain 'Drift: 2 integration(s) no longer match the files.'
        $drifted.Outputs[$(if ($Name -eq 'Azure DevOps') { 'changesPresent' } else { 'changes-present' })] | Should -Be 'true'
        $drifted.Summary | Should -Match '(?m)^0 to create, 1 to update, 0 to replace, 1 to delete, 2 unchanged$'
        $unwell.Result | Should -Be 'Failed' -Because ($unwell.Output -join "`n")
        $unwell.Output | Should -Contain 'Health: 4 integration(s), 1 unhealthy.'
        $unwell.Summary | Should -Match '(?m)^3 healthy, 1 unhealthy$'
    }
}
