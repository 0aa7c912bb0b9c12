# -WhatIf on every command that changes a tenant: New-, Set- and Remove-ImmutaIntegration, Reset-ImmutaIntegrationApiKey
# and Invoke-ImmutaApi describe what they would do, send nothing, and show no secret.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../Support/TestFixture.psm1')
    $script:Emulator = Start-TestFixture -ApiKey 'whatif-key' -Seed $null -EmulatorArgument '--transition-delay-ms', '100'
    $script:Secret = 'e2e-Zq7-workflow-secret'
    $script:Credential = New-TestCredential $Secret
}

AfterAll { Stop-TestFixture }

Describe 'New-, Set-, Remove-ImmutaIntegration, Reset-ImmutaIntegrationApiKey and Invoke-ImmutaApi -WhatIf' {
    BeforeAll {
        $script:Snowflake = New-ImmutaIntegration -Path (Get-TestExample snowflake) -Wait -Force -PollInterval 0.1
        $script:Trino = New-ImmutaIntegration -Path (Get-TestExample trino) -Wait -Force -PollInterval 0.1
    }

    It 'New, Set, Remove, Reset-ImmutaIntegrationApiKey and Invoke-ImmutaApi POST describe what they would do and send nothing, -Force or not' {
        $payload = Get-TestPayload databricks
        $payload.config.token = $Secret
        $integration = Get-ImmutaIntegration -Id $Snowflake.Id
        $integration.Config.warehouse = 'WHATIF_WAREHOUSE'
        $before = Get-EmulatorRequests $Emulator | ConvertTo-Json -Compress

        $run = Invoke-TestTranscript {
            New-ImmutaIntegration -Payload $payload -Wait -Force -WhatIf
            $integration | Set-ImmutaIntegration -Credential $Credential -Wait -Force -WhatIf
            Remove-ImmutaIntegration -Id $Snowflake.Id -Credential $Credential -Force -WhatIf
            Reset-ImmutaIntegrationApiKey -Id $Trino.Id -Force -WhatIf
            Invoke-ImmutaApi -Path /integrations -Method POST -Body @{ type = 'Databricks'; config = @{ token = $Secret } } -Force -WhatIf
            Remove-ImmutaIntegration -Id $Trino.Id -WhatIf
        }

        $text = $run.Text
        $run.Output | Should -BeNullOrEmpty
        Get-EmulatorRequests $Emulator | ConvertTo-Json -Compress | Should -Be $before
        ([regex]::Matches($text, 'What if: ')).Count | Should -Be 6
        $text | Should -Match 'What if: .*Create from .*on target "Databricks integration on www\.example-workspace\.cloud\.databricks\.com"'
        $text | Should -Match 'What if: .*Update with: .*WHATIF_WAREHOUSE'
        $text | Should -Match "What if: .*""Remove"" on target ""integration $($Snowflake.Id)"""
        $text | Should -Match "What if: .*Regenerate its API key.*integration $($Trino.Id)"
        $text | Should -Match 'What if: .*"POST '
        $text | Should -Match '<REDACTED>'
        $text | Should -Not -Match ([regex]::Escape($Secret))
        (Get-ImmutaIntegration).Id | Should -Be @($Snowflake.Id, $Trino.Id)
        (Get-ImmutaIntegration -Id $Snowflake.Id).Config.warehouse | Should -Be 'SAMPLE_WAREHOUSE'
        ConvertFrom-TestSecureString (Get-ImmutaIntegration -Id $Trino.Id).ApiKey | Should -Be (ConvertFrom-TestSecureString $Trino.ApiKey)
    }
}
