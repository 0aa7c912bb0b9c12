# Tests Test-ImmutaIntegrationHealth and examples/Test-Health.ps1: the health of the integrations, as a scheduled job sees
# it, against the emulator. Transitions a test holds stay held on a second emulator with a long --transition-delay-ms
# until the test settles them.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../Support/TestFixture.psm1')
    $script:Emulator = Start-TestFixture -ApiKey 'health-key' -Environment @{
        SNOWFLAKE_PASSWORD = 'health-Vb2-secret-value'; DATABRICKS_TOKEN = 'health-Vb2-secret-value'
    }
    Import-Module (Join-Path $PSScriptRoot '../Support/CheckHelpers.psm1') -Force
    # The session's current connection.
    $script:Connection = $Emulator.Connection
    # Creating, editing and deleting last ten minutes here, unless a test settles them.
    $script:Held = Add-TestTenant -ApiKey 'health-key' -Seed $null -EmulatorArgument '--transition-delay-ms', '600000'
    $script:HeldConnection = $Held.Connection
    $script:Job = Get-TestJobEnvironment $Emulator

    function Invoke-TestHealth { Invoke-CheckPwsh -ArgumentList '-NoProfile', '-File', 'examples/Test-Health.ps1' -Environment $Job }
}

AfterAll { Stop-TestFixture }

Describe 'Test-ImmutaIntegrationHealth in a job (examples/Test-Health.ps1)' {
    It 'pwsh -File examples/Test-Health.ps1 exits non-zero when an integration is in createError, and prints it with its failed test''s message' {
        Reset-TestEmulator $Emulator -Seeded

        $run = Invoke-TestHealth

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
        Sync-ImmutaIntegration -Path (Join-Path (Get-TestPath Root) 'examples/integrations') -PollInterval 0.05 | Out-Null

        $run = Invoke-TestHealth

        $run.ExitCode | Should -Be 0 -Because ($run.Output -join "`n")
        $run.Output | Should -Contain 'Health: 3 integration(s), 3 healthy, 0 unhealthy.'
    }

    It 'Test-ImmutaIntegrationHealth in a fresh pwsh: the process exits 1 when any is unhealthy, 0 when none is, 1 when the tenant cannot be reached' {
        Reset-TestEmulator $Emulator -Seeded
        $closed = New-TestRefusingPort
        try {
            $unreachable = Get-TestJobEnvironment $Emulator -Variables @{ IMMUTA_URL = "http://127.0.0.1:$($closed.Port)" }

            $first = 'Test-ImmutaIntegrationHealth | Select-Object -First 1 | ForEach-Object { "$($_.Id) $($_.Problem)" }'
            $unwell = Invoke-FreshPwsh -Environment $Job -Script $first
            $well = Invoke-FreshPwsh -Environment $Job -Script 'Test-ImmutaIntegrationHealth -Type Snowflake -Quiet'
            $failed = Invoke-FreshPwsh -Environment $unreachable -Script "Test-ImmutaIntegrationHealth`n'went on'"

            $unwell.ExitCode | Should -Be 1 -Because ($unwell.Output -join "`n")
            $unwell.Output | Should -Contain '3 error state' -Because 'the code is set before the first result is written'
            $well.ExitCode | Should -Be 0 -Because ($well.Output -join "`n")
            $well.Output | Should -Be @('True')
            $failed.ExitCode | Should -Be 1 -Because ($failed.Output -join "`n")
            ($failed.Output -join ' ') | Should -Match 'Could not reach 127\.0\.0\.1'
            $failed.Output | Should -Contain 'went on'
        }
        finally { $closed.Socket.Dispose() }
    }
}

Describe 'Test-ImmutaIntegrationHealth' {
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

        $run = Invoke-FreshPwsh -Environment @{ IMMUTA_URL = $Held.Url; IMMUTA_API_KEY = 'health-key' } -Script @"
$(Get-TestSessionScript)
Test-ImmutaIntegrationHealth -StuckAfter 300 -PollInterval 0.1 | ForEach-Object { "`$(`$_.Status) `$(`$_.Healthy) [`$(`$_.Problem)]" }
"@
        $settled = Receive-Job $settle -Wait -AutoRemoveJob

        $settled.Reached | Should -BeTrue -Because "the check polled $($settled.Count) times before the integration was settled"
        $run.ExitCode | Should -Be 0 -Because ($run.Output -join "`n")
        $run.Output | Should -Contain 'enabled True []'
        $watching = '^Watching integrations in a change: 0 of 1 settled \(creating: 1\) \(\d\d:\d\d:\d\d elapsed\)$'
        @($run.Output | Where-Object { $_ -match $watching }).Count | Should -BeGreaterOrEqual 1
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
