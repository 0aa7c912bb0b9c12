# The checks a scheduled job runs, end to end against the emulator: drift as an exit code (Compare-ImmutaIntegration
# -DetailedExitCode and examples/Test-Drift.ps1), the health of the integrations (Test-ImmutaIntegrationHealth and
# examples/Test-Health.ps1), and the scheduled pipelines that run both, each run in a fresh pwsh as agents do.
# Transitions that a test holds stay held on an emulator with a long --transition-delay-ms until the test settles them.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path (Get-TestPath Root) 'build/BuildTools.psm1') -Force
    Import-Module (Get-TestPath Module) -Force
    $script:Root = Get-TestPath Root
    $script:ModulePath = Get-TestPath Module
    $script:Emulator = Start-TestEmulator -ApiKey 'check-key'
    # Creating, editing and deleting last ten minutes here, unless a test settles them.
    $script:Held = Start-TestEmulator -ApiKey 'check-key' -SeedPath $null -ArgumentList '--transition-delay-ms', '600000'
    Disconnect-Immuta
    $script:HeldConnection = Connect-Immuta -Url $Held.Url -ApiKey (ConvertTo-TestSecureString 'check-key')
    # The current connection, last made.
    $script:Connection = Connect-Immuta -Url $Emulator.Url -ApiKey (ConvertTo-TestSecureString 'check-key')
    $script:Secret = 'check-Rk4-secret-value'
    # Given back in AfterAll as they were, so nothing of this file reaches the files run after it.
    $script:SavedEnvironment = @{ SNOWFLAKE_PASSWORD = $env:SNOWFLAKE_PASSWORD; DATABRICKS_TOKEN = $env:DATABRICKS_TOKEN }
    $env:SNOWFLAKE_PASSWORD = $Secret
    $env:DATABRICKS_TOKEN = $Secret
    $script:SavedExitCode = $global:LASTEXITCODE
    # A job's environment: the tenant, and the module found by name, as if installed.
    $script:Job = @{ IMMUTA_URL = $Emulator.Url; IMMUTA_API_KEY = 'check-key'; PSModulePath = (Split-Path $ModulePath) + [System.IO.Path]::PathSeparator + $env:PSModulePath }

    # A copy of examples/integrations, to edit.
    function New-TestRepository {
        $folder = Join-Path ([System.IO.Path]::GetTempPath()) ("checks-{0}" -f [guid]::NewGuid().ToString('n'))
        New-Item -ItemType Directory -Path $folder | Out-Null
        Copy-Item -Path (Join-Path $Root 'examples/integrations/*.yaml') -Destination $folder
        $folder
    }

    function Set-TestFile([string] $Path, [string] $Text) { Set-Content -LiteralPath $Path -Value $Text -Encoding utf8NoBOM }

    # A job's environment with some variables changed.
    function Get-JobEnvironment([hashtable] $Changes = @{}) {
        $environment = $Job.Clone()
        foreach ($name in $Changes.Keys) { $environment[$name] = $Changes[$name] }
        $environment
    }

    # Runs pwsh -NonInteractive with these arguments from the repository's root, as a job's step does
    # (`pwsh -NoProfile -File script args`): its output lines and exit code.
    function Invoke-Pwsh {
        param([Parameter(Mandatory)] [string[]] $ArgumentList, [hashtable] $Environment = $Job)
        $pwsh = Get-PwshCommand
        $saved = @{}
        Push-Location $Root
        try {
            foreach ($name in $Environment.Keys) { $saved[$name] = [Environment]::GetEnvironmentVariable($name); [Environment]::SetEnvironmentVariable($name, $Environment[$name]) }
            $output = & $pwsh.Path $pwsh.Arguments -NonInteractive @ArgumentList 2>&1 | ForEach-Object { "$_" }
            [pscustomobject]@{ Output = @($output); ExitCode = $LASTEXITCODE }
        }
        finally {
            Pop-Location
            foreach ($name in $saved.Keys) { [Environment]::SetEnvironmentVariable($name, $saved[$name]) }
        }
    }
}

AfterAll {
    Disconnect-Immuta -Connection $HeldConnection
    Disconnect-Immuta -Connection $Connection
    Stop-TestEmulator $Emulator
    Stop-TestEmulator $Held
    foreach ($name in $SavedEnvironment.Keys) { [Environment]::SetEnvironmentVariable($name, $SavedEnvironment[$name]) }
    $global:LASTEXITCODE = $SavedExitCode
}

Describe 'Drift as an exit code' {
    BeforeEach {
        Reset-TestEmulator $Emulator
        $script:Folder = New-TestRepository
        Sync-ImmutaIntegration -Path $Folder -PollInterval 0.05 | Out-Null
    }

    AfterEach { Remove-Item -LiteralPath $Folder -Recurse -Force -ErrorAction SilentlyContinue }

    It 'pwsh -File examples/Test-Drift.ps1 exits 0 and prints the plan when the tenant matches the files' {
        $run = Invoke-Pwsh -ArgumentList '-NoProfile', '-File', 'examples/Test-Drift.ps1', '-Path', $Folder, '-Prune'

        $run.ExitCode | Should -Be 0 -Because ($run.Output -join "`n")
        $run.Output | Should -Contain 'Plan: 0 to create, 0 to update, 0 to replace, 0 to delete, 3 unchanged.'
        $run.Output | Should -Contain 'No drift: the tenant matches the files.'
        ($run.Output -join "`n") | Should -Match 'NoChange\s+Snowflake\s+\d+\s+acme\.us-east-1\.snowflakecomputing\.com'
    }

    It 'pwsh -File examples/Test-Drift.ps1 exits 2 after a file is edited, and with -Prune when the tenant has one more' {
        $file = Join-Path $Folder 'snowflake-acme.yaml'
        Set-TestFile $file ((Get-Content -Raw $file) -replace 'warehouse: IMMUTA_WH', 'warehouse: OTHER_WH')

        $edited = Invoke-Pwsh -ArgumentList '-NoProfile', '-File', 'examples/Test-Drift.ps1', '-Path', $Folder

        $edited.ExitCode | Should -Be 2 -Because ($edited.Output -join "`n")
        $edited.Output | Should -Contain 'Plan: 0 to create, 1 to update, 0 to replace, 0 to delete, 2 unchanged.'
        $edited.Output | Should -Contain 'Drift: the tenant differs from the files; Sync-ImmutaIntegration would make the changes above.'
        ($edited.Output -join "`n") | Should -Match "config\.warehouse: 'IMMUTA_WH' -> 'OTHER_WH'"
        ($edited.Output -join "`n") | Should -Not -Match ([regex]::Escape($Secret))

        Sync-ImmutaIntegration -Path $Folder -PollInterval 0.05 | Out-Null
        New-ImmutaIntegration -Payload (Get-TestPayload s3) -Force | Out-Null

        $kept = Invoke-Pwsh -ArgumentList '-NoProfile', '-File', 'examples/Test-Drift.ps1', '-Path', $Folder
        $pruned = Invoke-Pwsh -ArgumentList '-NoProfile', '-File', 'examples/Test-Drift.ps1', '-Path', $Folder, '-Prune'

        $kept.ExitCode | Should -Be 0 -Because 'without -Prune an integration in no file is no drift'
        $pruned.ExitCode | Should -Be 2 -Because ($pruned.Output -join "`n")
        $pruned.Output | Should -Contain 'Plan: 0 to create, 0 to update, 0 to replace, 1 to delete, 3 unchanged.'
    }

    It 'pwsh -File examples/Test-Drift.ps1 exits 1 when <Case>' -TestCases @(
        @{ Case = 'the tenant cannot be reached'; Message = 'Could not reach 127.0.0.1*' }
        @{ Case = 'the tenant refuses the key'; Message = 'Missing or invalid credentials*' }
        @{ Case = 'a file is invalid'; Message = 'The payload from *broken.yaml is not valid*' }
    ) {
        $closed = New-TestRefusingPort
        try {
            $environment = switch ($Case) {
                'the tenant cannot be reached' { Get-JobEnvironment @{ IMMUTA_URL = "http://127.0.0.1:$($closed.Port)" } }
                'the tenant refuses the key' { Get-JobEnvironment @{ IMMUTA_API_KEY = 'not-the-key' } }
                default { Set-TestFile (Join-Path $Folder 'broken.yaml') "type: Snowflake`nautoBootstrap: true`nconfig:`n  port: many`n"; $Job }
            }

            $run = Invoke-Pwsh -ArgumentList '-NoProfile', '-File', 'examples/Test-Drift.ps1', '-Path', $Folder -Environment $environment

            $run.ExitCode | Should -Be 1 -Because ($run.Output -join "`n")
            $failure = @($run.Output | Where-Object { $_ -like 'The drift check failed: *' })
            $failure.Count | Should -Be 1 -Because ($run.Output -join "`n")
            $failure[0] | Should -BeLike "The drift check failed: $Message"
            $run.Output | Should -Not -Contain 'No drift: the tenant matches the files.'
        }
        finally { $closed.Socket.Dispose() }
    }

    It 'Compare-ImmutaIntegration -DetailedExitCode in a fresh pwsh: $LASTEXITCODE and the process exit 0, 2 and 1 without an exit of the script' {
        $edited = New-TestRepository
        $file = Join-Path $edited 'databricks-analytics.yaml'
        Set-TestFile $file ((Get-Content -Raw $file) -replace 'httpPath: \S+', 'httpPath: sql/other')
        $closed = New-TestRefusingPort
        try {
            $script = { param($Path) "Compare-ImmutaIntegration -Path '$Path' -DetailedExitCode | Out-Null`n'LASTEXITCODE=' + `$LASTEXITCODE" }

            $same = Invoke-FreshPwsh -Environment $Job -Script (& $script $Folder)
            $drift = Invoke-FreshPwsh -Environment $Job -Script (& $script $edited)
            $failed = Invoke-FreshPwsh -Environment (Get-JobEnvironment @{ IMMUTA_URL = "http://127.0.0.1:$($closed.Port)" }) -Script (& $script $Folder)
            $redirected = Invoke-FreshPwsh -Environment $Job -RedirectedInput -Script (& $script $edited)

            $same.ExitCode | Should -Be 0 -Because ($same.Output -join "`n")
            $same.Output | Should -Contain 'LASTEXITCODE=0'
            $drift.ExitCode | Should -Be 2 -Because ($drift.Output -join "`n")
            $drift.Output | Should -Contain 'LASTEXITCODE=2'
            $failed.ExitCode | Should -Be 1 -Because ($failed.Output -join "`n")
            $failed.Output | Should -Contain 'LASTEXITCODE=1' -Because 'the terminating error ends the command, and the script goes on'
            ($failed.Output -join ' ') | Should -Match 'Could not reach 127\.0\.0\.1'
            $redirected.ExitCode | Should -Be 2 -Because 'a console whose input is redirected is a job too'
        }
        finally {
            $closed.Socket.Dispose()
            Remove-Item -LiteralPath $edited -Recurse -Force
        }
    }

    It 'a later check that finds no drift leaves an earlier non-zero code as the process''s, and an explicit exit decides' {
        $edited = New-TestRepository
        Set-TestFile (Join-Path $edited 'snowflake-acme.yaml') ((Get-Content -Raw (Join-Path $edited 'snowflake-acme.yaml')) -replace 'IMMUTA_WH', 'NEXT_WH')
        try {
            $both = "Compare-ImmutaIntegration -Path '$edited' -DetailedExitCode | Out-Null`nCompare-ImmutaIntegration -Path '$Folder' -DetailedExitCode | Out-Null`n'LASTEXITCODE=' + `$LASTEXITCODE"

            $run = Invoke-FreshPwsh -Environment $Job -Script $both
            $exited = Invoke-FreshPwsh -Environment $Job -Script "$both`nexit 0"

            $run.Output | Should -Contain 'LASTEXITCODE=0'
            $run.ExitCode | Should -Be 2 -Because 'the drift found first is not hidden by the check after it'
            $exited.ExitCode | Should -Be 0
        }
        finally { Remove-Item -LiteralPath $edited -Recurse -Force }
    }

    It 'in a session, -DetailedExitCode sets $LASTEXITCODE and still returns the plan; without it $LASTEXITCODE is left alone' {
        $global:LASTEXITCODE = 42
        $plain = @(Compare-ImmutaIntegration -Path $Folder)
        $global:LASTEXITCODE | Should -Be 42

        $plan = @(Compare-ImmutaIntegration -Path $Folder -DetailedExitCode)

        $plan.Action | Should -Be $plain.Action
        $global:LASTEXITCODE | Should -Be 0
        { Compare-ImmutaIntegration -Path (Join-Path $Folder 'missing.yaml') -DetailedExitCode } | Should -Throw -ErrorId 'PayloadFileNotFound*'
        $global:LASTEXITCODE | Should -Be 1
    }
}

Describe 'The health check' {
    It 'pwsh -File examples/Test-Health.ps1 exits non-zero when an integration is in createError, and prints it with its failed test''s message' {
        Reset-TestEmulator $Emulator -Seeded

        $run = Invoke-Pwsh -ArgumentList '-NoProfile', '-File', 'examples/Test-Health.ps1'

        $run.ExitCode | Should -Be 1 -Because ($run.Output -join "`n")
        $run.Output | Should -Contain 'Health: 7 integration(s), 6 healthy, 1 unhealthy.'
        $text = $run.Output -join "`n"
        $text | Should -Match 'Type\s+: Redshift'
        $text | Should -Match 'Status\s+: createError'
        $text | Should -Match 'Problem\s+: error state'
        $text | Should -Match 'FailedTests : Initial Validation: Basic Connection Test: failed \(Connection refused\.\)'
        $text | Should -Not -Match 'Type\s+: Snowflake' -Because 'only the unhealthy ones are printed'
    }

    It 'pwsh -File examples/Test-Health.ps1 exits 0 on a healthy tenant' {
        Reset-TestEmulator $Emulator
        Sync-ImmutaIntegration -Path (Join-Path $Root 'examples/integrations') -PollInterval 0.05 | Out-Null

        $run = Invoke-Pwsh -ArgumentList '-NoProfile', '-File', 'examples/Test-Health.ps1'

        $run.ExitCode | Should -Be 0 -Because ($run.Output -join "`n")
        $run.Output | Should -Contain 'Health: 3 integration(s), 3 healthy, 0 unhealthy.'
    }

    It 'Test-ImmutaIntegrationHealth in a fresh pwsh: the process exits 1 when any is unhealthy, 0 when none is, 1 when the tenant cannot be reached' {
        Reset-TestEmulator $Emulator -Seeded
        $closed = New-TestRefusingPort
        try {
            $unwell = Invoke-FreshPwsh -Environment $Job -Script "Test-ImmutaIntegrationHealth | Select-Object -First 1 | ForEach-Object { `"`$(`$_.Id) `$(`$_.Problem)`" }"
            $well = Invoke-FreshPwsh -Environment $Job -Script "Test-ImmutaIntegrationHealth -Type Snowflake -Quiet"
            $failed = Invoke-FreshPwsh -Environment (Get-JobEnvironment @{ IMMUTA_URL = "http://127.0.0.1:$($closed.Port)" }) -Script "Test-ImmutaIntegrationHealth`n'went on'"

            $unwell.ExitCode | Should -Be 1 -Because ($unwell.Output -join "`n")
            $unwell.Output | Should -Contain '3 error state'
            $well.ExitCode | Should -Be 0 -Because ($well.Output -join "`n")
            $well.Output | Should -Be @('True')
            $failed.ExitCode | Should -Be 1 -Because ($failed.Output -join "`n")
            ($failed.Output -join ' ') | Should -Match 'Could not reach 127\.0\.0\.1'
            $failed.Output | Should -Contain 'went on'
        }
        finally { $closed.Socket.Dispose() }
    }

    It 'returns one result per integration, the unhealthy first, with Id and Type filters, -Quiet, and $LASTEXITCODE' {
        Reset-TestEmulator $Emulator -Seeded

        $all = @(Test-ImmutaIntegrationHealth)
        $code = $global:LASTEXITCODE

        $all.Id | Should -Be @('3', '1', '2', '4', '5', '6', '7')
        $code | Should -Be 1
        $all[0].Healthy | Should -BeFalse
        $all[0].Target | Should -Be 'acme.redshift.amazonaws.com'
        $all[0].FailedTests.Message | Should -Be 'Connection refused.'
        $all[0].Connection | Should -Be $Connection
        @($all | Where-Object Healthy).Count | Should -Be 6
        ($all | Where-Object Healthy).Problem | Should -Be @($null, $null, $null, $null, $null, $null)

        Test-ImmutaIntegrationHealth -Type 'Snow*', Starburst -Quiet | Should -BeTrue
        $global:LASTEXITCODE | Should -Be 0
        (Test-ImmutaIntegrationHealth -Id 4, 99, 3 -ErrorVariable missing -ErrorAction SilentlyContinue).Id | Should -Be @('3', '4')
        $missing.FullyQualifiedErrorId | Should -Be 'IntegrationNotFound,ImmutaIntegrations.Commands.TestImmutaIntegrationHealthCommand'
        $global:LASTEXITCODE | Should -Be 1 -Because 'an id that could not be read fails the check'
        (Get-ImmutaIntegration -Id 1, 3 | Test-ImmutaIntegrationHealth).Healthy | Should -Be @($false, $true)
    }

    It 'reports an integration held in creating past -StuckAfter as stuck' {
        Reset-TestEmulator $Held
        $id = (New-ImmutaIntegration -Payload @{ type = 'Trino' } -Force -Connection $HeldConnection).Id

        $report = @(Test-ImmutaIntegrationHealth -Connection $HeldConnection -StuckAfter 1 -PollInterval 0.1)

        $report.Count | Should -Be 1
        $report[0].Id | Should -Be $id
        $report[0].Healthy | Should -BeFalse
        $report[0].Status | Should -Be 'creating'
        $report[0].Problem | Should -Be 'stuck in creating for 00:00:01'
        $global:LASTEXITCODE | Should -Be 1
        Test-ImmutaIntegrationHealth -Connection $HeldConnection -StuckAfter 0 -Quiet | Should -BeFalse
    }

    It 'does not report as stuck an integration that settles in time, judges it where it settled, and shows the watch as progress lines' {
        # The integration stays creating until the test settles it, after the check has asked its status 15 times, so
        # the check has watched it for at least 1.5 s (one look every 0.1 s), long enough for a progress line; -StuckAfter
        # is only a backstop.
        Reset-TestEmulator $Held
        New-ImmutaIntegration -Payload @{ type = 'Trino' } -Force -Connection $HeldConnection | Out-Null
        $settle = Start-TestEmulatorSettle -Emulator $Held -Route 'GET /integrations/{id}/status' -AtLeast 15

        $run = Invoke-FreshPwsh -Environment @{ IMMUTA_URL = $Held.Url; IMMUTA_API_KEY = 'check-key' } -Script @"
Import-Module '$ModulePath'
Test-ImmutaIntegrationHealth -StuckAfter 300 -PollInterval 0.1 | ForEach-Object { "`$(`$_.Status) `$(`$_.Healthy) [`$(`$_.Problem)]" }
"@
        $settled = Receive-Job $settle -Wait -AutoRemoveJob

        $settled.Reached | Should -BeTrue -Because "the check polled $($settled.Count) times before the integration was settled"
        $run.ExitCode | Should -Be 0 -Because ($run.Output -join "`n")
        $run.Output | Should -Contain 'enabled True []'
        @($run.Output | Where-Object { $_ -match '^Watching integrations in a change: 0 of 1 settled \(creating: 1\) \(\d\d:\d\d:\d\d elapsed\)$' }).Count | Should -BeGreaterOrEqual 1
        @($run.Output | Where-Object { $_ -match '^Watching integrations in a change: done after \d\d:\d\d:\d\d\.$' }).Count | Should -Be 1
    }

    It 'judges an integration whose change ends in an error status while it is watched as in error, with its failed test' {
        Reset-TestEmulator $Held
        $payload = Get-TestPayload databricks
        $payload.config.httpPath = 'fail-http-path'
        $id = (New-ImmutaIntegration -Payload $payload -Force -Connection $HeldConnection).Id
        $settle = Start-TestEmulatorSettle -Emulator $Held -Route 'GET /integrations/{id}/status' -AtLeast 2

        $report = @(Test-ImmutaIntegrationHealth -Connection $HeldConnection -StuckAfter 300 -PollInterval 0.1)
        (Receive-Job $settle -Wait -AutoRemoveJob).Reached | Should -BeTrue

        $report.Id | Should -Be $id
        $report[0].Status | Should -Be 'createError'
        $report[0].Problem | Should -Be 'error state'
        $report[0].FailedTests | Should -Not -BeNullOrEmpty
    }
}

Describe 'The scheduled pipelines' {
    BeforeAll {
        # Each file read with the module's own YAML library, in a fresh pwsh, and written back as JSON.
        $yaml = Join-Path $ModulePath 'Dependencies/YamlDotNet.dll'
        function Read-TestYaml([string] $File) {
            $run = Invoke-FreshPwsh -Script @"
Add-Type -LiteralPath '$yaml'
`$text = Get-Content -Raw -LiteralPath '$(Join-Path $Root "examples/$File")'
`$document = [YamlDotNet.Serialization.DeserializerBuilder]::new().Build().Deserialize([System.IO.StringReader]::new(`$text))
`$document | ConvertTo-Json -Depth 20 -Compress
"@
            $run.ExitCode | Should -Be 0 -Because "examples/$File is valid YAML: $($run.Output -join "`n")"
            $run.Output -join '' | ConvertFrom-Json -AsHashtable
        }
        # The pipeline's variables and secrets, as the agent gives them to a step.
        $script:Variables = @{ IMMUTA_URL = $Emulator.Url; IMMUTA_API_KEY = 'check-key' }
        # A step as the agent runs it: its command line (`pwsh -File ...`) from the repository's root, with the variables
        # it maps, the module installed by the step before it.
        function Invoke-Step($Step) {
            $environment = @{ PSModulePath = $Job.PSModulePath }
            foreach ($name in $Step.env.Keys) {
                $variable = [regex]::Match($Step.env[$name], '^(?:\$\((?<v>\w+)\)|\$\{\{ secrets\.(?<v>\w+) \}\})$').Groups['v'].Value
                $variable | Should -Not -BeNullOrEmpty -Because "$name maps a variable"
                $environment[$name] = $Variables[$variable]
            }
            $command, $arguments = $Step.Command -split '\s+'
            $command | Should -Be 'pwsh'
            Invoke-Pwsh -ArgumentList $arguments -Environment $environment
        }
    }

    It '<Name> runs on a schedule, and runs the drift and health checks with the tenant''s secrets' -TestCases @(
        @{ Name = 'Azure DevOps'; File = 'azure-pipelines-scheduled.yml' }
        @{ Name = 'GitHub Actions'; File = 'github-scheduled.yml' }
    ) {
        $pipeline = Read-TestYaml $File
        if ($File -like 'azure*') {
            $schedule = $pipeline.schedules[0]
            $schedule.always | Should -Be 'true'
            $schedule.branches.include | Should -Contain 'main'
            $pipeline.trigger | Should -Be 'none'
            $steps = @($pipeline.steps | Where-Object { $_.ContainsKey('script') } | ForEach-Object { @{ Name = $_.displayName; Command = $_.script; env = $_.env; Condition = $_.condition } })
            $steps[1].Condition | Should -Be 'succeededOrFailed()' -Because 'health is checked after drift was found too'
        }
        else {
            $schedule = $pipeline.on.schedule[0]
            $pipeline.on.Keys | Should -Contain 'workflow_dispatch'
            $job = @($pipeline.jobs.Values)[0]
            $steps = @($job.steps | Where-Object { $_.ContainsKey('run') -and $_.run -like 'pwsh *' } | ForEach-Object { @{ Name = $_.name; Command = $_.run; env = $_.env; Condition = $_.if } })
            $steps[1].Condition | Should -Be '${{ !cancelled() }}' -Because 'health is checked after drift was found too'
        }
        $schedule.cron -split '\s+' | Should -HaveCount 5
        $steps.Name | Should -Be @('Drift', 'Health')
        $steps[0].Command | Should -BeLike 'pwsh * -File examples/Test-Drift.ps1 *'
        $steps[1].Command | Should -BeLike 'pwsh * -File examples/Test-Health.ps1*'
        foreach ($step in $steps) { @($step.env.Keys | Sort-Object) | Should -Be @('IMMUTA_API_KEY', 'IMMUTA_URL') }
    }

    It '<Name>: the steps pass on a tenant that matches the files and is healthy, and fail with drift and with an unwell integration' -TestCases @(
        @{ Name = 'Azure DevOps'; File = 'azure-pipelines-scheduled.yml' }
        @{ Name = 'GitHub Actions'; File = 'github-scheduled.yml' }
    ) {
        $pipeline = Read-TestYaml $File
        $steps = if ($File -like 'azure*') { @($pipeline.steps | Where-Object { $_.ContainsKey('script') } | ForEach-Object { @{ Command = $_.script; env = $_.env } }) }
        else { @(@($pipeline.jobs.Values)[0].steps | Where-Object { $_.ContainsKey('run') -and $_.run -like 'pwsh *' } | ForEach-Object { @{ Command = $_.run; env = $_.env } }) }
        $drift, $health = $steps
        Reset-TestEmulator $Emulator
        Sync-ImmutaIntegration -Path (Join-Path $Root 'examples/integrations') -PollInterval 0.05 | Out-Null

        $matching = Invoke-Step $drift
        $healthy = Invoke-Step $health
        $matching.ExitCode | Should -Be 0 -Because ($matching.Output -join "`n")
        $healthy.ExitCode | Should -Be 0 -Because ($healthy.Output -join "`n")

        # By hand: the Snowflake warehouse changed, and a Redshift integration whose creation failed.
        $changed = New-TestRepository
        try {
            Set-TestFile (Join-Path $changed 'snowflake-acme.yaml') ((Get-Content -Raw (Join-Path $changed 'snowflake-acme.yaml')) -replace 'IMMUTA_WH', 'HAND_WH')
            Sync-ImmutaIntegration -Path $changed -PollInterval 0.05 | Out-Null
        }
        finally { Remove-Item -LiteralPath $changed -Recurse -Force }
        $redshift = Get-TestPayload redshift
        $redshift.config.password = 'fail-on-create'
        New-ImmutaIntegration -Payload $redshift -Force | Out-Null

        $drifted = Invoke-Step $drift
        $unwell = Invoke-Step $health
        $drifted.ExitCode | Should -Be 2 -Because ($drifted.Output -join "`n")
        $drifted.Output | Should -Contain 'Plan: 0 to create, 1 to update, 0 to replace, 1 to delete, 2 unchanged.'
        $unwell.ExitCode | Should -Be 1 -Because ($unwell.Output -join "`n")
        $unwell.Output | Should -Contain 'Health: 4 integration(s), 3 healthy, 1 unhealthy.'
    }
}
