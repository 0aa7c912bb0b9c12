# New-ImmutaIntegration: creating from a file or a payload, -DryRun, -Wait into a createError, and the refusal of a second
# integration on a host. The automatic lifecycle of every type is here too, and it exercises New-, Set- and
# Remove-ImmutaIntegration together: each type created, edited and removed as a user writes it. (Trino, which cannot be
# edited and has a key to rotate: Reset-ImmutaIntegrationApiKey.Tests.ps1. -WhatIf: Module/WhatIf.Tests.ps1. Secrets in
# the streams: Secrets/Streams.Tests.ps1.)

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../Support/TestFixture.psm1')
    # An empty tenant whose transitions take 100 ms: -Wait has something to wait for, and short polls keep it fast.
    $script:Emulator = Start-TestFixture -ApiKey 'new-key' -Seed $null -EmulatorArgument '--transition-delay-ms', '100'
    $script:Examples = Join-Path (Get-TestPath Data) 'examples'
    $script:Secret = 'e2e-Zq7-workflow-secret'
    $script:Credential = New-TestCredential $Secret
}

AfterAll { Stop-TestFixture }

Describe 'New-ImmutaIntegration, Set-ImmutaIntegration and Remove-ImmutaIntegration: the automatic lifecycle of every type' {
    BeforeAll { Reset-TestEmulator $Emulator }

    It '<Type>: created from its file, edited from what Get returns with -Credential, removed with -Credential' -TestCases @(
        @{ Type = 'Snowflake'; File = 'create-snowflake.json'; Field = 'warehouse'; Value = 'E2E_WAREHOUSE' }
        @{ Type = 'Redshift'; File = 'create-redshift.json'; Field = 'port'; Value = 5440 }
        @{ Type = 'Azure Synapse Analytics'; File = 'create-synapse.json'; Field = 'port'; Value = 1434 }
    ) {
        $posts = Get-EmulatorRequestCount $Emulator 'POST /integrations'
        $created = New-ImmutaIntegration -Path (Join-Path $Examples $File) -Wait -Force -PollInterval 0.1

        $created | Should -BeOfType ([ImmutaIntegrations.Integration])
        $created.Type | Should -Be $Type
        $created.Status | Should -Be 'enabled'
        $created.AutoBootstrap | Should -BeTrue
        $created.Config.password | Should -Be '<REDACTED>'
        Get-EmulatorRequestCount $Emulator 'POST /integrations' | Should -Be ($posts + 1)

        $puts = Get-EmulatorRequestCount $Emulator 'PUT /integrations/{id}'
        $edited = Get-ImmutaIntegration -Id $created.Id | ForEach-Object { $_.Config[$Field] = $Value; $_ } |
            Set-ImmutaIntegration -Credential $Credential -Wait -Force -PollInterval 0.1

        $edited.Id | Should -Be $created.Id
        $edited.Status | Should -Be 'enabled'
        $edited.Config[$Field] | Should -Be $Value
        (Get-ImmutaIntegration -Id $created.Id).Config[$Field] | Should -Be $Value
        Get-EmulatorRequestCount $Emulator 'PUT /integrations/{id}' | Should -Be ($puts + 1)

        $deletes = Get-EmulatorRequestCount $Emulator 'DELETE /integrations/{id}'
        $removed = Remove-ImmutaIntegration -Id $created.Id -Credential $Credential -Wait -Force -PollInterval 0.1

        $removed | Should -BeNullOrEmpty
        (Get-ImmutaIntegrationStatus -Id $created.Id).Status | Should -Be 'deleted'
        (Get-ImmutaIntegration).Id | Should -Not -Contain $created.Id
        Get-EmulatorRequestCount $Emulator 'DELETE /integrations/{id}' | Should -Be ($deletes + 1)
    }

    It '<Type>: created from a payload, edited with a fresh payload that gives its secret again, removed without credentials' -TestCases @(
        @{ Type = 'Databricks'; Slug = 'databricks'; Field = 'httpPath'; Value = 'sql/protocolv1/o/0/e2e'; SecretField = 'token' }
        @{ Type = 'Google BigQuery'; Slug = 'bigquery'; Field = 'role'; Value = 'e2e_role'; SecretField = 'credential' }
        @{ Type = 'Native S3'; Slug = 's3'; Field = 'name'; Value = 'e2e lake'; SecretField = 'awsSecretAccessKey' }
    ) {
        $payload = Get-TestPayload $Slug
        $payload.config[$SecretField] = $Secret
        $created = New-ImmutaIntegration -Payload $payload -Wait -Force -PollInterval 0.1

        $created.Type | Should -Be $Type
        $created.Status | Should -Be 'enabled'
        # What Get returns cannot be sent back as it is: the secret reads back as a placeholder.
        (Get-ImmutaIntegration -Id $created.Id).Config[$SecretField] | Should -Be '<REDACTED>'

        $payload.config[$Field] = $Value
        $edited = Set-ImmutaIntegration -Id $created.Id -Payload $payload -Wait -Force -PollInterval 0.1

        $edited.Status | Should -Be 'enabled'
        $edited.Config[$Field] | Should -Be $Value
        $edited.Config[$SecretField] | Should -Be '<REDACTED>'

        $deletes = Get-EmulatorRequestCount $Emulator 'DELETE /integrations/{id}'
        Remove-ImmutaIntegration -Id $created.Id -Wait -Force -PollInterval 0.1 -WarningVariable warnings

        $warnings | Should -BeNullOrEmpty
        (Get-ImmutaIntegrationStatus -Id $created.Id).Status | Should -Be 'deleted'
        Get-EmulatorRequestCount $Emulator 'DELETE /integrations/{id}' | Should -Be ($deletes + 1)
    }
}

Describe 'New-ImmutaIntegration: dry runs and refusals' {
    BeforeAll {
        Reset-TestEmulator $Emulator
        $script:Snowflake = New-ImmutaIntegration -Path (Get-TestExample snowflake) -Wait -Force -PollInterval 0.1
    }

    It 'New-ImmutaIntegration -DryRun returns the validation results and creates nothing' {
        $listed = (Get-ImmutaIntegration).Id
        $posts = Get-EmulatorRequestCount $Emulator 'POST /integrations'

        $results = New-ImmutaIntegration -Path (Get-TestExample redshift) -DryRun -Confirm

        $results | Should -BeOfType ([ImmutaIntegrations.ValidationResults])
        $results.Status | Should -Be 'passed'
        $results.ValidationTests.Count | Should -BeGreaterThan 0
        (Get-ImmutaIntegration).Id | Should -Be $listed
        Get-EmulatorRequestCount $Emulator 'POST /integrations' | Should -Be ($posts + 1)
    }

    It 'a createError ends New-ImmutaIntegration -Wait in IntegrationFailed, with the failed test''s message' {
        $payload = Get-TestPayload databricks
        $payload.config.httpPath = 'fail-http-path'

        $output = New-ImmutaIntegration -Payload $payload -Wait -Force -PollInterval 0.1 -ErrorVariable failures -ErrorAction SilentlyContinue

        $output | Should -BeNullOrEmpty
        $failures | Should -HaveCount 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'IntegrationFailed,*'
        $failures[0].Exception.Message | Should -BeLike '*ended in createError*Simulated platform failure: the value of config.httpPath was rejected.*'
        $failures[0].Exception.Integration.Status | Should -Be 'createError'
        $failures[0].Exception.FailedTests.Message | Should -BeLike '*config.httpPath was rejected*'
        (Get-ImmutaIntegrationStatus -Id $failures[0].Exception.Integration.Id).Status | Should -Be 'createError'
    }

    It 'a second integration on the same host is refused with IntegrationExists, naming the existing id' {
        $listed = (Get-ImmutaIntegration).Id

        New-ImmutaIntegration -Path (Get-TestExample snowflake) -Force -ErrorVariable failures -ErrorAction SilentlyContinue

        $failures | Should -HaveCount 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'IntegrationExists,*'
        $failures[0].CategoryInfo.Category | Should -Be 'ResourceExists'
        $failures[0].Exception.Message | Should -Be "Snowflake integration already exists on host organization.us-east-1.snowflakecomputing.com (id = $($Snowflake.Id))"
        $failures[0].Exception.ConflictingId | Should -Be $Snowflake.Id
        (Get-ImmutaIntegration).Id | Should -Be $listed
    }
}
