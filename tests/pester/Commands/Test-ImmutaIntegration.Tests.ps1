# Test-ImmutaIntegration: the validation tests of a create, or of an update for a piped integration, changing nothing.
# (Its secrets in the streams: Secrets/Streams.Tests.ps1.)

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../Support/TestFixture.psm1')
    $script:Emulator = Start-TestFixture -ApiKey 'test-key' -Seed $null -EmulatorArgument '--transition-delay-ms', '100'
    $script:Snowflake = New-ImmutaIntegration -Path (Get-TestExample snowflake) -Wait -Force -PollInterval 0.1
}

AfterAll { Stop-TestFixture }

Describe 'Test-ImmutaIntegration' {
    It 'Test-ImmutaIntegration returns the validation tests of a create, or of an update for a piped integration, and changes nothing' {
        $listed = (Get-ImmutaIntegration).Id
        $failing = Get-TestPayload databricks
        $failing.config.httpPath = 'fail-http-path'

        $create = Test-ImmutaIntegration -Path (Get-TestExample databricks)
        $failed = Test-ImmutaIntegration -Payload $failing
        $update = Get-ImmutaIntegration -Id $Snowflake.Id | ForEach-Object { $_.Config.warehouse = 'TESTED_WAREHOUSE'; $_ } |
            Test-ImmutaIntegration -Credential (New-TestCredential 'e2e-Zq7-workflow-secret')

        $create | ForEach-Object { $_ | Should -BeOfType ([ImmutaIntegrations.ValidationTest]) }
        $create.Name | Should -Be @('Metastore validation', 'Basic Connection Test')
        $create.Status | Should -Be @('passed', 'passed')
        ($failed | Where-Object Status -eq 'failed').Message | Should -BeLike '*config.httpPath was rejected*'
        $update.Name | Should -Contain 'Initial Validation: Basic Connection Test'
        (Get-ImmutaIntegration).Id | Should -Be $listed
        (Get-ImmutaIntegration -Id $Snowflake.Id).Config.warehouse | Should -Be 'SAMPLE_WAREHOUSE'
    }
}
