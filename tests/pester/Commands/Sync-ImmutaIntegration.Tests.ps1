# Tests Sync-ImmutaIntegration (and the plan Compare-ImmutaIntegration shows of it), end to end against the emulator:
# apply, prune, replace; and what a pipeline job sees of the commands (Remove-ImmutaIntegration never prompting, the wait
# of New-ImmutaIntegration as plain progress lines, a sync's exit code, the example pipelines' plan and apply steps).
# (Export-ImmutaIntegration: Export-ImmutaIntegration.Tests.ps1.)

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../Support/TestFixture.psm1')
    $script:Secret = 'sync-Zq7-secret-value'
    $script:Emulator = Start-TestFixture -ApiKey 'sync-key' -Seed $null -EmulatorArgument '--transition-delay-ms', '50' -Environment @{
        SNOWFLAKE_PASSWORD = $Secret; DATABRICKS_TOKEN = $Secret
    }
    $script:Privileged = [pscredential]::new('immuta_bootstrap', (ConvertTo-TestSecureString $Secret))
    $script:Repository = Join-Path (Get-TestPath Root) 'examples/integrations'

    function Get-ChangeCount { Get-EmulatorChangeCount $Emulator }
}

AfterAll { Stop-TestFixture }

Describe 'Sync-ImmutaIntegration' {
    BeforeEach { Reset-TestEmulator $Emulator }

    It 'creates what the files describe, waits for each, and a second run changes nothing' {
        $folder = New-TestRepository

        $first = @(Sync-ImmutaIntegration -Path $folder -PollInterval 0.05)

        $first.Outcome | Should -Be @('Done', 'Done', 'Done')
        $first.Action | Should -Be @('Create', 'Create', 'Create')
        $first.Integration.Status | Should -Be @('enabled', 'enabled', 'enabled')
        (Get-ImmutaIntegration).Type | Sort-Object | Should -Be @('Databricks', 'Snowflake', 'Trino')
        (Get-ImmutaIntegration -Type Snowflake).Config.impersonation.role | Should -Be 'IMMUTA_IMPERSONATION'

        $changes = Get-ChangeCount
        $changes | Should -BeGreaterOrEqual 3 -Because 'the first sync sent a creation for each file'
        $second = @(Sync-ImmutaIntegration -Path $folder -PollInterval 0.05)

        $second.Action | Should -Be @('NoChange', 'NoChange', 'NoChange')
        $second.Outcome | Should -Be @('Done', 'Done', 'Done')
        Get-ChangeCount | Should -Be $changes -Because 'a second sync sends no change'
    }

    It 'plans the field diff of a nested block, secrets redacted, and applies it as an update' {
        $folder = New-TestRepository
        Sync-ImmutaIntegration -Path $folder -PollInterval 0.05 | Out-Null
        $file = Join-Path $folder 'snowflake-acme.yaml'
        Edit-TestFile $file '(?m)^    enabled: true' '    enabled: false'
        Edit-TestFile $file 'warehouse: IMMUTA_WH' 'warehouse: OTHER_WH'

        $plan = @(Compare-ImmutaIntegration -Path $folder)

        $update = $plan | Where-Object Type -eq 'Snowflake'
        $update.Action | Should -Be 'Update'
        $update.Target | Should -Be 'acme.us-east-1.snowflakecomputing.com'
        $update.Changes.Path | Should -Be @('config.warehouse', 'config.impersonation.enabled')
        $update.Changes[0].Before | Should -Be 'IMMUTA_WH'
        $update.Changes[0].After | Should -Be 'OTHER_WH'
        $update.Changes[1].Before | Should -BeTrue
        $update.Changes[1].After | Should -BeFalse
        $update.Changes[1].ToString() | Should -Be 'config.impersonation.enabled: true -> false'
        ($plan | Where-Object Type -ne 'Snowflake').Action | Should -Be @('NoChange', 'NoChange')
        ($plan | Out-String -Width 200) | Should -Match 'config\.impersonation\.enabled: true -> false'
        ($plan | Out-String -Width 200) + ($plan | Format-List | Out-String) | Should -Not -Match ([regex]::Escape($Secret))

        $applied = @(Sync-ImmutaIntegration -Path $folder -PollInterval 0.05) | Where-Object Action -eq 'Update'

        $applied.Outcome | Should -Be 'Done'
        $after = Get-ImmutaIntegration -Type Snowflake
        $after.Config.impersonation.enabled | Should -BeFalse
        $after.Config.warehouse | Should -Be 'OTHER_WH'
        (Compare-ImmutaIntegration -Path $folder).Action | Should -Be @('NoChange', 'NoChange', 'NoChange')
    }

    It 'blocks the whole sync when any file is invalid, and changes nothing' {
        $folder = New-TestRepository
        Set-TestFile (Join-Path $folder 'broken.yaml') "type: Snowflake`nautoBootstrap: true`nconfig:`n  host: other.snowflakecomputing.com`n  port: many`n"
        $changes = Get-ChangeCount

        { Sync-ImmutaIntegration -Path $folder -ErrorVariable problems -ErrorAction SilentlyContinue } | Should -Throw -ErrorId 'PayloadInvalid*'

        Get-ChangeCount | Should -Be $changes
        @(Get-ImmutaIntegration).Count | Should -Be 0
    }

    It 'prunes only what is in none of the files, and only with -Prune' {
        $folder = New-TestRepository
        Sync-ImmutaIntegration -Path $folder -PollInterval 0.05 | Out-Null
        Remove-Item (Join-Path $folder 'databricks-analytics.yaml')

        (Compare-ImmutaIntegration -Path $folder).Action | Should -Not -Contain 'Delete'
        @(Sync-ImmutaIntegration -Path $folder -PollInterval 0.05).Action | Should -Be @('NoChange', 'NoChange')
        (Get-ImmutaIntegration).Type | Sort-Object | Should -Be @('Databricks', 'Snowflake', 'Trino')

        $plan = @(Compare-ImmutaIntegration -Path $folder -Prune)
        ($plan | Where-Object Action -eq 'Delete').Type | Should -Be 'Databricks'
        $pruned = @(Sync-ImmutaIntegration -Path $folder -Prune -Credential $Privileged -PollInterval 0.05)

        ($pruned | Where-Object Action -eq 'Delete').Outcome | Should -Be 'Done'
        (Get-ImmutaIntegration | Where-Object Status -ne 'deleted').Type | Sort-Object | Should -Be @('Snowflake', 'Trino')
    }

    It 'replaces an integration whose fixed field changed only with -AllowReplace; without it that item fails and the rest go on' {
        $folder = New-TestRepository
        Sync-ImmutaIntegration -Path $folder -PollInterval 0.05 | Out-Null
        $before = Get-ImmutaIntegration -Type Databricks
        $file = Join-Path $folder 'databricks-analytics.yaml'
        Edit-TestFile $file 'catalog: immuta' 'catalog: governed'
        $snowflake = Join-Path $folder 'snowflake-acme.yaml'
        Edit-TestFile $snowflake 'warehouse: IMMUTA_WH' 'warehouse: NEXT_WH'

        $plan = Compare-ImmutaIntegration -Path $folder | Where-Object Type -eq 'Databricks'
        $plan.Action | Should -Be 'Replace'
        $plan.Changes.Immutable | Should -Be $true
        $plan.Reason | Should -BeLike 'config.catalog cannot change*'

        $refused = @(Sync-ImmutaIntegration -Path $folder -PollInterval 0.05 -ErrorVariable problems -ErrorAction SilentlyContinue)

        ($refused | Where-Object Type -eq 'Databricks').Outcome | Should -Be 'Failed'
        $problems.FullyQualifiedErrorId | Should -Be 'ReplaceNotAllowed,ImmutaIntegrations.Commands.SyncImmutaIntegrationCommand'
        ($refused | Where-Object Type -eq 'Snowflake').Outcome | Should -Be 'Done' -Because 'a refused item does not stop the others'
        (Get-ImmutaIntegration -Type Snowflake).Config.warehouse | Should -Be 'NEXT_WH'
        (Get-ImmutaIntegration -Id $before.Id).Config.catalog | Should -Be 'immuta'

        $replaced = @(Sync-ImmutaIntegration -Path $folder -AllowReplace -Credential $Privileged -PollInterval 0.05) | Where-Object Type -eq 'Databricks'

        $replaced.Outcome | Should -Be 'Done'
        $replaced.Id | Should -Not -Be $before.Id
        $now = @(Get-ImmutaIntegration -Type Databricks | Where-Object Status -ne 'deleted')
        $now.Count | Should -Be 1
        $now[0].Config.catalog | Should -Be 'governed'
    }

    It 'reports a failed change as an error and goes on with the others' {
        $folder = New-TestRepository
        $file = Join-Path $folder 'databricks-analytics.yaml'
        Edit-TestFile $file 'httpPath: \S+' 'httpPath: fail-http-path'

        $results = @(Sync-ImmutaIntegration -Path $folder -PollInterval 0.05 -ErrorVariable problems -ErrorAction SilentlyContinue)

        ($results | Where-Object Type -eq 'Databricks').Outcome | Should -Be 'Failed'
        ($results | Where-Object Type -eq 'Databricks').Message | Should -BeLike '*createError*'
        ($results | Where-Object Type -ne 'Databricks').Outcome | Should -Be @('Done', 'Done')
        $problems.Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'IntegrationFailed,*'
        "$($problems[0])" | Should -BeLike "$file`: Databricks integration * ended in createError*" -Because 'the error names the file it concerns'
    }

    It 'runs the setup scripts of a manual setup through -Executor before creating it, and its delete script after pruning it' {
        $folder = New-TestRepository
        Set-TestFile (Join-Path $folder 'redshift-manual.yaml') @"
type: Redshift
autoBootstrap: false
config:
  host: manual.redshift.amazonaws.com
  database: immuta
  authenticationType: userPassword
  username: immuta_system
  password: `${env:SNOWFLAKE_PASSWORD}
"@
        $statements = [System.Collections.Generic.List[string]]::new()

        $created = @(Sync-ImmutaIntegration -Path $folder -Executor { param($text) $statements.Add($text) } -PollInterval 0.05) | Where-Object Type -eq 'Redshift'

        $created.Outcome | Should -Be 'Done' -Because $created.Message
        $created.Integration.Status | Should -Be 'enabled'
        $statements.Count | Should -BeGreaterThan 0
        $setup = $statements.Count
        Remove-Item (Join-Path $folder 'redshift-manual.yaml')

        $pruned = @(Sync-ImmutaIntegration -Path $folder -Prune -Credential $Privileged -Executor { param($text) $statements.Add($text) } -PollInterval 0.05) | Where-Object Type -eq 'Redshift'

        $pruned.Outcome | Should -Be 'Done' -Because $pruned.Message
        $statements.Count | Should -BeGreaterThan $setup -Because 'the delete script ran after the deletion'
    }

    It 'refuses two files that describe the same integration, before any change' {
        $folder = New-TestRepository
        Copy-Item (Join-Path $folder 'snowflake-acme.yaml') (Join-Path $folder 'snowflake-copy.yaml')

        { Compare-ImmutaIntegration -Path $folder } | Should -Throw '*snowflake-acme.yaml and *snowflake-copy.yaml both describe the Snowflake integration*'
        { Sync-ImmutaIntegration -Path $folder } | Should -Throw -ErrorId 'PayloadInvalid*'
        @(Get-ImmutaIntegration).Count | Should -Be 0
    }

    It 'stops at a file it cannot read, naming it, and changes nothing' {
        $folder = New-TestRepository
        $broken = Join-Path $folder 'broken.yaml'
        Set-TestFile $broken "type: Snowflake`nconfig: [`n"
        $stopped = $null

        try { Sync-ImmutaIntegration -Path $folder -PollInterval 0.05 -ErrorVariable problems -ErrorAction SilentlyContinue | Out-Null }
        catch { $stopped = $_ }

        $stopped.FullyQualifiedErrorId | Should -BeLike 'PayloadInvalid,*'
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'PayloadFileInvalid,*'
        "$($problems[0])" | Should -BeLike "$broken`:*not valid YAML*"
        $problems.Count | Should -Be 2 -Because 'the variable holds the error about the file, then the one that stopped the command'
        [int](Get-ChangeCount) | Should -Be 0
        @(Get-ImmutaIntegration).Count | Should -Be 0
    }

    It 'tells what is wrong with the files before saying there is no connection' {
        $folder = New-TestRepository
        Set-TestFile (Join-Path $folder 'broken.yaml') "type: Snowflake`nconfig: [`n"
        $job = Get-TestJobEnvironment -Variables @{ IMMUTA_URL = $null; IMMUTA_API_KEY = $null }
        $script = "try { Compare-ImmutaIntegration -Path '$folder' -ErrorVariable problems -ErrorAction SilentlyContinue } catch { `$stopped = `$_ }`n" +
            "@(`$problems | Where-Object { `$_ -is [System.Management.Automation.ErrorRecord] } | Select-Object -First 1) + @(`$stopped) | ForEach-Object { `$_.FullyQualifiedErrorId -replace ',.*' }"

        $run = Invoke-FreshPwsh -Environment $job -Script $script
        $fixed = New-TestRepository
        $connectionOnly = Invoke-FreshPwsh -Environment $job -Script ($script -replace [regex]::Escape("'$folder'"), "'$fixed'")

        $run.Output | Should -Be @('PayloadFileInvalid', 'PayloadInvalid')
        $connectionOnly.Output | Should -Be @('NotConnected') -Because 'with valid files, what stops the plan is the missing connection'
    }

    It 'with -WhatIf changes nothing and says what it would do' {
        $folder = New-TestRepository
        $changes = Get-ChangeCount

        $run = Invoke-TestTranscript { Sync-ImmutaIntegration -Path $folder -WhatIf }

        $run.Output | Should -BeNullOrEmpty
        $run.Text | Should -Match 'What if: Performing the operation "Create from .*snowflake-acme\.yaml'
        $run.Text | Should -Not -Match ([regex]::Escape($Secret))
        Get-ChangeCount | Should -Be $changes
    }
}

Describe 'In a pipeline job' {
    BeforeAll {
        $script:Job = Get-TestJobEnvironment $Emulator
    }

    BeforeEach { Reset-TestEmulator $Emulator }

    It 'never prompts: a removal that would ask is a clear error, and nothing is removed (<Kind>)' -TestCases @(
        @{ Kind = 'pwsh -NonInteractive'; Redirected = $false }
        @{ Kind = 'input redirected, as CI agents run scripts'; Redirected = $true }
    ) {
        $id = (New-ImmutaIntegration -Path (Join-Path $Repository 'starburst.yaml') -Wait -Force -PollInterval 0.05).Id

        $run = Invoke-FreshPwsh -Environment $Job -RedirectedInput:$Redirected -Script "Remove-ImmutaIntegration -Id $id`n'went on'"

        ($run.Output -join ' ') -replace '\s*\|\s*', ' ' -replace '\s+', ' ' | Should -Match 'CannotPrompt|no one can answer here.*add -Force'
        $run.Output | Should -Contain 'went on' -Because 'the error ends the command, not the session'
        (Get-ImmutaIntegration -Id $id).Status | Should -Be 'enabled'
        (Get-EmulatorRequests $Emulator | Where-Object method -eq 'DELETE').Count | Should -Be 0
    }

    It 'a script run with pwsh -File exits non-zero when its sync had failures, and with the code it chooses when it exits itself' {
        $folder = New-TestRepository
        Edit-TestFile (Join-Path $folder 'databricks-analytics.yaml') 'httpPath: \S+' 'httpPath: fail-http-path'
        $environment = $Job + @{ SNOWFLAKE_PASSWORD = $Secret; DATABRICKS_TOKEN = $Secret }

        $failing = Invoke-FreshPwsh -Environment $environment -Script "Sync-ImmutaIntegration -Path '$folder' -PollInterval 0.05 | Out-Null`n'after the sync'"
        $again = Invoke-FreshPwsh -Environment $environment -Script "Sync-ImmutaIntegration -Path '$folder' -PollInterval 0.05 | Out-Null`nexit 0"

        $failing.ExitCode | Should -Be 1 -Because ($failing.Output -join "`n")
        $failing.Output | Should -Contain 'after the sync' -Because 'the script runs to its end'
        $again.ExitCode | Should -Be 0 -Because 'an explicit exit decides'
        (Get-ImmutaIntegration).Type | Sort-Object | Should -Contain 'Snowflake'
    }

    It 'shows progress as plain lines in the log' {
        # No line is written for an activity that ends within a second, so the wait must last longer than that however
        # slow the machine: the integration stays creating until the test settles it. The wait polls every 0.1 s, and
        # no poll comes sooner, so by its 15th poll it has shown the integration creating for 1.5 s; then it settles.
        $slow = Add-TestTenant -ApiKey 'sync-key' -Seed $null -EmulatorArgument '--transition-delay-ms', '600000' -NoConnection
        try {
            $settle = Start-TestEmulatorSettle -Emulator $slow -Route 'GET /integrations/{id}/status' -AtLeast 15
            $run = Invoke-FreshPwsh -Environment @{ IMMUTA_URL = $slow.Url; IMMUTA_API_KEY = 'sync-key' } -Script @"
$(Get-TestSessionScript)
New-ImmutaIntegration -Path '$(Join-Path $Repository 'starburst.yaml')' -Wait -Force -PollInterval 0.1 | Out-Null
exit `$LASTEXITCODE
"@
            $settled = Receive-Job $settle -Wait -AutoRemoveJob
            $settled.Reached | Should -BeTrue -Because "the wait polled $($settled.Count) times before the integration was settled"
            $run.ExitCode | Should -Be 0 -Because ($run.Output -join "`n")
            # The times shown are whatever the machine took (ten seconds or more on a busy one): the lines are the point.
            @($run.Output | Where-Object { $_ -match '^Waiting for the integration to settle: 0 of 1 settled \(creating: 1\) \(\d\d:\d\d:\d\d elapsed\)$' }).Count | Should -Be 1
            @($run.Output | Where-Object { $_ -match '^Waiting for the integration to settle: done after \d\d:\d\d:\d\d\.$' }).Count | Should -Be 1
            ($run.Output -join '') | Should -Not -Match "`e\[" -Because 'no progress bar is drawn in a log'
        }
        finally { Remove-TestTenant $slow }
    }

    It 'runs the <Name> steps as the pipeline does: a plan, an apply, a second apply that changes nothing, and a failing apply' -TestCases @(
        @{ Name = 'Azure DevOps'; File = 'azure-pipelines-powershell.yml' }
        @{ Name = 'GitHub Actions'; File = 'github-powershell.yml' }
    ) {
        $root = Get-TestPath Root
        $yaml = Get-Content -Raw (Join-Path $root "examples/$File")
        # Each step that runs the script: its command line and the environment variables it maps.
        $steps = if ($File -eq 'azure-pipelines-powershell.yml') {
            [regex]::Matches($yaml, '(?ms)displayName: (?<name>Plan|Apply)\n.*?filePath: (?<file>\S+)\n\s+arguments: (?<args>[^\n]+)\n\s+env:\n(?<env>(?:\s{6}\w+: [^\n]+\n?)+)') |
                ForEach-Object { [pscustomobject]@{ Name = $_.Groups['name'].Value; Command = ". '$($_.Groups['file'].Value)' $($_.Groups['args'].Value)"; Env = $_.Groups['env'].Value } }
        }
        else {
            [regex]::Matches($yaml, '(?ms)- name: (?<name>Plan|Apply)\n\s+shell: pwsh\n\s+run: (?<run>[^\n]+)\n\s+env:\n(?<env>(?:\s{10}\w+: [^\n]+\n?)+)') |
                ForEach-Object { [pscustomobject]@{ Name = $_.Groups['name'].Value; Command = $_.Groups['run'].Value; Env = $_.Groups['env'].Value } }
        }
        $steps.Name | Should -Be @('Plan', 'Apply')
        # The pipeline's variables and secrets, as the agent would give them to the step.
        $variables = @{ IMMUTA_URL = $Emulator.Url; IMMUTA_API_KEY = 'sync-key'; SNOWFLAKE_PASSWORD = $Secret; DATABRICKS_TOKEN = $Secret }
        function Invoke-Step($Step, [string] $Command = $Step.Command) {
            $environment = @{ PSModulePath = $Job.PSModulePath }
            foreach ($line in $Step.Env.Trim() -split '\n') {
                $name, $value = $line.Trim() -split ':\s*', 2
                $variable = [regex]::Match($value, '^(?:\$\((?<v>\w+)\)|\$\{\{ secrets\.(?<v>\w+) \}\})$').Groups['v'].Value
                $variable | Should -Not -BeNullOrEmpty -Because "$line maps a variable"
                $environment[$name] = $variables[$variable]
            }
            # What both agents run: the step's script in pwsh, then its exit code as the step's result.
            Push-Location $root
            try { Invoke-FreshPwsh -Environment $environment -Script "$Command`nif (Test-Path variable:LASTEXITCODE) { exit `$LASTEXITCODE }" }
            finally { Pop-Location }
        }
        $plan, $apply = $steps

        $planned = Invoke-Step $plan
        $planned.ExitCode | Should -Be 0 -Because ($planned.Output -join "`n")
        $planned.Output | Should -Contain 'Plan: 3 to create, 0 to update, 0 to replace, 0 to delete, 0 unchanged.'
        @(Get-ImmutaIntegration).Count | Should -Be 0

        $applied = Invoke-Step $apply
        $applied.ExitCode | Should -Be 0 -Because ($applied.Output -join "`n")
        $applied.Output | Should -Contain 'Applied: 3 changed, 0 unchanged, 0 failed.'
        (Get-ImmutaIntegration).Type | Sort-Object | Should -Be @('Databricks', 'Snowflake', 'Trino')
        ($planned.Output + $applied.Output) -join "`n" | Should -Not -Match ([regex]::Escape($Secret))

        $again = Invoke-Step $apply
        $again.ExitCode | Should -Be 0
        $again.Output | Should -Contain 'Applied: 0 changed, 3 unchanged, 0 failed.'

        # The same step on files where one change fails: the job fails, the other changes are made.
        $failing = New-TestRepository
        Edit-TestFile (Join-Path $failing 'databricks-analytics.yaml') 'catalog: immuta' 'catalog: governed'
        Edit-TestFile (Join-Path $failing 'snowflake-acme.yaml') 'IMMUTA_WH' 'NEXT_WH'
        $failed = Invoke-Step $apply ($apply.Command -replace 'examples/integrations', $failing)
        $failed.ExitCode | Should -Be 1 -Because ($failed.Output -join "`n")
        $failed.Output | Should -Contain 'Applied: 1 changed, 1 unchanged, 1 failed.'
        (Get-ImmutaIntegration -Type Snowflake).Config.warehouse | Should -Be 'NEXT_WH'
    }
}
