# ImmutaIntegrations@1 and the GitHub Action in the example rotation pipelines (Sync-ImmutaIntegration -RotateSecret).
#
# The rotation pipelines (examples/azure-pipelines-rotation.yml, examples/github-rotation.yml): valid YAML, read with the
# module's own YAML library, that runs on a schedule and takes the platforms' secrets from its own store. Their steps run as
# the agents run them, on an agent of their own against the emulator (the rotation, a step of the task ImmutaIntegrations@1 or
# of the action, through PipelineTaskHelpers' Invoke-TestPipelineStep; the task's compiled handler run by node, as the agent
# runs a task): on Azure DevOps the Key Vault task's secrets become
# variables and the secure file is downloaded into the agent's temporary folder, its path in a variable; on GitHub the
# repository's secrets are the steps' environment and a step writes the key to the runner's temporary folder. Each step
# gets only the variables it maps. After the Databricks token and the BigQuery key are replaced in their stores, the
# rotation sends them to exactly the integrations that use them (the emulator's request log, and what it keeps), and no
# secret shows in any step's output or summary.

BeforeDiscovery {
    $script:Pipelines = @(
        @{ Agent = 'Azure DevOps'; File = 'azure-pipelines-rotation.yml' }
        @{ Agent = 'GitHub Actions'; File = 'github-rotation.yml' }
    )
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../Support/TestFixture.psm1')
    # The tenant before the rotation is made in this session with the old token and key (Initialize-TestTenant): the
    # Snowflake password and the old token here, the old key's file below.
    Start-TestFixture -NoEmulator -Environment @{ SNOWFLAKE_PASSWORD = 'rotation-Sf6-password'; DATABRICKS_TOKEN = 'rotation-Db1-old-token' }
    # The emulator keeps what it was sent (secrets included) in its state file: where the test reads which value arrived.
    $script:StateFile = Join-Path (Get-TestWorkFolder) 'emulator-state.json'
    $script:Emulator = Add-TestTenant -ApiKey 'rotation-Ak4-api-key' -Seed $null -EmulatorArgument '--state-file', $StateFile -Current
    Import-Module (Join-Path $PSScriptRoot '../Support/PipelineTaskHelpers.psm1') -Force
    $script:ApiKey = $Emulator.ApiKey
    $script:Connections = @{ 'immuta-production' = @{ Url = $Emulator.Url; ApiKey = $ApiKey } }
    # The folders the rotation syncs, as the step names them.
    $script:Folders = 'examples/integrations', 'examples/payloads/secure-file'

    # A service account key as Google writes it: several lines, one of them a distinctive line to look for.
    function New-TestKey([string] $Id) {
        ([ordered]@{
            type = 'service_account'; project_id = 'acme-immuta'; private_key_id = $Id
            private_key = "-----BEGIN PRIVATE KEY-----`nMIIEvQ$Id`n-----END PRIVATE KEY-----`n"
            client_email = 'immuta@acme-immuta.iam.gserviceaccount.com'; token_uri = 'https://oauth2.googleapis.com/token'
        } | ConvertTo-Json) -replace "`r`n", "`n"
    }
    $script:SnowflakePassword = $env:SNOWFLAKE_PASSWORD
    $script:OldToken = $env:DATABRICKS_TOKEN
    $script:OldKey = New-TestKey 'rotation-Kq8-old-key'
    $script:NewToken = 'rotation-Db2-new-token'
    $script:NewKey = New-TestKey 'rotation-Kz3-new-key'
    $script:Secrets = @($ApiKey, $SnowflakePassword, $OldToken, $NewToken, 'rotation-Kq8-old-key', 'rotation-Kz3-new-key')
    $oldKeyFile = Join-Path (Get-TestWorkFolder) 'old-key.json'
    [System.IO.File]::WriteAllText($oldKeyFile, $OldKey)
    Set-TestEnvironment @{ BQ_KEY_PATH = $oldKeyFile }

    # An integration's config as the emulator keeps it, secrets and all.
    function Get-TestStored([string] $Type) {
        $state = Get-Content -Raw -LiteralPath $StateFile | ConvertFrom-Json
        @($state.integrations | Where-Object type -eq $Type)[0].config
    }

    # What the tests run of a pipeline: the rotation step (its script and what it maps), and how the job gets its secrets.
    function Get-TestModel([string] $Agent, $Pipeline) {
        if ($Agent -eq 'Azure DevOps') {
            $steps = @($Pipeline.steps)
            [pscustomobject]@{
                Agent = $Agent; Steps = $steps
                KeyVault = $steps | Where-Object { $_['task'] -eq 'AzureKeyVault@2' }
                SecureFile = $steps | Where-Object { $_['task'] -eq 'DownloadSecureFile@1' }
                Rotate = $steps | Where-Object { $_['name'] -eq 'rotate' }
            }
        }
        else {
            $steps = @($Pipeline.jobs.rotate.steps)
            [pscustomobject]@{
                Agent = $Agent; Steps = $steps
                WriteKey = $steps | Where-Object { $_['name'] -eq 'Write the BigQuery key' }
                Rotate = $steps | Where-Object { $_['name'] -eq 'Send the rotated secrets' }
                RemoveKey = $steps | Where-Object { $_['name'] -eq 'Remove the BigQuery key' }
            }
        }
    }

    # The job, step by step as the agent runs it, its secrets taken from $Store: on Azure DevOps the Key Vault's secrets and
    # the Library's secure files, on GitHub the repository's secrets. Returns the rotation step's run and the job.
    function Invoke-TestJob($Model, [hashtable] $Store) {
        $job = New-TestPipelineJob $Model.Agent -Checkout $Folders -Variables $(if ($Model.Agent -eq 'GitHub Actions') { $Store.Secrets } else { @{} }) -Connections $Connections
        if ($Model.Agent -eq 'Azure DevOps') {
            # What the tasks before the step set: variables of the job.
            foreach ($secret in $Model.KeyVault.inputs.SecretsFilter -split ',') { $job.Values[$secret.Trim()] = $Store.KeyVault[$secret.Trim()] }
            $secureFile = Join-Path $job.Temp $Model.SecureFile.inputs.secureFile
            [System.IO.File]::WriteAllText($secureFile, $Store.SecureFiles[$Model.SecureFile.inputs.secureFile])
            $job.Values["$($Model.SecureFile.name).secureFilePath"] = $secureFile
            $run = Invoke-TestJobStep $job $Model.Rotate
            return [pscustomobject]@{ Job = $job; Run = $run }
        }
        # GitHub: each step in turn, its expressions evaluated (secrets.NAME, runner.temp); a failed step skips the next ones
        # but those that run always().
        $run = $null
        $failed = $false
        foreach ($step in @($Model.WriteKey, $Model.Rotate, $Model.RemoveKey)) {
            if ($failed -and $step['if'] -ne '${{ always() }}') { continue }
            $stepRun = Invoke-TestJobStep $job $step
            if ($step -eq $Model.Rotate) {
                $run = $stepRun
                if ($run.ExitCode -ne 0) { $failed = $true }
            }
            elseif ($stepRun.ExitCode -ne 0) { throw "The step '$($step.name)' failed: $($stepRun.Output -join "`n")" }
        }
        [pscustomobject]@{ Job = $job; Run = $run }
    }

    # What a step shows: its lines and summary, but the line on which the action names the key for the runner to mask it.
    function Get-TestShown($Run) {
        @($Run.Output | Where-Object { $_ -ne "::add-mask::$ApiKey" -and $_ -ne "##vso[task.setsecret]$ApiKey" }) + $Run.Summary -join "`n"
    }

    # The stores after the rotation: the Databricks token and the BigQuery key replaced, the Snowflake password as it was.
    function New-TestStore([string] $Token, [string] $Key) {
        @{
            KeyVault = @{ 'databricks-token' = $Token; 'snowflake-password' = $SnowflakePassword; 'unrelated-secret' = 'rotation-Un0-unrelated' }
            # Uploaded as a file saved by an editor: with a line break at its end, which is no part of the key.
            SecureFiles = @{ 'immuta-bigquery-key.json' = "$Key`n" }
            Secrets = @{ IMMUTA_URL = $Emulator.Url; IMMUTA_API_KEY = $ApiKey; DATABRICKS_TOKEN = $Token; SNOWFLAKE_PASSWORD = $SnowflakePassword; BIGQUERY_KEY = $Key }
        }
    }
}

AfterAll { Stop-TestFixture }

Describe 'ImmutaIntegrations@1 and the GitHub Action: the <Agent> rotation pipeline' -ForEach $Pipelines {
    BeforeAll {
        $script:Pipeline = Read-ExamplePipeline $File
        $script:Model = Get-TestModel $Agent $Pipeline
    }

    It 'runs on a schedule, takes the token and the key from its own store, and maps them into the rotation step' {
        if ($Agent -eq 'Azure DevOps') {
            $Pipeline.trigger | Should -Be 'none'
            $Pipeline.pr | Should -Be 'none'
            $schedule = $Pipeline.schedules[0]
            $schedule.branches.include | Should -Contain 'main'
            $schedule.always | Should -Be 'true' -Because 'the secrets change in their stores, not in git'
            $Pipeline.Keys | Should -Not -Contain 'variables' -Because 'the tenant is the service connection, the secrets the Key Vault''s and the secure file'
            $Model.Steps[0].checkout | Should -Be 'self'
            $Model.KeyVault.inputs.azureSubscription | Should -Not -BeNullOrEmpty
            $Model.KeyVault.inputs.KeyVaultName | Should -Not -BeNullOrEmpty
            @($Model.KeyVault.inputs.SecretsFilter -split ',' | Sort-Object) | Should -Be @('databricks-token', 'snowflake-password')
            $Model.SecureFile.inputs.secureFile | Should -Be 'immuta-bigquery-key.json'
            $Model.Rotate.env.BQ_KEY_PATH | Should -Be "`$($($Model.SecureFile.name).secureFilePath)"
            $Model.Rotate.env.DATABRICKS_TOKEN | Should -Be '$(databricks-token)'
            $Model.Rotate.task | Should -Be 'ImmutaIntegrations@1'
            $Model.Rotate.inputs.connection | Should -Be 'immuta-production'
            $inputs = $Model.Rotate.inputs
            $rotate = $inputs.rotateSecret
        }
        else {
            $schedule = $Pipeline.on.schedule[0]
            $Pipeline.on.Keys | Should -Contain 'workflow_dispatch'
            $Model.Steps[0].uses | Should -Be 'actions/checkout@v4'
            foreach ($step in $Model.Steps | Where-Object { $_.ContainsKey('run') }) { $step.shell | Should -Be 'pwsh' }
            $Model.WriteKey.env.BIGQUERY_KEY | Should -Be '${{ secrets.BIGQUERY_KEY }}'
            $Model.Rotate.env.BQ_KEY_PATH | Should -Be '${{ runner.temp }}/bigquery-key.json'
            $Model.Rotate.env.DATABRICKS_TOKEN | Should -Be '${{ secrets.DATABRICKS_TOKEN }}'
            $Model.RemoveKey['if'] | Should -Be '${{ always() }}' -Because 'the key file goes also when the rotation failed'
            $Model.Rotate.uses | Should -Be 'OWNER/ImmutaIntegrations/github-action@v1'
            @($Model.Rotate.with.url, $Model.Rotate.with['api-key']) | Should -Be @('${{ secrets.IMMUTA_URL }}', '${{ secrets.IMMUTA_API_KEY }}')
            $inputs = $Model.Rotate.with
            $rotate = $inputs['rotate-secret']
        }
        $schedule.cron -split '\s+' | Should -HaveCount 5
        $inputs.command | Should -Be 'apply'
        @($inputs.path -split '\r?\n' | Where-Object { $_ }) | Should -Be $Folders
        $rotate | Should -Be 'DATABRICKS_TOKEN, BQ_KEY_PATH'
        $inputs.Keys | Should -Not -Contain 'prune' -Because 'a rotation deletes nothing'
        @($Model.Rotate.env.Keys | Sort-Object) | Should -Be @('BQ_KEY_PATH', 'DATABRICKS_TOKEN', 'SNOWFLAKE_PASSWORD')
    }

    It 'sends the new token and key to exactly the integrations that use them, and shows no secret' {
        Initialize-TestTenant $Emulator $Folders
        (Get-TestStored 'Databricks').token | Should -Be $OldToken
        $before = @(Get-ImmutaIntegration)
        $writes = (Get-EmulatorWrite $Emulator).Count

        $rotation = Invoke-TestJob $Model (New-TestStore $NewToken $NewKey)

        $rotation.Run.Result | Should -Be 'Succeeded' -Because ($rotation.Run.Output -join "`n")
        $rotation.Run.Output | Should -Contain 'Applied: 2 changed, 2 unchanged, 0 failed.'
        $sent = @(Get-EmulatorWrite $Emulator | Select-Object -Skip $writes)
        $expected = @($before | Where-Object Type -in 'Databricks', 'Google BigQuery' | ForEach-Object { "PUT /integrations/$($_.Id)" } | Sort-Object)
        @($sent | ForEach-Object { "$($_.method) $($_.path)" } | Sort-Object) | Should -Be $expected
        (Get-TestStored 'Databricks').token | Should -BeExactly $NewToken
        (Get-TestStored 'Google BigQuery').credential | Should -BeExactly $NewKey -Because 'the key file''s exact text, its last line break dropped'
        (Get-TestStored 'Snowflake').password | Should -BeExactly $SnowflakePassword
        $rotation.Run.Summary | Should -Match ([regex]::Escape('config.token: (secret) -> (secret, sent again)'))
        $rotation.Run.Summary | Should -Match ([regex]::Escape('config.credential: (secret) -> (secret, sent again)'))
        foreach ($secret in $Secrets) { Get-TestShown $rotation.Run | Should -Not -Match ([regex]::Escape($secret)) }
        if ($Agent -eq 'GitHub Actions') { Join-Path $rotation.Job.Temp 'bigquery-key.json' | Should -Not -Exist -Because 'the last step removes the key' }
        @(Get-ImmutaIntegration).Status | Should -Not -Contain 'editError'
    }

    It 'fails the step when Immuta refuses the new token: that integration failed with Immuta''s message, the key sent all the same' {
        Initialize-TestTenant $Emulator $Folders
        (Get-TestStored 'Databricks').token | Should -Be $OldToken
        $refused = 'fail-rotation-Db9-token'

        $rotation = Invoke-TestJob $Model (New-TestStore $refused $NewKey)

        $rotation.Run.Result | Should -Be 'Failed' -Because ($rotation.Run.Output -join "`n")
        $rotation.Run.Output | Should -Contain 'Applied: 1 changed, 2 unchanged, 1 failed.'
        (Get-ImmutaIntegration -Type Databricks).Status | Should -Be 'editError'
        ($rotation.Run.Output -join "`n") | Should -Match ([regex]::Escape('the value of config.token was rejected')) -Because 'the step says why, in Immuta''s words'
        (Get-TestStored 'Google BigQuery').credential | Should -BeExactly $NewKey
        foreach ($secret in @($Secrets) + $refused) { Get-TestShown $rotation.Run | Should -Not -Match ([regex]::Escape($secret)) }
        if ($Agent -eq 'GitHub Actions') { Join-Path $rotation.Job.Temp 'bigquery-key.json' | Should -Not -Exist -Because 'the last step runs always()' }
    }
}
