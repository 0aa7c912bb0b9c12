# Secrets in what the views show: no secret of an integration (Get-ImmutaIntegration), no API key of a Trino integration
# or of a connection (Connect-Immuta, Get-ImmutaConnection), no secret of a payload (New-ImmutaIntegrationPayload,
# Test-ImmutaIntegrationPayload) or read from the environment (Compare-, Sync- and Export-ImmutaIntegration), in any view,
# Format-List *, JSON, CSV or string; only <REDACTED>. (The views themselves: Module/Formatting.Tests.ps1.)

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../Support/TestFixture.psm1')
    $script:ApiKey = 'format-api-key-Vq8'
    $script:Emulator = Start-TestFixture -ApiKey $ApiKey
    Import-Module (Join-Path $PSScriptRoot '../Support/ViewHelpers.psm1')
    $script:PayloadSecret = 'format-payload-secret-Jw3'
    $script:SyncSecret = 'format-sync-secret-Hd5'
    $script:SeedSecrets = 'pester-snowflake-secret', 'pester-databricks-secret', 'pester-redshift-secret', 'pester-synapse-secret',
        'pester-bigquery-secret', 'pester-s3-secret'

    # Real objects of every output type, from the seeded emulator.
    $script:Samples = Get-TestOutputSample $Emulator -PayloadSecret $PayloadSecret -SyncSecret $SyncSecret
    $script:Payload = $Samples['ImmutaIntegrations.IntegrationPayload'][0]
}

AfterAll { Stop-TestFixture }

Describe 'Secrets in views (Get-ImmutaIntegration, Get-ImmutaConnection, New-ImmutaIntegrationPayload, Compare-, Sync- and Export-ImmutaIntegration)' {
    It 'shows no secret of an integration''s config, only <REDACTED>, in its views or in Format-List *' {
        $integrations = $Samples['ImmutaIntegrations.Integration']
        $text = @(
            $integrations | Format-List * | Out-String -Width 120
            $integrations | Format-List | Out-String -Width 120
            $integrations | Format-Table * | Out-String -Width 120
            $integrations.Config | Format-List * | Out-String -Width 120
        ) -join "`n"

        $text | Should -Match '<REDACTED>'
        foreach ($secret in $SeedSecrets + $ApiKey) { $text | Should -Not -Match ([regex]::Escape($secret)) }
    }

    It 'shows no API key of a Trino integration' {
        $trino = $Samples['ImmutaIntegrations.Integration'] | Where-Object Type -eq 'Trino'
        $trino.ApiKey | Should -Not -BeNullOrEmpty -Because 'the emulator returns the key Trino uses'
        $key = [System.Net.NetworkCredential]::new('', $trino.ApiKey).Password

        $text = @(
            $trino | Format-List * | Out-String -Width 120
            $trino | Format-List | Out-String -Width 120
            $trino | Format-Table * | Out-String -Width 120
        ) -join "`n"

        $key.Length | Should -BeGreaterThan 8
        $text | Should -Not -Match ([regex]::Escape($key))
    }

    It 'shows no API key of a connection' {
        $connection = $Samples['ImmutaIntegrations.ImmutaConnection']
        $text = @(
            $connection | Format-List * -Force | Out-String -Width 120
            $connection | Format-List | Out-String -Width 120
            $connection | Format-Table * | Out-String -Width 120
        ) -join "`n"

        $text | Should -Match ([regex]::Escape($Emulator.Url.TrimEnd('/')))
        $text | Should -Not -Match ([regex]::Escape($ApiKey))
    }

    It 'shows no secret of a payload built with a SecureString password, only <REDACTED>' {
        $text = @(
            $Payload | Format-List * | Out-String -Width 120
            $Payload | Format-List | Out-String -Width 120
            $Payload | Format-Table * | Out-String -Width 120
            $Payload.Config | Format-List * | Out-String -Width 120
            $Samples['ImmutaIntegrations.PayloadValidationResult'] | Format-List * | Out-String -Width 120
        ) -join "`n"

        $text | Should -Match '<REDACTED>'
        $text | Should -Not -Match ([regex]::Escape($PayloadSecret))
    }

    It 'shows no secret read from the environment in plans, field changes or sync results' {
        $text = @(
            foreach ($name in 'IntegrationPlanItem', 'IntegrationFieldChange', 'IntegrationSyncResult', 'IntegrationExportFile') {
                $Samples["ImmutaIntegrations.$name"] | Format-List * | Out-String -Width 120
                $Samples["ImmutaIntegrations.$name"] | Format-List | Out-String -Width 120
                $Samples["ImmutaIntegrations.$name"] | Format-Table | Out-String -Width 120
            }
        ) -join "`n"

        $text | Should -Not -Match ([regex]::Escape($SyncSecret))
        foreach ($secret in $SeedSecrets) { $text | Should -Not -Match ([regex]::Escape($secret)) }
    }
}

Describe 'New-ImmutaIntegrationPayload' {
    It 'never shows the secret: not in views, Format-List *, JSON, CSV or strings' {
        $secret = ConvertTo-TestSecureString 'pester-payload-secret'
        $payload = New-ImmutaIntegrationPayload -Type Redshift -Host h -Database d -Config @{ initialDatabase = 'dev' } -AutoBootstrap `
            -Credential ([pscredential]::new('u', $secret))

        $text = @(
            $payload | Format-List | Out-String
            $payload | Format-List * | Out-String
            $payload | Format-Table * | Out-String
            $payload | ConvertTo-Json -Depth 6
            $payload | ConvertTo-Csv
            "$payload"
            $payload.Config | Out-String
        ) -join "`n"

        $text | Should -Not -Match 'pester-payload-secret'
        $text | Should -Match '<REDACTED>'
    }
}
