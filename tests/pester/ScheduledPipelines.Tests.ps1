# The scheduled pipelines (examples/azure-pipelines-scheduled.yml, examples/github-scheduled.yml): valid YAML, read with
# the module's own YAML library, that runs on a schedule, and whose drift and health steps, run as the agents run them
# against the emulator, pass on a tenant that matches the files and is healthy, and fail otherwise.

BeforeDiscovery {
    $script:Pipelines = @(
        @{ Name = 'Azure DevOps'; File = 'azure-pipelines-scheduled.yml' }
        @{ Name = 'GitHub Actions'; File = 'github-scheduled.yml' }
    )
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'CheckHelpers.psm1') -Force
    Import-Module (Get-TestPath Module) -Force
    $script:Root = Get-TestPath Root
    $script:ModulePath = Get-TestPath Module
    $script:Emulator = Start-TestEmulator -ApiKey 'schedule-key'
    Disconnect-Immuta
    $script:Connection = Connect-Immuta -Url $Emulator.Url -ApiKey (ConvertTo-TestSecureString 'schedule-key')
    # Given back in AfterAll as they were, so nothing of this file reaches the files run after it.
    $script:SavedEnvironment = @{ SNOWFLAKE_PASSWORD = $env:SNOWFLAKE_PASSWORD; DATABRICKS_TOKEN = $env:DATABRICKS_TOKEN }
    $env:SNOWFLAKE_PASSWORD = $env:DATABRICKS_TOKEN = 'schedule-Tq9-secret-value'
    # The pipeline's variables and secrets, as the agent gives them to a step.
    $script:Variables = @{ IMMUTA_URL = $Emulator.Url; IMMUTA_API_KEY = 'schedule-key' }

    # The steps that run a check: name, command line, the variables they map, and when they run.
    function Get-TestCheckStep([hashtable] $Pipeline) {
        if ($Pipeline.ContainsKey('schedules')) {
            $Pipeline.steps | Where-Object { $_.ContainsKey('script') } |
                ForEach-Object { @{ Name = $_.displayName; Command = $_.script; Env = $_.env; Condition = $_.condition } }
        }
        else {
            @($Pipeline.jobs.Values)[0].steps | Where-Object { $_.ContainsKey('run') -and $_.run -like 'pwsh *' } |
                ForEach-Object { @{ Name = $_.name; Command = $_.run; Env = $_.env; Condition = $_.if } }
        }
    }

    # A step as the agent runs it: its command line (`pwsh -NoProfile -File ...`) from the repository's root, with the
    # variables it maps, and the module installed by the step before it.
    function Invoke-TestStep([hashtable] $Step) {
        $environment = @{ PSModulePath = (Split-Path $ModulePath) + [System.IO.Path]::PathSeparator + $env:PSModulePath }
        foreach ($name in $Step.Env.Keys) {
            $variable = [regex]::Match($Step.Env[$name], '^(?:\$\((?<v>\w+)\)|\$\{\{ secrets\.(?<v>\w+) \}\})$').Groups['v'].Value
            $variable | Should -Not -BeNullOrEmpty -Because "$name maps a variable"
            $environment[$name] = $Variables[$variable]
        }
        $command, $arguments = $Step.Command -split '\s+'
        $command | Should -Be 'pwsh'
        Invoke-CheckPwsh -ArgumentList $arguments -Environment $environment
    }
}

AfterAll {
    Disconnect-Immuta -Connection $Connection
    Stop-TestEmulator $Emulator
    foreach ($name in $SavedEnvironment.Keys) { [Environment]::SetEnvironmentVariable($name, $SavedEnvironment[$name]) }
}

Describe 'The <Name> scheduled pipeline' -ForEach $Pipelines {
    BeforeAll {
        $script:Pipeline = Read-ExamplePipeline $File
        $script:Steps = @(Get-TestCheckStep $Pipeline)
    }

    It 'runs on a schedule, and runs the drift check, then the health check even after drift, with the tenant''s secrets' {
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
        $Steps[0].Command | Should -Be 'pwsh -NoProfile -File examples/Test-Drift.ps1 -Path examples/integrations -Prune'
        $Steps[1].Command | Should -Be 'pwsh -NoProfile -File examples/Test-Health.ps1'
        foreach ($step in $Steps) { @($step.Env.Keys | Sort-Object) | Should -Be @('IMMUTA_API_KEY', 'IMMUTA_URL') }
    }

    It 'passes on a tenant that matches the files and is healthy, and fails with drift (2) and with an unwell integration (1)' {
        $drift, $health = $Steps
        Reset-TestEmulator $Emulator
        Sync-ImmutaIntegration -Path (Join-Path $Root 'examples/integrations') -PollInterval 0.05 | Out-Null

        $matching = Invoke-TestStep $drift
        $healthy = Invoke-TestStep $health

        $matching.ExitCode | Should -Be 0 -Because ($matching.Output -join "`n")
        $healthy.ExitCode | Should -Be 0 -Because ($healthy.Output -join "`n")

        # By hand: the Snowflake warehouse changed, and a Redshift integration whose creation failed.
        $changed = New-CheckRepository
        try {
            Edit-CheckFile (Join-Path $changed 'snowflake-acme.yaml') 'IMMUTA_WH' 'HAND_WH'
            Sync-ImmutaIntegration -Path $changed -PollInterval 0.05 | Out-Null
        }
        finally { Remove-Item -LiteralPath $changed -Recurse -Force }
        $redshift = Get-TestPayload redshift
        $redshift.config.password = 'fail-on-create'
        New-ImmutaIntegration -Payload $redshift -Force | Out-Null

        $drifted = Invoke-TestStep $drift
        $unwell = Invoke-TestStep $health

        $drifted.ExitCode | Should -Be 2 -Because ($drifted.Output -join "`n")
        $drifted.Output | Should -Contain 'Plan: 0 to create, 1 to update, 0 to replace, 1 to delete, 2 unchanged.'
        $unwell.ExitCode | Should -Be 1 -Because ($unwell.Output -join "`n")
        $unwell.Output | Should -Contain 'Health: 4 integration(s), 3 healthy, 1 unhealthy.'
    }
}
