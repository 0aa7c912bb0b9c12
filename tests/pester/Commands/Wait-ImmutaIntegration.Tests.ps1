# Wait-ImmutaIntegration: waiting for what a pipeline gives it, for several integrations at once, and -Timeout (with
# New-ImmutaIntegration -Wait -Timeout). Two tenants: a fast one, whose transitions take 100 ms, and a slow one where
# nothing settles until a test settles it (Complete-TestEmulatorTransition), for waits and timeouts that cannot race a
# clock.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../Support/TestFixture.psm1')
    # The current connection: commands without -Connection use it.
    $script:Emulator = Start-TestFixture -ApiKey 'wait-key' -Seed $null -EmulatorArgument '--transition-delay-ms', '100'
    # Ten minutes: on the slow tenant nothing settles until a test settles it.
    $script:SlowEmulator = Add-TestTenant -ApiKey 'wait-key' -Seed $null -EmulatorArgument '--transition-delay-ms', '600000'
    $script:Slow = $SlowEmulator.Connection
}

AfterAll { Stop-TestFixture }

Describe 'Wait-ImmutaIntegration' {
    It 'Get-ImmutaIntegration | Where-Object Status -like *Error | Wait-ImmutaIntegration returns the final integrations in order, each failed one with a non-terminating IntegrationFailed' {
        $payloads = (New-TestSnowflakePayload 'delta' 'fail-delta'), (New-TestSnowflakePayload 'epsilon'), (New-TestSnowflakePayload 'zeta' 'fail-zeta')
        $payloads | New-ImmutaIntegration -Wait -Force -PollInterval 0.1 -ErrorAction SilentlyContinue | Out-Null
        $failed = Get-ImmutaIntegration | Where-Object { $_.Config.host -like 'delta.*' -or $_.Config.host -like 'zeta.*' }

        $settled = Get-ImmutaIntegration | Where-Object Status -like '*Error' | Wait-ImmutaIntegration -PollInterval 0.1 -ErrorVariable failures -ErrorAction SilentlyContinue

        $settled.Id | Should -Be $failed.Id
        $settled.Status | Should -Be @('createError', 'createError')
        $failures | Should -HaveCount 2
        $failures.FullyQualifiedErrorId | ForEach-Object { $_ | Should -BeLike 'IntegrationFailed,*' }
        $failures[0].Exception.Integration.Id | Should -Be $failed[0].Id
        $failures[1].Exception.Integration.Id | Should -Be $failed[1].Id
        $failures[0].Exception.Message | Should -BeLike '*config.warehouse was rejected*'
    }

    It 'Wait-ImmutaIntegration -Id waits for several integrations at once and returns them in the order given' {
        $created = 1..6 | ForEach-Object { New-TestSnowflakePayload "parallel$_" } | New-ImmutaIntegration -Force -Connection $Slow
        $ids = @($created.Id)
        [array]::Reverse($ids)
        $created.Status | Should -Be (@('creating') * 6)

        # A wait first reads its integration whole, then polls its status. None settles until the test settles them:
        # all six first reads can come only if the six are waited for at once (one after another, the first would
        # be polled until the backstop). Then they settle, and the wait returns.
        $firstReads = (Get-EmulatorRequestCount $SlowEmulator 'GET /integrations/{id}') + 6
        $settle = Start-TestEmulatorSettle -Emulator $SlowEmulator -Route 'GET /integrations/{id}' -AtLeast $firstReads
        $settled = Wait-ImmutaIntegration -Id $ids -PollInterval 0.1 -Connection $Slow
        $reached = Receive-Job $settle -Wait -AutoRemoveJob

        $reached.Reached | Should -BeTrue -Because "all six were to be read before any settled ($($reached.Count) of $firstReads reads)"
        $settled.Id | Should -Be $ids
        $settled.Status | Should -Be (@('enabled') * 6)
    }

    It '-Timeout ends a wait that lasts too long with WaitTimeout, for Wait-ImmutaIntegration and New-ImmutaIntegration -Wait' {
        $pending = New-ImmutaIntegration -Path (Get-TestExample trino) -Force -Connection $Slow

        $last = Wait-ImmutaIntegration -Id $pending.Id -Timeout 0.2 -PollInterval 0.05 -Connection $Slow -ErrorVariable waited -ErrorAction SilentlyContinue
        $output = New-ImmutaIntegration -Path (Get-TestExample databricks) -Wait -Timeout 0.2 -PollInterval 0.05 -Force -Connection $Slow -ErrorVariable created -ErrorAction SilentlyContinue

        $last.Status | Should -Be 'creating'
        $waited | Should -HaveCount 1
        $waited[0].FullyQualifiedErrorId | Should -BeLike 'WaitTimeout,*'
        $waited[0].CategoryInfo.Category | Should -Be 'OperationTimeout'
        $waited[0].Exception.Message | Should -BeLike "Integration $($pending.Id) is still creating after *"
        $output | Should -BeNullOrEmpty
        $created | Should -HaveCount 1
        $created[0].FullyQualifiedErrorId | Should -BeLike 'WaitTimeout,*'
    }
}
