# Remove-ImmutaIntegration: -DryRun, the credentials an automatically configured integration needs, -ForceDisable, and
# removing what Get-ImmutaIntegration pipes to it. (Removing each type as part of its lifecycle, and a manual one without
# credentials: New-ImmutaIntegration.Tests.ps1. Its warning under -Debug in a session that cannot ask:
# Module/NonInteractiveWarnings.Tests.ps1.)

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../Support/TestFixture.psm1')
    # An empty tenant whose transitions take 100 ms: -Wait has something to wait for, and short polls keep it fast.
    $script:Emulator = Start-TestFixture -ApiKey 'remove-key' -Seed $null -EmulatorArgument '--transition-delay-ms', '100'
    $script:Credential = New-TestCredential 'e2e-Zq7-workflow-secret'
}

AfterAll { Stop-TestFixture }

Describe 'Remove-ImmutaIntegration' {
    BeforeAll {
        Reset-TestEmulator $Emulator
        $script:Snowflake = New-ImmutaIntegration -Path (Get-TestExample snowflake) -Wait -Force -PollInterval 0.1
    }

    It 'Remove-ImmutaIntegration -DryRun returns the validation results and removes nothing' {
        $deletes = Get-EmulatorRequestCount $Emulator 'DELETE /integrations/{id}'

        # No -Force: a dry run changes nothing, so it asks nothing (this session cannot be asked anyway).
        $results = Remove-ImmutaIntegration -Id $Snowflake.Id -Credential $Credential -DryRun

        $results | Should -BeOfType ([ImmutaIntegrations.ValidationResults])
        $results.Status | Should -Be 'passed'
        (Get-ImmutaIntegrationStatus -Id $Snowflake.Id).Status | Should -Be 'enabled'
        (Get-ImmutaIntegration).Id | Should -Contain $Snowflake.Id
        Get-EmulatorRequestCount $Emulator 'DELETE /integrations/{id}' | Should -Be ($deletes + 1)
    }

    It 'an automatically configured integration is not removed without its privileged credentials: CredentialsRequired, before any DELETE' {
        $deletes = Get-EmulatorRequestCount $Emulator 'DELETE /integrations/{id}'

        Remove-ImmutaIntegration -Id $Snowflake.Id -Force -ErrorVariable failures -ErrorAction SilentlyContinue

        $failures | Should -HaveCount 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'CredentialsRequired,*'
        $failures[0].Exception.Message | Should -BeLike '*-Credential*-ForceDisable*'
        Get-EmulatorRequestCount $Emulator 'DELETE /integrations/{id}' | Should -Be $deletes
        (Get-ImmutaIntegrationStatus -Id $Snowflake.Id).Status | Should -Be 'enabled'
    }

    It 'Remove-ImmutaIntegration -ForceDisable needs no credentials and deletes the integration in Immuta, which leaves the list' {
        $deletes = Get-EmulatorRequestCount $Emulator 'DELETE /integrations/{id}'

        Remove-ImmutaIntegration -Id $Snowflake.Id -ForceDisable -Wait -Force -PollInterval 0.1

        (Get-ImmutaIntegration -Id $Snowflake.Id).Status | Should -Be 'deleted'
        (Get-ImmutaIntegration).Id | Should -Not -Contain $Snowflake.Id
        Get-EmulatorRequestCount $Emulator 'DELETE /integrations/{id}' | Should -Be ($deletes + 1)
    }
}

Describe 'Remove-ImmutaIntegration in a pipeline' {
    BeforeAll { Reset-TestEmulator $Emulator }

    It 'Get-ImmutaIntegration -Type Snowflake | Remove-ImmutaIntegration -Credential removes every Snowflake integration and nothing else' {
        $snowflakes = 'alpha', 'beta', 'gamma' | ForEach-Object { New-TestSnowflakePayload $_ } | New-ImmutaIntegration -Wait -Force -PollInterval 0.1
        $databricks = New-ImmutaIntegration -Path (Get-TestExample databricks) -Wait -Force -PollInterval 0.1
        $deletes = Get-EmulatorRequestCount $Emulator 'DELETE /integrations/{id}'

        Get-ImmutaIntegration -Type Snowflake | Remove-ImmutaIntegration -Credential $Credential -Force

        Get-EmulatorRequestCount $Emulator 'DELETE /integrations/{id}' | Should -Be ($deletes + 3)
        (Wait-ImmutaIntegration -Id $snowflakes.Id -PollInterval 0.1).Status | Should -Be @('deleted', 'deleted', 'deleted')
        (Get-ImmutaIntegration).Id | Should -Be @($databricks.Id)
        (Get-ImmutaIntegrationStatus -Id $databricks.Id).Status | Should -Be 'enabled'
    }
}
