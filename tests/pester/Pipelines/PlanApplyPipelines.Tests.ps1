# ImmutaIntegrations@1 and the GitHub Action in the example plan-and-apply pipelines (Compare-ImmutaIntegration, Sync-ImmutaIntegration).
#
# The plan-and-apply pipelines with the task and the action (examples/azure-pipelines.yml, examples/github-actions.yml): valid
# YAML, read with the module's own YAML library, that plan on pull requests and apply on main, the tenant from the service
# connection (Azure DevOps) or the repository's secrets (GitHub), the files' secrets mapped into the apply only. Their steps run
# as the agents run them against the emulator (PipelineTaskHelpers' Invoke-TestPipelineStep; on Azure DevOps the task's
# compiled handler run by node, as the agent runs a task): an invalid file annotated, the plan and the apply
# summarised, a second apply that changes nothing, a failed change that fails the step; never a secret in what they show.

BeforeDiscovery {
    $script:Pipelines = @(
        @{ Agent = 'Azure DevOps'; File = 'azure-pipelines.yml' }
        @{ Agent = 'GitHub Actions'; File = 'github-actions.yml' }
    )
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../Support/TestFixture.psm1')
    $script:Emulator = Start-TestFixture -ApiKey 'planapply-Ak5-api-key' -Seed $null
    Import-Module (Join-Path $PSScriptRoot '../Support/PipelineTaskHelpers.psm1') -Force
    $script:ApiKey = $Emulator.ApiKey
    # The pipeline's variables and secrets (the variable group; the repository's secrets) and the service connection.
    $script:Variables = @{ IMMUTA_URL = $Emulator.Url; IMMUTA_API_KEY = $ApiKey; SNOWFLAKE_PASSWORD = 'planapply-Sf8-password'; DATABRICKS_TOKEN = 'planapply-Db3-token' }
    $script:Connections = @{ 'immuta-production' = @{ Url = $Emulator.Url; ApiKey = $ApiKey } }
    $script:Secrets = @($ApiKey, $Variables.SNOWFLAKE_PASSWORD, $Variables.DATABRICKS_TOKEN)

    # The plan and apply steps of a pipeline, and when each runs.
    function Get-TestModel([string] $Agent, [hashtable] $Pipeline) {
        if ($Agent -eq 'Azure DevOps') {
            $steps = @($Pipeline.steps)
            $plan = $steps | Where-Object { $_['displayName'] -eq 'Plan' }
            $apply = $steps | Where-Object { $_['displayName'] -eq 'Apply' }
            return [pscustomobject]@{ Steps = $steps; Plan = $plan; Apply = $apply; PlanWhen = $plan.condition; ApplyWhen = $apply.condition }
        }
        $plan = $Pipeline.jobs.plan.steps | Where-Object { $_['name'] -eq 'Plan' }
        $apply = $Pipeline.jobs.apply.steps | Where-Object { $_['name'] -eq 'Apply' }
        [pscustomobject]@{ Steps = @($Pipeline.jobs.plan.steps) + @($Pipeline.jobs.apply.steps); Plan = $plan; Apply = $apply; PlanWhen = $Pipeline.jobs.plan.if; ApplyWhen = $Pipeline.jobs.apply.if }
    }

    # An output of the step by its GitHub name, under the agent's name for it.
    function Get-TestOutput($Run, [string] $Agent, [string] $Name) {
        if ($Agent -eq 'Azure DevOps') { $Name = [regex]::Replace($Name, '-(\w)', { param($m) $m.Groups[1].Value.ToUpperInvariant() }) }
        $Run.Outputs[$Name]
    }
}

AfterAll { Stop-TestFixture }

Describe 'ImmutaIntegrations@1 and the GitHub Action: the <Agent> plan-and-apply pipeline' -ForEach $Pipelines {
    BeforeAll {
        $script:Pipeline = Read-ExamplePipeline $File
        $script:Model = Get-TestModel $Agent $Pipeline
    }

    It 'plans on pull requests and applies on main, the tenant from the service connection or the secrets, the files'' secrets in the apply only' {
        if ($Agent -eq 'Azure DevOps') {
            $Pipeline.trigger.branches.include | Should -Be @('main')
            $Pipeline.pr.branches.include | Should -Be @('main')
            $Pipeline.variables[0].group | Should -Be 'immuta-integrations'
            @($Model.Steps | ForEach-Object { if ($_.ContainsKey('task')) { $_.task } else { 'checkout' } }) | Should -Be @('checkout', 'ImmutaIntegrations@1', 'ImmutaIntegrations@1')
            $Model.PlanWhen | Should -Be "eq(variables['Build.Reason'], 'PullRequest')"
            $Model.ApplyWhen | Should -Be "and(succeeded(), eq(variables['Build.SourceBranch'], 'refs/heads/main'), ne(variables['Build.Reason'], 'PullRequest'))"
            foreach ($step in $Model.Plan, $Model.Apply) { $step.inputs.connection | Should -Be 'immuta-production' }
            $inputs = 'inputs'
        }
        else {
            $Pipeline.on.pull_request.branches | Should -Be @('main')
            $Pipeline.on.push.branches | Should -Be @('main')
            $Pipeline.permissions.contents | Should -Be 'read'
            $Model.PlanWhen | Should -Be "github.event_name == 'pull_request'"
            $Model.ApplyWhen | Should -Be "github.event_name == 'push'"
            foreach ($job in $Pipeline.jobs.Values) { @($job.steps)[0].uses | Should -Be 'actions/checkout@v4' }
            foreach ($step in $Model.Plan, $Model.Apply) {
                $step.uses | Should -Be 'OWNER/ImmutaIntegrations/github-action@v1'
                $step.with.url | Should -Be '${{ secrets.IMMUTA_URL }}'
                $step.with['api-key'] | Should -Be '${{ secrets.IMMUTA_API_KEY }}'
            }
            $inputs = 'with'
        }
        $Model.Plan[$inputs].command | Should -Be 'plan'
        $Model.Apply[$inputs].command | Should -Be 'apply'
        foreach ($step in $Model.Plan, $Model.Apply) {
            $step[$inputs].path | Should -Be 'examples/integrations'
            $step[$inputs].prune | Should -Be 'true'
        }
        $Model.Plan.Keys | Should -Not -Contain 'env' -Because 'a plan needs none of the files'' secrets'
        @($Model.Apply.env.Keys | Sort-Object) | Should -Be @('DATABRICKS_TOKEN', 'SNOWFLAKE_PASSWORD')
    }

    It 'annotates an invalid file and fails the plan; then plans, applies, applies again to no change, and fails a step whose change fails' {
        Reset-TestEmulator $Emulator
        $job = New-TestPipelineJob $Agent -Checkout 'examples/integrations' -Variables $Variables -Connections $Connections
        Set-TestFile (Join-Path $job.Folder 'broken.yaml') "type: Redshift`nautoBootstrap: true`nconfig:`n  host: broken.redshift.amazonaws.com`n  port: many`n"

        $invalid = Invoke-TestJobStep $job $Model.Plan

        $invalid.Result | Should -Be 'Failed' -Because ($invalid.Output -join "`n")
        $annotation = if ($Agent -eq 'Azure DevOps') {
            '^##vso\[task\.logissue type=error;sourcepath=examples/integrations/broken\.yaml;linenumber=5;columnnumber=3\]config\.port: '
        }
        else { '^::error file=examples/integrations/broken\.yaml,line=5,col=3::config\.port: ' }
        @($invalid.Output -match $annotation).Count | Should -Be 1 -Because ($invalid.Output -join "`n")
        Remove-Item -LiteralPath (Join-Path $job.Folder 'broken.yaml')

        $plan = Invoke-TestJobStep $job $Model.Plan
        $apply = Invoke-TestJobStep $job $Model.Apply
        $again = Invoke-TestJobStep $job $Model.Apply

        $plan.Result | Should -Be 'Succeeded' -Because ($plan.Output -join "`n")
        Get-TestOutput $plan $Agent 'changes-present' | Should -Be 'true'
        $plan.Summary | Should -Match '(?m)^3 to create, 0 to update, 0 to replace, 0 to delete, 0 unchanged$'
        $apply.Result | Should -Be 'Succeeded' -Because ($apply.Output -join "`n")
        $apply.Output | Should -Contain 'Applied: 3 changed, 0 unchanged, 0 failed.'
        $apply.Summary | Should -Match '(?m)^\| Create \| Databricks \| acme-analytics\.cloud\.databricks\.com \| \d+ \|  \| Done \| created \|$'
        Get-TestOutput $apply $Agent 'changes-done' | Should -Be '3'
        (Get-ImmutaIntegration).Type | Sort-Object | Should -Be @('Databricks', 'Snowflake', 'Trino')
        $again.Result | Should -Be 'Succeeded'
        $again.Output | Should -Contain 'Applied: 0 changed, 3 unchanged, 0 failed.'
        Get-TestOutput $again $Agent 'changes-present' | Should -Be 'false'

        # A commit that changes a field fixed at creation (no allowReplace) and the Snowflake warehouse.
        Edit-TestFile (Join-Path $job.Folder 'databricks-analytics.yaml') 'catalog: immuta' 'catalog: governed'
        Edit-TestFile (Join-Path $job.Folder 'snowflake-acme.yaml') 'IMMUTA_WH' 'NEXT_WH'

        $failed = Invoke-TestJobStep $job $Model.Apply

        $failed.Result | Should -Be 'Failed' -Because ($failed.Output -join "`n")
        $failed.Output | Should -Contain 'Applied: 1 changed, 1 unchanged, 1 failed.'
        Get-TestOutput $failed $Agent 'changes-failed' | Should -Be '1'
        (Get-ImmutaIntegration -Type Snowflake).Config.warehouse | Should -Be 'NEXT_WH'
        $shown = @($invalid, $plan, $apply, $again, $failed | ForEach-Object { @($_.Output) + @($_.Summary) + @($_.Outputs.Values) }) -join "`n"
        # The action's first step names the key once, for the runner to mask it; nothing else names a secret.
        $shown = $shown -replace "(?m)^(::add-mask::|##vso\[task\.setsecret\])$([regex]::Escape($ApiKey))$"
        foreach ($secret in $Secrets) { $shown | Should -Not -Match ([regex]::Escape($secret)) }
    }
}
