# Set-ImmutaIntegration: -DryRun, -Wait into an editError (the config rolls back), a change to a field believed fixed at
# creation, and an integration read back sent again without its secrets. (Editing each type as part of its lifecycle:
# New-ImmutaIntegration.Tests.ps1. Trino, which cannot be edited: Reset-ImmutaIntegrationApiKey.Tests.ps1.)

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../Support/TestFixture.psm1')
    # An empty tenant whose transitions take 100 ms: -Wait has something to wait for, and short polls keep it fast.
    $script:Emulator = Start-TestFixture -ApiKey 'set-key' -Seed $null -EmulatorArgument '--transition-delay-ms', '100'
    $script:Credential = New-TestCredential 'e2e-Zq7-workflow-secret'
    $script:Snowflake = New-ImmutaIntegration -Path (Get-TestExample snowflake) -Wait -Force -PollInterval 0.1
}

AfterAll { Stop-TestFixture }

Describe 'Set-ImmutaIntegration' {
    It 'Set-ImmutaIntegration -DryRun returns the validation results and changes nothing' {
        $puts = Get-EmulatorRequestCount $Emulator 'PUT /integrations/{id}'

        $results = Get-ImmutaIntegration -Id $Snowflake.Id | ForEach-Object { $_.Config.warehouse = 'DRY_RUN_WAREHOUSE'; $_ } |
            Set-ImmutaIntegration -Credential $Credential -DryRun -Force

        $results | Should -BeOfType ([ImmutaIntegrations.ValidationResults])
        $results.Status | Should -Be 'passed'
        $after = Get-ImmutaIntegration -Id $Snowflake.Id
        $after.Status | Should -Be 'enabled'
        $after.Config.warehouse | Should -Be 'SAMPLE_WAREHOUSE'
        Get-EmulatorRequestCount $Emulator 'PUT /integrations/{id}' | Should -Be ($puts + 1)
    }

    It 'an editError ends Set-ImmutaIntegration -Wait in IntegrationFailed, and the config rolls back' {
        $payload = Get-TestPayload s3
        $integration = New-ImmutaIntegration -Payload $payload -Wait -Force -PollInterval 0.1
        $payload.config.awsLocationRole = 'fail-role'

        $output = Set-ImmutaIntegration -Id $integration.Id -Payload $payload -Wait -Force -PollInterval 0.1 -ErrorVariable failures -ErrorAction SilentlyContinue

        $output | Should -BeNullOrEmpty
        $failures | Should -HaveCount 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'IntegrationFailed,*'
        $failures[0].Exception.Message | Should -BeLike '*ended in editError*config.awsLocationRole was rejected*'
        $after = Get-ImmutaIntegration -Id $integration.Id
        $after.Status | Should -Be 'editError'
        $after.Config.awsLocationRole | Should -Be $integration.Config.awsLocationRole
    }

    It 'a change to a field believed fixed at creation is sent after a warning, and Immuta''s refusal comes back with its message' {
        $puts = Get-EmulatorRequestCount $Emulator 'PUT /integrations/{id}'

        Get-ImmutaIntegration -Id $Snowflake.Id | ForEach-Object { $_.Config.database = 'ANOTHER_DATABASE'; $_ } |
            Set-ImmutaIntegration -Credential $Credential -Force -ErrorVariable failures -ErrorAction SilentlyContinue -WarningVariable warned -WarningAction SilentlyContinue

        # Fields fixed at creation are Immuta's call: the module warns, sends the PUT, and reports what Immuta says.
        $warned | Should -HaveCount 1
        "$($warned[0])" | Should -BeLike "config.database is believed fixed at creation*'SNOWFLAKE_SAMPLE_DATA'*'ANOTHER_DATABASE'*-AllowReplace*"
        $failures | Should -HaveCount 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'PayloadRejected,*'
        $failures[0].Exception.StatusCode | Should -Be 400
        $failures[0].Exception.Message | Should -BeLike '*database*'
        Get-EmulatorRequestCount $Emulator 'PUT /integrations/{id}' | Should -Be ($puts + 1)
        (Get-ImmutaIntegration -Id $Snowflake.Id).Config.database | Should -Be 'SNOWFLAKE_SAMPLE_DATA'
    }

    It 'an integration read back is not sent again without its secrets: PayloadInvalid, before any PUT' {
        $puts = Get-EmulatorRequestCount $Emulator 'PUT /integrations/{id}'

        Get-ImmutaIntegration -Id $Snowflake.Id | ForEach-Object { $_.Config.warehouse = 'OTHER_WAREHOUSE'; $_ } |
            Set-ImmutaIntegration -Force -ErrorVariable failures -ErrorAction SilentlyContinue

        $failures | Should -HaveCount 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'PayloadInvalid,*'
        $failures[0].Exception.Message | Should -BeLike '*config.password*<REDACTED>*'
        Get-EmulatorRequestCount $Emulator 'PUT /integrations/{id}' | Should -Be $puts
    }
}
