# Secrets never appear in any stream, output, view or export of the commands: New-, Test-, Set- and
# Remove-ImmutaIntegration and Invoke-ImmutaApi through a lifecycle and its failures, and Get-ImmutaIntegration,
# Get-ImmutaIntegrationStatus and Get-ImmutaConnection reading the seeded tenant, with -Verbose and -Debug.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../Support/TestFixture.psm1')
    # The seeded tenant (its secrets are the pester-*-secret values of tests/data/integrations.yaml); transitions take
    # 100 ms, so -Wait has something to wait for.
    $script:Emulator = Start-TestFixture -ApiKey 'read-key' -EmulatorArgument '--transition-delay-ms', '100'
}

AfterAll { Stop-TestFixture }

Describe 'Secrets through New-, Test-, Set-, Remove-ImmutaIntegration and Invoke-ImmutaApi' {
    BeforeAll {
        Reset-TestEmulator $Emulator
        # A value to look for in every output: it is the password of the credential and of the payloads that carry one.
        $script:Secret = 'e2e-Zq7-workflow-secret'
        $script:Credential = New-TestCredential $Secret
    }

    It 'never appear in any stream or output of a lifecycle and its failures, with -Verbose and -Debug' {
        $payload = Get-TestPayload snowflake
        $payload.config.password = $Secret
        $other = Get-TestPayload redshift
        $other.config.password = $Secret
        $failing = Get-TestPayload synapse
        $failing.config.password = "fail-$Secret"
        # -Debug makes a compiled cmdlet's warnings ask; -WarningAction keeps them plain in a session that cannot ask.
        $streams = @{ Verbose = $true; Debug = $true; WarningAction = 'Continue'; ErrorAction = 'Continue' }

        $text = & {
            $created = New-ImmutaIntegration -Payload $payload -Wait -Force -PollInterval 0.1 @streams
            $created | Format-List * | Out-String -Width 200
            $created.Config | Format-Table | Out-String -Width 200
            Test-ImmutaIntegration -Payload $payload -Id $created.Id @streams | Format-List | Out-String
            New-ImmutaIntegration -Payload $payload -Force @streams
            Get-ImmutaIntegration -Id $created.Id | ForEach-Object { $_.Config.warehouse = 'SECRET_WAREHOUSE'; $_ } |
                Set-ImmutaIntegration -Credential $Credential -Wait -Force -PollInterval 0.1 @streams | ConvertTo-Json -Depth 6
            Invoke-ImmutaApi -Path '/integrations?dryRun=true' -Method POST -Body $other -Force @streams | ConvertTo-Json -Depth 6
            New-ImmutaIntegration -Payload $failing -Wait -Force -PollInterval 0.1 @streams
            Remove-ImmutaIntegration -Id $created.Id -Credential $Credential -Wait -Force -PollInterval 0.1 @streams
        } *>&1 | Out-String -Width 200

        # The run did what it should: requests logged with their bodies, the conflict and the failure reported.
        $text | Should -Match 'Body: '
        $text | Should -Match 'Authorization: <REDACTED>'
        $text | Should -Match 'already exists on host'
        $text | Should -Match 'ended in createError'
        $text | Should -Match '<REDACTED>'
        $text | Should -Not -Match ([regex]::Escape($Secret))
    }
}

Describe 'Secrets through Get-ImmutaIntegration, Get-ImmutaIntegrationStatus and Get-ImmutaConnection' {
    BeforeAll {
        Reset-TestEmulator $Emulator -Seeded
        $script:Secrets = 'pester-snowflake-secret', 'pester-databricks-secret', 'pester-redshift-secret', 'pester-synapse-secret',
            'pester-bigquery-secret', 'pester-s3-secret', $Emulator.ApiKey
    }

    It 'never appear in any output, view, export or stream' {
        $text = & {
            Get-ImmutaIntegration -Verbose -Debug | Format-List * | Out-String -Width 200
            Get-ImmutaIntegration | Format-Table | Out-String -Width 200
            Get-ImmutaIntegration | ConvertTo-Json -Depth 8
            Get-ImmutaIntegration | Export-Csv -LiteralPath TestDrive:/all.csv
            Get-Content -Raw TestDrive:/all.csv
            Get-ImmutaConnection | Format-List * | Out-String
            Get-ImmutaIntegrationStatus -Id 1 -Verbose -Debug | Out-String
        } *>&1 | Out-String
        $text | Should -Match '<REDACTED>'
        foreach ($secret in $Secrets) { $text | Should -Not -Match ([regex]::Escape($secret)) }
    }
}
