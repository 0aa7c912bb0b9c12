# ImmutaIntegrations@1 and the GitHub Action in the example reviewed pipelines (Compare-ImmutaIntegration saving a plan,
# Sync-ImmutaIntegration applying it).
#
# The reviewed pipelines (examples/azure-pipelines-reviewed.yml, examples/github-reviewed.yml): valid YAML, read with the
# module's own YAML library, that plans on pull requests and on main, and applies on main only, after approval on the
# environment immuta-production, only when the plan changes something. Their steps (the task ImmutaIntegrations@1, the
# action) run as the agents run them, each job on an agent of its own against the emulator (PipelineTaskHelpers'
# Invoke-TestPipelineStep; the task's compiled handler run by node, as the agent runs a task): the
# plan job's step writes the plan and its output variables, the plan goes to the apply job as the artifact does, and the
# apply job's step applies exactly it, or refuses it when the tenant moved in between. Never a secret in the artifact or in
# any step's output.

BeforeDiscovery {
    $script:Pipelines = @(
        @{ Agent = 'Azure DevOps'; File = 'azure-pipelines-reviewed.yml' }
        @{ Agent = 'GitHub Actions'; File = 'github-reviewed.yml' }
    )
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../Support/TestFixture.psm1')
    # The commands this file runs in its own session (setting up the tenant) read the secrets.
    $script:Emulator = Start-TestFixture -ApiKey 'reviewed-Ak2-api-key' -Seed $null -Environment @{
        SNOWFLAKE_PASSWORD = 'reviewed-Sf4-password'; DATABRICKS_TOKEN = 'reviewed-Db7-token'
    }
    Import-Module (Join-Path $PSScriptRoot '../Support/PipelineTaskHelpers.psm1') -Force
    $script:ApiKey = $Emulator.ApiKey
    # The pipeline's variables and secrets (the variable group; the repository's and the environment's secrets), each secret a
    # value of its own to look for; and the service connection, which holds the tenant on Azure DevOps.
    $script:Variables = @{
        IMMUTA_URL = $Emulator.Url; IMMUTA_API_KEY = $ApiKey; SNOWFLAKE_PASSWORD = $env:SNOWFLAKE_PASSWORD; DATABRICKS_TOKEN = $env:DATABRICKS_TOKEN
    }
    $script:Connections = @{ 'immuta-production' = @{ Url = $Emulator.Url; ApiKey = $ApiKey } }
    $script:Secrets = @($ApiKey, $Variables.SNOWFLAKE_PASSWORD, $Variables.DATABRICKS_TOKEN)

    # What the tests run of a pipeline: the plan and apply steps, the artifact's publication and download, and the name of the
    # plan step's output that decides whether the apply runs, followed from the apply's condition back to the step.
    function Get-TestModel([string] $Agent, $Pipeline) {
        if ($Agent -eq 'Azure DevOps') {
            $planStage, $applyStage = $Pipeline.stages
            $planJob = $planStage.jobs[0]
            $planStep = $planJob.steps | Where-Object { $_['name'] -eq 'plan' }
            $publish = $planJob.steps | Where-Object { $_['task'] -eq 'PublishPipelineArtifact@1' }
            $applySteps = $applyStage.jobs[0].strategy.runOnce.deploy.steps
            $download = $applySteps | Where-Object { $_['task'] -eq 'DownloadPipelineArtifact@2' }
            $applyStep = $applySteps | Where-Object { $_['name'] -eq 'apply' }
            # A stage's condition reads a job's output variable of an earlier stage as dependencies.<stage>.outputs['<job>.<step>.<name>'].
            $reference = [regex]::Match($applyStage.condition, "eq\(dependencies\.(?<stage>\w+)\.outputs\['(?<job>\w+)\.(?<step>\w+)\.(?<name>\w+)'\], 'true'\)")
            $reference.Success | Should -BeTrue -Because "the Apply stage's condition reads an output variable: $($applyStage.condition)"
            $reference.Groups['stage'].Value | Should -Be $planStage.stage
            $reference.Groups['job'].Value | Should -Be $planJob.job
            $reference.Groups['step'].Value | Should -Be $planStep.name
            return [pscustomobject]@{
                Agent = $Agent; Plan = $planStep; Apply = $applyStep; Inputs = 'inputs'
                Publish = @{ Artifact = $publish.inputs.artifact; Path = $publish.inputs.targetPath }
                Download = @{ Artifact = $download.inputs.artifact; Path = $download.inputs.path }
                ChangesOutput = $reference.Groups['name'].Value; PlanFileOutput = 'planFile'
            }
        }
        $planJob = $Pipeline.jobs.plan
        $planStep = $planJob.steps | Where-Object { $_['name'] -eq 'Plan' }
        $publish = $planJob.steps | Where-Object { $_['uses'] -like 'actions/upload-artifact@*' }
        $download = $Pipeline.jobs.apply.steps | Where-Object { $_['uses'] -like 'actions/download-artifact@*' }
        $applyStep = $Pipeline.jobs.apply.steps | Where-Object { $_['name'] -eq 'Apply' }
        # The apply job reads the plan job's output (needs.<job>.outputs.<name>), which the plan job takes from its step's.
        $needed = [regex]::Match($Pipeline.jobs.apply.if, "needs\.(?<job>[\w-]+)\.outputs\.(?<name>[\w-]+) == 'true'")
        $needed.Success | Should -BeTrue -Because "the apply job's condition reads the plan job's output: $($Pipeline.jobs.apply.if)"
        $needed.Groups['job'].Value | Should -Be 'plan'
        $jobOutput = $planJob.outputs[$needed.Groups['name'].Value]
        $stepOutput = [regex]::Match("$jobOutput", '^\$\{\{ steps\.(?<step>[\w-]+)\.outputs\.(?<name>[\w-]+) \}\}$')
        $stepOutput.Success | Should -BeTrue -Because "the plan job's output $($needed.Groups['name'].Value) is its step's: $jobOutput"
        $stepOutput.Groups['step'].Value | Should -Be $planStep.id
        [pscustomobject]@{
            Agent = $Agent; Plan = $planStep; Apply = $applyStep; Inputs = 'with'
            Publish = @{ Artifact = $publish.with.name; Path = $publish.with.path }
            Download = @{ Artifact = $download.with.name; Path = $download.with.path }
            ChangesOutput = $stepOutput.Groups['name'].Value; PlanFileOutput = 'plan-file'
        }
    }

    # Text as the agent hands it to a step: Azure DevOps replaces the macros $(Name) of the variables it knows; GitHub Actions
    # evaluates the expressions ${{ context.name }}.
    function Expand-TestText($Job, [string] $Text) {
        $pattern = if ($Job.Agent -eq 'Azure DevOps') { '\$\((?<name>[\w.]+)\)' } else { '\$\{\{\s*(?<name>[\w.]+)\s*\}\}' }
        $folders = $Job.Folders
        [regex]::Replace($Text, $pattern, { param($match) if ($folders.ContainsKey($match.Groups['name'].Value)) { $folders[$match.Groups['name'].Value] } else { $match.Value } }.GetNewClosure())
    }

    # A path of an artifact step: relative to the checkout when not absolute, as both agents take it.
    function Resolve-TestPath($Job, [string] $Path) {
        $expanded = Expand-TestText $Job $Path
        if ([System.IO.Path]::IsPathRooted($expanded)) { $expanded } else { Join-Path $Job.Checkout $expanded }
    }

    # The plan job: a checkout (changed by -Change, as the merged commit changes the files), then the plan step.
    function Invoke-TestPlanJob($Model, [scriptblock] $Change = {}) {
        $job = New-TestPipelineJob $Model.Agent -Checkout 'examples/integrations' -Variables $Variables -Connections $Connections
        & $Change $job.Folder
        $run = Invoke-TestJobStep $job $Model.Plan
        [pscustomobject]@{ Job = $job; Run = $run; Folder = Join-Path $job.Checkout 'examples/integrations' }
    }

    # The artifact as the plan job publishes it: what its path names (a folder's files, or a file) copied to where the run keeps
    # artifacts, out of reach of the apply job's agent but through the download step.
    function Publish-TestArtifact($Job, $Model) {
        $source = Resolve-TestPath $Job $Model.Publish.Path
        $source | Should -Exist -Because 'the publish step fails when there is nothing to publish'
        $store = Join-Path (New-TestFolder) $Model.Publish.Artifact
        New-Item -ItemType Directory -Path $store | Out-Null
        if (Test-Path -LiteralPath $source -PathType Container) { Copy-Item -Path (Join-Path $source '*') -Destination $store -Recurse }
        else { Copy-Item -LiteralPath $source -Destination $store }
        $store
    }

    # The apply job, on another agent: no checkout, the artifact downloaded where the download step puts it, then the apply step.
    function Invoke-TestApplyJob($Model, [string] $Store) {
        $job = New-TestPipelineJob $Model.Agent -Variables $Variables -Connections $Connections
        (Split-Path $Store -Leaf) | Should -Be $Model.Download.Artifact -Because 'the apply job downloads the artifact the plan job published'
        $destination = Resolve-TestPath $job $Model.Download.Path
        New-Item -ItemType Directory -Path $destination -Force | Out-Null
        Copy-Item -Path (Join-Path $Store '*') -Destination $destination -Recurse
        $run = Invoke-TestJobStep $job $Model.Apply
        [pscustomobject]@{ Job = $job; Run = $run }
    }

    # A commit that changes the files: the Snowflake warehouse changed, a Redshift integration added, the Starburst one removed.
    function Edit-TestFolder([string] $Folder) {
        Edit-TestFile (Join-Path $Folder 'snowflake-acme.yaml') 'warehouse: IMMUTA_WH' 'warehouse: NEXT_WH'
        Copy-Item -LiteralPath (Join-Path (Get-TestPath Data) 'changes/redshift.yaml') -Destination (Join-Path $Folder 'redshift.yaml')
        Remove-Item -LiteralPath (Join-Path $Folder 'starburst.yaml')
    }
}

AfterAll { Stop-TestFixture }

Describe 'ImmutaIntegrations@1 and the GitHub Action: the <Agent> reviewed pipeline' -ForEach $Pipelines {
    BeforeAll {
        $script:Pipeline = Read-ExamplePipeline $File
        $script:Model = Get-TestModel $Agent $Pipeline
    }

    It 'plans on pull requests and main; applies on main only, after the plan, when it changes something, on the environment immuta-production' {
        if ($Agent -eq 'Azure DevOps') {
            $Pipeline.trigger.branches.include | Should -Be @('main')
            $Pipeline.trigger.batch | Should -Be 'true' -Because "main's runs go one at a time, each plan made after the apply before it"
            $Pipeline.pr.branches.include | Should -Be @('main')
            $Pipeline.variables[0].group | Should -Be 'immuta-integrations'
            @($Pipeline.stages.stage) | Should -Be @('Plan', 'Apply')
            $planStage, $applyStage = $Pipeline.stages
            @($planStage.jobs).Count | Should -Be 1
            $planSteps = @($planStage.jobs[0].steps)
            $planSteps[0].checkout | Should -Be 'self'
            $planSteps[1].name | Should -Be 'plan'
            $planSteps[2].task | Should -Be 'PublishPipelineArtifact@1'
            $applyStage.dependsOn | Should -Be 'Plan'
            $applyStage.condition | Should -Be ("and(succeeded(), eq(dependencies.Plan.outputs['MakePlan.plan.changesPresent'], 'true'), " +
                "eq(variables['Build.SourceBranch'], 'refs/heads/main'), ne(variables['Build.Reason'], 'PullRequest'))")
            @($applyStage.jobs).Count | Should -Be 1
            $deployment = $applyStage.jobs[0]
            $deployment.deployment | Should -Be 'ApplyPlan'
            $deployment.environment | Should -Be 'immuta-production'
            $applySteps = @($deployment.strategy.runOnce.deploy.steps)
            $applySteps[0].download | Should -Be 'none'
            $applySteps[1].task | Should -Be 'DownloadPipelineArtifact@2'
            $applySteps[1].inputs.buildType | Should -Be 'current'
            $applySteps[2].name | Should -Be 'apply'
            @($applySteps.Count) | Should -Be 3 -Because 'the apply needs no checkout, only the plan'
            $Model.Download.Path | Should -Be "`$(Pipeline.Workspace)/$($Model.Publish.Artifact)"
            foreach ($step in $Model.Plan, $Model.Apply) {
                $step.task | Should -Be 'ImmutaIntegrations@1'
                $step.inputs.connection | Should -Be 'immuta-production'
            }
            $Model.Plan.inputs.planFile | Should -Be "`$(Build.ArtifactStagingDirectory)/immuta-plan/plan.json"
            $Model.Apply.inputs.planFile | Should -Be "`$(Pipeline.Workspace)/immuta-plan/plan.json"
        }
        else {
            $Pipeline.on.pull_request.branches | Should -Be @('main')
            $Pipeline.on.push.branches | Should -Be @('main')
            $Pipeline.permissions.contents | Should -Be 'read'
            $Pipeline.concurrency.group | Should -Be 'immuta-integrations-${{ github.ref }}'
            $Pipeline.concurrency['cancel-in-progress'] | Should -Be '${{ github.event_name == ''pull_request'' }}'
            @($Pipeline.jobs.Keys) | Should -Be @('plan', 'apply')
            $plan, $apply = $Pipeline.jobs.plan, $Pipeline.jobs.apply
            $plan.Keys | Should -Not -Contain 'if' -Because 'the plan runs for pull requests and pushes alike'
            @($plan.steps.uses) | Should -Be @('actions/checkout@v4', 'OWNER/ImmutaIntegrations/github-action@v1', 'actions/upload-artifact@v4')
            $plan.steps[-1].with['if-no-files-found'] | Should -Be 'error'
            $apply.needs | Should -Be 'plan'
            $apply.if | Should -Be "needs.plan.outputs.changes-present == 'true' && github.event_name == 'push' && github.ref == 'refs/heads/main'"
            $apply.environment | Should -Be 'immuta-production'
            @($apply.steps.uses) | Should -Be @('actions/download-artifact@v4', 'OWNER/ImmutaIntegrations/github-action@v1') -Because 'the apply needs no checkout, only the plan'
            foreach ($step in $Model.Plan, $Model.Apply) {
                $step.with.url | Should -Be '${{ secrets.IMMUTA_URL }}'
                $step.with['api-key'] | Should -Be '${{ secrets.IMMUTA_API_KEY }}'
            }
            $Model.Plan.with['plan-file'] | Should -Be $Model.Publish.Path -Because 'the plan is saved where the upload takes it'
            $Model.Apply.with['plan-file'] | Should -Be "$($Model.Download.Path)/plan.json" -Because 'the apply reads the plan where the download puts it'
        }
        $Model.Plan[$Model.Inputs].command | Should -Be 'plan'
        $Model.Plan[$Model.Inputs].path | Should -Be 'examples/integrations'
        $Model.Plan[$Model.Inputs].prune | Should -Be 'true'
        $Model.Apply[$Model.Inputs].command | Should -Be 'apply'
        $Model.Apply[$Model.Inputs].Keys | Should -Not -Contain 'path' -Because 'the apply reads the plan, not the files'
        $Model.ChangesOutput | Should -Be $(if ($Agent -eq 'Azure DevOps') { 'changesPresent' } else { 'changes-present' })
        $Model.Download.Artifact | Should -Be $Model.Publish.Artifact
        $Model.Publish.Artifact | Should -Be 'immuta-plan'
        # The plan needs none of the files' secrets; the apply maps all of them.
        $Model.Plan.Keys | Should -Not -Contain 'env'
        @($Model.Apply.env.Keys | Sort-Object) | Should -Be @('DATABRICKS_TOKEN', 'SNOWFLAKE_PASSWORD')
    }

    It 'hands a plan that changes something from the plan job to the apply job, which makes exactly that plan and summarises it' {
        Initialize-TestTenant $Emulator

        $plan = Invoke-TestPlanJob $Model { param($folder) Edit-TestFolder $folder }

        $plan.Run.Result | Should -Be 'Succeeded' -Because ($plan.Run.Output -join "`n")
        $plan.Run.Output | Should -Contain 'Plan: 3 change(s), 1 unchanged.'
        $plan.Run.Outputs[$Model.ChangesOutput] | Should -Be 'true' -Because "the apply runs, after approval: $($plan.Run.Output -join "`n")"
        $planFile = $plan.Run.Outputs[$Model.PlanFileOutput]
        $planFile | Should -Exist
        $planFile | Should -BeLike "$(Resolve-TestPath $plan.Job $Model.Publish.Path)*" -Because 'the plan step writes the plan where the publish step takes it'
        $plan.Run.Summary | Should -Match '(?m)^### Compare-ImmutaIntegration: the plan$'
        $plan.Run.Summary | Should -Match '(?m)^1 to create, 1 to update, 0 to replace, 1 to delete, 1 unchanged$'
        $plan.Run.Summary | Should -Match "config\.warehouse: 'IMMUTA_WH' -> 'NEXT_WH'"
        $checksum = [regex]::Match($plan.Run.Summary, 'checksum (sha256:[0-9a-f]{64})').Groups[1].Value
        $checksum | Should -Not -BeNullOrEmpty -Because 'the summary names the plan the approver approves'
        $store = Publish-TestArtifact $plan.Job $Model
        $writes = (Get-EmulatorWrite $Emulator).Count

        $apply = Invoke-TestApplyJob $Model $store

        $apply.Run.Result | Should -Be 'Succeeded' -Because ($apply.Run.Output -join "`n")
        $apply.Run.Output | Should -Contain 'Applied: 3 changed, 1 unchanged, 0 failed.'
        $apply.Run.Outputs[$(if ($Agent -eq 'Azure DevOps') { 'changesDone' } else { 'changes-done' })] | Should -Be '3'
        $apply.Run.Summary | Should -Match '(?m)^### Sync-ImmutaIntegration: the changes made$'
        $apply.Run.Summary | Should -Match '(?m)^1 created, 1 updated, 0 replaced, 1 deleted, 1 unchanged, 0 failed$'
        $apply.Run.Summary | Should -Match ([regex]::Escape("checksum $checksum")) -Because 'the apply names the plan it applied'
        $sent = @(Get-EmulatorWrite $Emulator | Select-Object -Skip $writes)
        @($sent.route | Sort-Object) | Should -Be @('DELETE /integrations/{id}', 'POST /integrations', 'PUT /integrations/{id}')
        @(Compare-ImmutaIntegration -Path $plan.Folder -Prune).Action | ForEach-Object { "$_" } | Should -Be @('NoChange', 'NoChange', 'NoChange')
        (Get-ImmutaIntegration -Type Snowflake).Config.warehouse | Should -Be 'NEXT_WH'
    }

    It 'says the plan changes nothing when the tenant matches the files, so the apply is skipped and no one is asked' {
        Initialize-TestTenant $Emulator
        $writes = (Get-EmulatorWrite $Emulator).Count

        $plan = Invoke-TestPlanJob $Model

        $plan.Run.Result | Should -Be 'Succeeded' -Because ($plan.Run.Output -join "`n")
        $plan.Run.Output | Should -Contain 'Plan: 0 change(s), 3 unchanged.'
        $plan.Run.Outputs[$Model.ChangesOutput] | Should -Be 'false' -Because "the apply's condition is then false: $($plan.Run.Output -join "`n")"
        $plan.Run.Outputs[$Model.PlanFileOutput] | Should -Exist -Because 'the plan is published all the same, for the record'
        $plan.Run.Summary | Should -Match '(?m)^0 to create, 0 to update, 0 to replace, 0 to delete, 3 unchanged$'
        (Get-EmulatorWrite $Emulator).Count | Should -Be $writes
    }

    It 'refuses a plan gone stale between the jobs: the apply step fails, says so, and writes nothing to the tenant' {
        Initialize-TestTenant $Emulator
        $plan = Invoke-TestPlanJob $Model { param($folder) Edit-TestFolder $folder }
        $plan.Run.Result | Should -Be 'Succeeded' -Because ($plan.Run.Output -join "`n")
        $store = Publish-TestArtifact $plan.Job $Model
        # While the plan waits for approval, someone changes the Snowflake warehouse by hand.
        $snowflake = Get-ImmutaIntegration -Type Snowflake
        $byHand = Join-Path (New-TestRepository) 'snowflake-acme.yaml'
        Edit-TestFile $byHand 'warehouse: IMMUTA_WH' 'warehouse: HAND_WH'
        Set-ImmutaIntegration -Id $snowflake.Id -Path $byHand -Wait -PollInterval 0.05 -Force | Out-Null
        $writes = (Get-EmulatorWrite $Emulator).Count

        $apply = Invoke-TestApplyJob $Model $store

        $apply.Run.Result | Should -Be 'Failed' -Because 'the step fails'
        @($apply.Run.Output -match '^PlanStale: The plan .+ is stale: 1 of its items ').Count | Should -Be 1 -Because ($apply.Run.Output -join "`n")
        $annotation = if ($Agent -eq 'Azure DevOps') { '##vso[task.logissue type=error]' } else { '::error::' }
        $stale = "The plan updates the Snowflake integration on acme.us-east-1.snowflakecomputing.com (id $($snowflake.Id)), but it has changed since the plan was made: " +
            "config.warehouse: 'IMMUTA_WH' -> 'HAND_WH'."
        @($apply.Run.Output | Where-Object { $_.StartsWith("$annotation$stale", [StringComparison]::Ordinal) }).Count | Should -Be 1 -Because 'the stale integration is an error of the run'
        $apply.Run.Summary | Should -BeNullOrEmpty -Because 'nothing was applied'
        (Get-EmulatorWrite $Emulator).Count | Should -Be $writes -Because 'a stale plan sends nothing'
        (Get-ImmutaIntegration -Type Snowflake).Config.warehouse | Should -Be 'HAND_WH'
        @(Get-ImmutaIntegration -Type Redshift).Count | Should -Be 0
        @(Get-ImmutaIntegration -Type Trino).Count | Should -Be 1
    }

    It 'holds no secret: not in the plan artifact, nor in any step''s output, summary or output file, though the apply sends them' {
        Reset-TestEmulator $Emulator

        $plan = Invoke-TestPlanJob $Model
        $store = Publish-TestArtifact $plan.Job $Model
        $apply = Invoke-TestApplyJob $Model $store

        $plan.Run.Result | Should -Be 'Succeeded' -Because ($plan.Run.Output -join "`n")
        $apply.Run.Result | Should -Be 'Succeeded' -Because ($apply.Run.Output -join "`n")
        $apply.Run.Output | Should -Contain 'Applied: 3 changed, 0 unchanged, 0 failed.' -Because 'the Snowflake and Databricks integrations were created with their secrets'
        $artifact = @(Get-ChildItem -LiteralPath $store -Recurse -File)
        $artifact.Name | Should -Be @('plan.json')
        $text = Get-Content -Raw -LiteralPath $artifact[0].FullName
        $text | Should -Match ([regex]::Escape('"password": "${env:SNOWFLAKE_PASSWORD}"')) -Because 'the plan refers to the secret'
        $text | Should -Match ([regex]::Escape('"token": "${env:DATABRICKS_TOKEN}"'))
        $everything = @($text) + $plan.Run.Output + $apply.Run.Output + @($plan.Run.Summary, $apply.Run.Summary, $plan.Run.OutputFile, $apply.Run.OutputFile)
        # The action's first step names the key once, for the runner to mask it; nothing else names a secret.
        # The key is on one line only: the command that registers it with the agent (task.setsecret, ::add-mask::).
        $everything = $everything -join "`n" -replace "(?m)^(::add-mask::|##vso\[task\.setsecret\])$([regex]::Escape($ApiKey))$"
        foreach ($secret in $Secrets) { $everything | Should -Not -Match ([regex]::Escape($secret)) }
    }
}
