# Get-ImmutaIntegrationScript: the scripts of a manual setup, by kind and type, as the native emulator writes them, and
# the kinds a type has none of. (Running them: New-ImmutaIntegration.ManualSetup.Tests.ps1 and Invoke-ImmutaScript.Tests.ps1.)

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../Support/TestFixture.psm1')
    $script:Emulator = Start-TestFixture -ApiKey 'manual-key' -Seed $null -EmulatorArgument '--transition-delay-ms', '100'
    Import-Module (Join-Path $PSScriptRoot '../Support/ManualSetupHelpers.psm1') -Force
}

AfterAll { Stop-TestFixture }

Describe 'Get-ImmutaIntegrationScript' {
    BeforeAll {
        $script:Ids = @{}
        foreach ($slug in 'snowflake', 'databricks', 'redshift', 'synapse', 'bigquery') {
            $Ids[$slug] = (New-ImmutaIntegration -Payload (Get-ManualPayload $slug) -Wait -Force -PollInterval 0.1 -Connection $Emulator.Connection).Id
        }
    }

    It '<Type> has the <Kind> script, with its statements' -TestCases @(
        foreach ($type in @(
                @{ Type = 'Snowflake'; Slug = 'snowflake'; Kinds = 'Create', 'Edit', 'Delete', 'Cleanup' }
                @{ Type = 'Databricks'; Slug = 'databricks'; Kinds = 'Create', 'Edit' }
                @{ Type = 'Redshift'; Slug = 'redshift'; Kinds = 'InitialCreate', 'Create', 'Edit', 'Delete', 'Cleanup' }
                @{ Type = 'Azure Synapse Analytics'; Slug = 'synapse'; Kinds = 'InitialCreate', 'Create', 'Edit', 'Delete', 'Cleanup', 'PostCleanup' }
            )) {
            foreach ($kind in $type.Kinds) { @{ Type = $type.Type; Slug = $type.Slug; Kind = $kind } }
        }
    ) {
        $payload = Get-ManualPayload $Slug
        $fetched = switch ($Kind) {
            'Delete' { Get-ImmutaIntegrationScript -Kind Delete -Id $Ids[$Slug] -Connection $Emulator.Connection }
            'Edit' { Get-ImmutaIntegrationScript -Kind Edit -Id $Ids[$Slug] -Payload $payload -Connection $Emulator.Connection }
            default { Get-ImmutaIntegrationScript -Kind $Kind -Payload $payload -Connection $Emulator.Connection }
        }

        $fetched | Should -BeOfType ([ImmutaIntegrations.IntegrationScript])
        $fetched.Kind | Should -Be $Kind
        $fetched.Type | Should -Be $Type
        $fetched.IntegrationId | Should -Be $(if ($Kind -in 'Edit', 'Delete') { $Ids[$Slug] } else { '' })
        $fetched.Statements.Count | Should -BeGreaterThan 0
        $fetched.Statements.Number | Should -Be (1..$fetched.Statements.Count)
        $fetched.Text | Should -BeLike "*Immuta integration: $Type*Script: $(Get-EndpointName $Kind) (manual setup*"
    }

    It 'refuses the <Kind> script of <Type>, which has none, before sending anything: ScriptNotAvailable' -TestCases @(
        @{ Type = 'Databricks'; Slug = 'databricks'; Kind = 'Cleanup' }
        @{ Type = 'Databricks'; Slug = 'databricks'; Kind = 'InitialCreate' }
        @{ Type = 'Snowflake'; Slug = 'snowflake'; Kind = 'PostCleanup' }
        @{ Type = 'Redshift'; Slug = 'redshift'; Kind = 'PostCleanup' }
        @{ Type = 'Google BigQuery'; Slug = 'bigquery'; Kind = 'Create' }
        @{ Type = 'Google BigQuery'; Slug = 'bigquery'; Kind = 'Cleanup' }
        @{ Type = 'Native S3'; Slug = 's3'; Kind = 'Create' }
        @{ Type = 'Trino'; Slug = 'trino'; Kind = 'InitialCreate' }
    ) {
        $before = Get-EmulatorRequests $Emulator | ConvertTo-Json -Compress

        $output = Get-ImmutaIntegrationScript -Kind $Kind -Payload (Get-ManualPayload $Slug) -Connection $Emulator.Connection -ErrorVariable failures -ErrorAction SilentlyContinue

        $output | Should -BeNullOrEmpty
        $failures | Should -HaveCount 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'ScriptNotAvailable,*'
        $failures[0].Exception.Message | Should -BeLike "$Type has no $Kind script*"
        Get-EmulatorRequests $Emulator | ConvertTo-Json -Compress | Should -Be $before
    }

    It 'refuses the Edit and Delete scripts of an integration whose type has none, sending no script request' {
        $edits = Get-EmulatorRequestCount $Emulator 'POST /integrations/{id}/scripts/edit'
        $deletes = Get-EmulatorRequestCount $Emulator 'POST /integrations/{id}/scripts/delete'

        Get-ImmutaIntegrationScript -Kind Edit -Id $Ids.bigquery -Payload (Get-ManualPayload bigquery) -Connection $Emulator.Connection -ErrorVariable edit -ErrorAction SilentlyContinue
        Get-ImmutaIntegrationScript -Kind Delete -Id $Ids.bigquery -Connection $Emulator.Connection -ErrorVariable delete -ErrorAction SilentlyContinue

        foreach ($failure in @($edit) + @($delete)) { $failure.FullyQualifiedErrorId | Should -BeLike 'ScriptNotAvailable,*' }
        @($edit).Count + @($delete).Count | Should -Be 2
        Get-EmulatorRequestCount $Emulator 'POST /integrations/{id}/scripts/edit' | Should -Be $edits
        Get-EmulatorRequestCount $Emulator 'POST /integrations/{id}/scripts/delete' | Should -Be $deletes
    }

    It '-OutFile also writes the script''s text' {
        $file = Join-Path $TestDrive 'create.sql'

        $fetched = Get-ImmutaIntegrationScript -Kind Create -Payload (Get-ManualPayload snowflake) -OutFile $file -Connection $Emulator.Connection

        $fetched.Text | Should -BeLike '*CREATE ROLE IF NOT EXISTS*'
        Get-Content -LiteralPath $file -Raw | Should -BeExactly $fetched.Text
    }
}
