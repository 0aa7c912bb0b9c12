# Invoke-ImmutaApi: raw calls to the tenant's API, answered as objects. (-WhatIf: Module/WhatIf.Tests.ps1. Secrets in
# its streams: Secrets/Streams.Tests.ps1.)

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../Support/TestFixture.psm1')
    $script:Emulator = Start-TestFixture -ApiKey 'api-key' -Seed $null -EmulatorArgument '--transition-delay-ms', '100'
    $script:Snowflake = New-ImmutaIntegration -Path (Join-Path (Get-TestPath Data) 'examples/create-snowflake.json') -Wait -Force -PollInterval 0.1
}

AfterAll { Stop-TestFixture }

Describe 'Invoke-ImmutaApi' {
    It 'GET returns the answer as objects' {
        $all = Invoke-ImmutaApi -Path /integrations
        $status = Invoke-ImmutaApi -Path "/integrations/$($Snowflake.Id)/status"

        @($all) | Should -HaveCount 1
        $all.id | Should -Be $Snowflake.Id
        $all.type | Should -Be 'Snowflake'
        $all.config.host | Should -Be 'organization.us-east-1.snowflakecomputing.com'
        $all.config.password | Should -Be '<REDACTED>'
        $status.status | Should -Be 'enabled'
    }

    It 'POST sends the -Body' {
        $posts = Get-EmulatorRequestCount $Emulator 'POST /integrations'

        $answer = Invoke-ImmutaApi -Path /integrations -Method POST -Body @{ type = 'Trino' } -Force

        $answer.status | Should -Be 'creating'
        (Get-ImmutaIntegration -Id $answer.id).Type | Should -Be 'Trino'
        Get-EmulatorRequestCount $Emulator 'POST /integrations' | Should -Be ($posts + 1)
    }
}
