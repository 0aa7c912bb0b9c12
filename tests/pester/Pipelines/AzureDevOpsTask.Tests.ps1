# ImmutaIntegrations@1, the Azure DevOps task (which runs the module's Test-ImmutaIntegrationPayload, Compare-ImmutaIntegration,
# Sync-ImmutaIntegration and Test-ImmutaIntegrationHealth through pipelines/Invoke-ImmutaCommand.ps1).
#
# The Azure DevOps task ImmutaIntegrations@1 run as the agent runs it: its compiled handler, from the assembled extension,
# started by node with the environment an agent gives a task (INPUT_*, the service connection's ENDPOINT_* variables, SYSTEM_*,
# AGENT_*, BUILD_*, TF_BUILD), with PowerShell 7 on the agent's PATH, against the emulator, on a checkout of
# examples/integrations. What it did is read from the logging commands it printed: the key registered as a secret before
# anything could show it, the output variables, the issues, the summaries and the result. The branches no agent with the
# emulator reaches (no PowerShell, Windows PowerShell instead, a connection without a key) run under task-lib's TaskMockRunner.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../Support/TestFixture.psm1')
    $script:Emulator = Start-TestFixture -ApiKey 'ado-Tk5-api-key' -Seed $null
    Import-Module (Join-Path $PSScriptRoot '../Support/AzureDevOpsHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot '../Support/PipelineTaskHelpers.psm1') -Force
    $script:Extension = Get-TestAzureDevOpsExtension
    $script:TaskFolder = Join-Path $Extension 'tasks/ImmutaIntegrationsV1'
    $script:Handler = Join-Path $TaskFolder 'index.js'
    $script:Endpoint = @{ Id = [guid]::NewGuid().ToString(); Url = $Emulator.Url; ApiKey = $Emulator.ApiKey }
    # What the pipeline maps into the step with env: for the payload files' ${env:...} references.
    $script:Secrets = @{ SNOWFLAKE_PASSWORD = 'ado-Sf8-password'; DATABRICKS_TOKEN = 'ado-Db3-token' }
    # A job whose checkout holds the example payload files in integrations/.
    $script:Job = @{ Agent = 'Azure DevOps'; Checkout = 'examples/integrations'; CheckoutAs = 'integrations' }

    function Invoke-TestTask($Job, [hashtable] $Inputs, [hashtable] $Connection = $Endpoint) {
        $run = Invoke-TestAgentTask -Job $Job -Script $Handler -Inputs $Inputs -Endpoint $Connection -Environment $Secrets
        Assert-TestSecretsHidden $run $Connection
        $run
    }

    # The key is registered before any line that could show it (only the task library's debug lines come first), and no
    # line shows it or the payload files' secrets but that one command.
    function Assert-TestSecretsHidden($Run, [hashtable] $Connection) {
        $key = if ($Connection) { $Connection.ApiKey }
        if ($key) {
            $registered = [array]::IndexOf($Run.Output, "##vso[task.setsecret]$key")
            $registered | Should -BeGreaterOrEqual 0 -Because 'the key is registered as a secret with the agent'
            $Run.Output[0..$registered] | Select-Object -SkipLast 1 | Where-Object { $_ -notlike '##vso`[task.debug`]*' } | Should -BeNullOrEmpty
        }
        foreach ($secret in @($key) + $Secrets.Values | Where-Object { $_ }) {
            $Run.Output + $Run.Errors | Where-Object { $_.Contains($secret) -and $_ -ne "##vso[task.setsecret]$secret" } | Should -BeNullOrEmpty
        }
    }
}

AfterAll { Stop-TestFixture }

Describe 'ImmutaIntegrations@1, run as the agent runs it' {
    BeforeEach { Reset-TestEmulator $Emulator }

    It 'validates the payload files without a service connection and without calling the tenant' {
        $job = New-TestPipelineJob @Job
        $run = Invoke-TestTask $job @{ command = 'validate'; path = 'integrations' } -Connection $null
        $run.Result | Should -Be 'Succeeded'
        $run.Message | Should -Be 'Validate: 3 payload(s), 0 invalid.'
        $run.ExitCode | Should -Be 0
        $run.Outputs.changesPresent | Should -Be 'false'
        @(Get-EmulatorHistory $Emulator) | Should -BeNullOrEmpty
    }

    It 'annotates an invalid payload file at its line and fails, or succeeds with issues with onFailure warn' {
        $job = New-TestPipelineJob @Job
        $broken = Join-Path $job.Checkout 'integrations/broken.yaml'
        Set-TestFile $broken "type: Redshift`nautoBootstrap: false`nconfig:`n  host: broken.redshift.amazonaws.com`n  port: many`n"
        $failed = Invoke-TestTask $job @{ command = 'validate' } -Connection $null
        $failed.Result | Should -Be 'Failed'
        $failed.Message | Should -Be '1 of 4 payload(s) are not valid.'
        $annotation = @($failed.Issues | Where-Object { $_.Command -eq 'task.logissue' -and $_.Properties['sourcepath'] -like '*broken.yaml' })
        $annotation | Should -Not -BeNullOrEmpty
        $annotation[0].Properties['type'] | Should -Be 'error'
        $annotation | ForEach-Object { $_.Properties['linenumber'] } | Should -Contain '5'

        $warned = Invoke-TestTask $job @{ command = 'validate'; onFailure = 'warn' } -Connection $null
        $warned.Result | Should -Be 'SucceededWithIssues'
        $warned.ExitCode | Should -Be 0
    }

    It 'plans: changesPresent true with a summary uploaded, nothing changed on the tenant' {
        $job = New-TestPipelineJob @Job
        $run = Invoke-TestTask $job @{ connection = $Endpoint.Id; command = 'plan'; path = 'integrations' }
        $run.Result | Should -Be 'Succeeded'
        $run.Message | Should -Be 'Plan: 3 change(s), 0 unchanged.'
        $run.Outputs.changesPresent | Should -Be 'true'
        $run.Outputs.planFile | Should -Be ''
        $summaries = @($run.Commands | Where-Object Command -EQ 'task.uploadsummary')
        $summaries | Should -Not -BeNullOrEmpty
        foreach ($summary in $summaries) { Test-Path -LiteralPath $summary.Data | Should -BeTrue }
        Get-EmulatorWrite $Emulator | Should -BeNullOrEmpty
    }

    It 'saves a plan, applies exactly it, and then plans no change' {
        $job = New-TestPipelineJob @Job
        $planned = Invoke-TestTask $job @{ connection = $Endpoint.Id; command = 'plan'; path = 'integrations'; planFile = 'immuta.plan.json' }
        $planned.Outputs.changesPresent | Should -Be 'true'
        $planned.Outputs.planFile | Should -Be (Join-Path $job.Checkout 'immuta.plan.json')
        Test-Path -LiteralPath $planned.Outputs.planFile | Should -BeTrue

        # What the apply applies is the plan, not the files: a file changed since is not read.
        Remove-Item -LiteralPath (Join-Path $job.Checkout 'integrations') -Recurse
        $applied = Invoke-TestTask $job @{ connection = $Endpoint.Id; command = 'apply'; planFile = $planned.Outputs.planFile }
        $applied.Result | Should -Be 'Succeeded'
        $applied.Outputs.changesDone | Should -Be '3'
        $applied.Outputs.changesFailed | Should -Be '0'
        $applied.Outputs.changesPresent | Should -Be 'true'
        @(Get-EmulatorWrite $Emulator | Where-Object method -EQ 'POST').Count | Should -Be 3
        @($applied.Commands | Where-Object Command -EQ 'task.uploadsummary') | Should -Not -BeNullOrEmpty

        Copy-Item -LiteralPath (Join-Path (Get-TestPath Root) 'examples/integrations') -Destination (Join-Path $job.Checkout 'integrations') -Recurse
        $again = Invoke-TestTask $job @{ connection = $Endpoint.Id; command = 'plan' }
        $again.Result | Should -Be 'Succeeded'
        $again.Outputs.changesPresent | Should -Be 'false'
        $again.Message | Should -Be 'Plan: 0 change(s), 3 unchanged.'
    }

    It 'reads several payload folders, one per line, and checks drift and health after an apply' {
        $job = New-TestPipelineJob @Job
        New-Item -ItemType Directory -Path (Join-Path $job.Checkout 'more') | Out-Null
        Move-Item -LiteralPath (Join-Path $job.Checkout 'integrations/starburst.yaml') -Destination (Join-Path $job.Checkout 'more')
        $applied = Invoke-TestTask $job @{ connection = $Endpoint.Id; command = 'apply'; path = "integrations`nmore"; throttleLimit = '2' }
        $applied.Result | Should -Be 'Succeeded'
        $applied.Outputs.changesDone | Should -Be '3'

        $drift = Invoke-TestTask $job @{ connection = $Endpoint.Id; command = 'drift'; path = "integrations`nmore" }
        $drift.Result | Should -Be 'Succeeded'
        $drift.Outputs.changesPresent | Should -Be 'false'
        $onlyOne = Invoke-TestTask $job @{ connection = $Endpoint.Id; command = 'drift'; path = 'integrations' }
        $onlyOne.Result | Should -Be 'Succeeded' -Because 'without -Prune an integration no file names is not drift'

        $health = Invoke-TestTask $job @{ connection = $Endpoint.Id; command = 'health'; types = 'Snowflake, Trino' }
        $health.Result | Should -Be 'Succeeded'
        $health.Message | Should -Be 'Health: 2 integration(s), 0 unhealthy.'
    }

    It 'fails on a failed change with its error logged, or succeeds with issues with onFailure warn' {
        $job = New-TestPipelineJob @Job
        Edit-TestFile (Join-Path $job.Folder 'databricks-analytics.yaml') 'httpPath: \S+' 'httpPath: fail-http-path'
        $failed = Invoke-TestTask $job @{ connection = $Endpoint.Id; command = 'apply' }
        $failed.Result | Should -Be 'Failed'
        $failed.ExitCode | Should -Be 0 -Because 'node reports the result with task.complete'
        $failed.Outputs.changesFailed | Should -Be '1'
        $failed.Outputs.changesDone | Should -Be '2'
        $failed.Message | Should -BeLike 'Applied: 2 changed, 0 unchanged, 1 failed. Databricks integration * ended in createError.*'
        $errors = @($failed.Issues | Where-Object { $_.Properties['type'] -eq 'error' })
        $errors | Should -Not -BeNullOrEmpty
        $errors.Data | Should -Contain $failed.Message

        Reset-TestEmulator $Emulator
        $warned = Invoke-TestTask $job @{ connection = $Endpoint.Id; command = 'apply'; onFailure = 'warn' }
        $warned.Result | Should -Be 'SucceededWithIssues'
        $warned.Outputs.changesFailed | Should -Be '1'
        @($warned.Issues | Where-Object { $_.Properties['type'] -eq 'warning' }).Data | Should -Contain $warned.Message
    }

    It 'fails with a wrong key in one line that starts with AuthenticationFailed, without a stack trace' {
        $job = New-TestPipelineJob @Job
        $wrong = @{ Id = [guid]::NewGuid().ToString(); Url = $Emulator.Url; ApiKey = 'ado-Wr0-wrong-key' }
        $run = Invoke-TestTask $job @{ connection = $wrong.Id; command = 'plan' } -Connection $wrong
        $run.Result | Should -Be 'Failed'
        $run.Message | Should -BeLike 'AuthenticationFailed: *'
        # The script's one line (task-lib passes the child's error stream on with its output), then the task's issue and result.
        $lines = @($run.Output + $run.Errors | Where-Object { $_ -like '*AuthenticationFailed*' -and $_ -notlike '##vso`[*' })
        $lines.Count | Should -Be 1
        $lines[0] | Should -Be $run.Message
        $run.Output + $run.Errors | Where-Object { $_ -match '^\s+at \S' -or $_ -match '\.(ps1|js):\d+' } | Should -BeNullOrEmpty
        Get-EmulatorWrite $Emulator | Should -BeNullOrEmpty
    }

    It 'passes the tenant to PowerShell only in its environment, never on its command line' {
        $job = New-TestPipelineJob @Job
        $run = Invoke-TestTask $job @{ connection = $Endpoint.Id; command = 'plan' }
        $started = @($run.Output | Where-Object { $_ -like '`[command`]*' })
        $started.Count | Should -Be 1
        $started[0] | Should -BeLike "``[command``]$(Join-Path $job.Tools 'pwsh') -NoProfile -NonInteractive -File *Invoke-ImmutaCommand.ps1 -Command Plan *"
        $started[0] | Should -Not -BeLike "*$($Emulator.Url)*"
        $started[0] | Should -BeLike "*-ModulePath $(Join-Path $TaskFolder 'module/ImmutaIntegrations/ImmutaIntegrations.psd1')"
    }
}

Describe 'ImmutaIntegrations@1, where the agent cannot run it (TaskMockRunner)' {
    BeforeAll {
        $script:MockRun = Join-Path $PSScriptRoot '../Support/azure-devops/mock-run.js'
        $script:WindowsPowerShell = 'C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe'
        function Invoke-TestMockRun([hashtable] $Scenario, [hashtable] $Connection = $Endpoint) {
            $job = New-TestAgentJob -Parent (Get-TestWorkFolder)
            $file = Join-Path $job.Temp 'scenario.json'
            $Scenario | ConvertTo-Json -Depth 10 | Set-Content -LiteralPath $file -Encoding utf8NoBOM
            $run = Invoke-TestAgentTask -Job $job -Script $MockRun, $TaskFolder, $file -Endpoint $Connection
            Assert-TestSecretsHidden $run $Connection
            $run | Add-Member -NotePropertyName Job -NotePropertyValue $job -PassThru
        }
    }

    It 'fails in one line when the agent has no pwsh (Linux)' {
        $run = Invoke-TestMockRun @{ inputs = @{ connection = $Endpoint.Id; command = 'plan' }; answers = @{ which = @{}; getPlatform = @{ getPlatform = 2 } } }
        $run.Result | Should -Be 'Failed'
        $run.Message | Should -BeLike 'PowerShell 7 (pwsh) was not found on this agent: install PowerShell 7*'
        $run.Output | Where-Object { $_ -like '`[command`]*' } | Should -BeNullOrEmpty
    }

    It 'fails in one line when the service connection has no API key, before running anything' {
        $keyless = @{ Id = [guid]::NewGuid().ToString(); Url = $Emulator.Url; ApiKey = $null }
        $run = Invoke-TestMockRun @{ inputs = @{ connection = $keyless.Id; command = 'apply' }; answers = @{ which = @{ pwsh = '/usr/bin/pwsh' }; getPlatform = @{ getPlatform = 2 } } } -Connection $keyless
        $run.Result | Should -Be 'Failed'
        $run.Message | Should -Be "The Immuta service connection $($keyless.Id) has no API key: edit the service connection and enter the tenant's API key."
        $run.Output | Where-Object { $_ -like '##vso`[task.setsecret`]*' -or $_ -like '`[command`]*' } | Should -BeNullOrEmpty
    }

    It 'runs Windows PowerShell with a warning on a Windows agent without pwsh' {
        $job = New-TestAgentJob -Parent (Get-TestWorkFolder)
        $resultFile = Join-Path $job.Temp 'ImmutaIntegrations-result.json'
        $script = Join-Path $TaskFolder 'pipelines/Invoke-ImmutaCommand.ps1'
        $module = Join-Path $TaskFolder 'module/ImmutaIntegrations/ImmutaIntegrations.psd1'
        $expected = "$WindowsPowerShell -NoProfile -NonInteractive -ExecutionPolicy Bypass -File $script -Command Plan -Path integrations -Prune " +
            "-RotateSecret a`nb -OnFailure Warn -ResultFile $resultFile -ModulePath $module"
        $scenario = @{
            inputs = @{ connection = $Endpoint.Id; command = 'plan'; prune = 'true'; rotateSecret = 'a, b'; onFailure = 'warn' }
            answers = @{ which = @{ powershell = $WindowsPowerShell }; getPlatform = @{ getPlatform = 0 }; exec = @{ $expected = @{ code = 0; stdout = 'Plan: 1 change(s), 0 unchanged.' } } }
            result = @{ command = 'Plan'; outcome = 'Succeeded'; message = 'Plan: 1 change(s), 0 unchanged.'; changesPresent = $true; planFile = ''; done = 0; failed = 0; unchanged = 0; problems = 0 }
        }
        $file = Join-Path $job.Temp 'scenario.json'
        $scenario | ConvertTo-Json -Depth 10 | Set-Content -LiteralPath $file -Encoding utf8NoBOM
        $run = Invoke-TestAgentTask -Job $job -Script $MockRun, $TaskFolder, $file -Endpoint $Endpoint
        Assert-TestSecretsHidden $run $Endpoint
        $warning = @($run.Issues | Where-Object { $_.Properties['type'] -eq 'warning' })
        $warning.Data | Should -Be @('PowerShell 7 (pwsh) was not found on this agent: running Windows PowerShell (powershell.exe) instead. Install PowerShell 7 on the agent to run the module as it is tested.')
        # The mock answers only the command line expected, and prints it (the list's second value on a line of its own).
        $run.Output | Should -Contain "[command]$($expected.Split("`n")[0])"
        $run.Result | Should -Be 'Succeeded'
        $run.Outputs.changesPresent | Should -Be 'true'
    }

    It 'fails in one line on a Windows agent with neither pwsh nor powershell.exe' {
        $run = Invoke-TestMockRun @{ inputs = @{ connection = $Endpoint.Id; command = 'health' }; answers = @{ which = @{}; getPlatform = @{ getPlatform = 0 } } }
        $run.Result | Should -Be 'Failed'
        $run.Message | Should -Be 'Neither PowerShell 7 (pwsh) nor Windows PowerShell (powershell.exe) was found on this agent: install PowerShell 7 on it.'
    }
}
