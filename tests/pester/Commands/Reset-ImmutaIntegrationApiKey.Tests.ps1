# Reset-ImmutaIntegrationApiKey, through the lifecycle of a Trino integration, the one type with a key of its own: created
# (New-ImmutaIntegration), refusing any edit before a PUT (Set-ImmutaIntegration), its key rotated, removed
# (Remove-ImmutaIntegration). (-WhatIf: Module/WhatIf.Tests.ps1.)

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../Support/TestFixture.psm1')
    $script:Emulator = Start-TestFixture -ApiKey 'reset-key' -Seed $null -EmulatorArgument '--transition-delay-ms', '100'
}

AfterAll { Stop-TestFixture }

Describe 'Reset-ImmutaIntegrationApiKey' {
    It 'Trino: created, refuses any edit before a PUT (UpdateNotSupported), rotates its key, removed' {
        $trino = New-ImmutaIntegration -Path (Get-TestExample trino) -Wait -Force -PollInterval 0.1

        $trino.Type | Should -Be 'Trino'
        $trino.Status | Should -Be 'enabled'
        $trino.Config.apiKey | Should -Be '<REDACTED>'
        $trino.ApiKey | Should -BeOfType ([securestring])

        $puts = Get-EmulatorRequestCount $Emulator 'PUT /integrations/{id}'
        Get-ImmutaIntegration -Id $trino.Id | Set-ImmutaIntegration -Force -ErrorVariable piped -ErrorAction SilentlyContinue
        Set-ImmutaIntegration -Id $trino.Id -Payload @{ type = 'Trino' } -Force -ErrorVariable given -ErrorAction SilentlyContinue

        foreach ($failure in @($piped) + @($given)) {
            $failure.FullyQualifiedErrorId | Should -BeLike 'UpdateNotSupported,*'
            $failure.Exception.Message | Should -BeLike '*Trino*cannot be updated*'
        }
        @($piped).Count + @($given).Count | Should -Be 2
        Get-EmulatorRequestCount $Emulator 'PUT /integrations/{id}' | Should -Be $puts

        $oldKey = ConvertFrom-TestSecureString $trino.ApiKey
        $secure = Reset-ImmutaIntegrationApiKey -Id $trino.Id -Force
        $text = Reset-ImmutaIntegrationApiKey -Id $trino.Id -Force -AsPlainText

        $secure | Should -BeOfType ([securestring])
        $text | Should -BeOfType ([string])
        $firstKey = ConvertFrom-TestSecureString $secure
        $firstKey | Should -Not -BeNullOrEmpty
        $firstKey | Should -Not -Be $oldKey
        $text | Should -Not -Be $firstKey
        $text | Should -Not -Be $oldKey
        ConvertFrom-TestSecureString (Get-ImmutaIntegration -Id $trino.Id).ApiKey | Should -Be $text

        Remove-ImmutaIntegration -Id $trino.Id -Wait -Force -PollInterval 0.1
        (Get-ImmutaIntegrationStatus -Id $trino.Id).Status | Should -Be 'deleted'
    }
}
