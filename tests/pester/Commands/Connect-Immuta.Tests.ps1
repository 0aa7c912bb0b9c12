# The connection commands: Connect-Immuta, Get-ImmutaConnection, Disconnect-Immuta and Test-ImmutaConnection, and the
# environment variables a pipeline connects with. (How Test-ImmutaConnection reports each quirk of a real tenant:
# Module/Quirks.Tests.ps1.)

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../Support/TestFixture.psm1')
    # No connection: connecting is what these tests do. The pipeline's variables are cleared for the file.
    $script:Tenant = Start-TestFixture -ApiKey 'tenant-a-key' -NoConnection -Environment @{ IMMUTA_URL = $null; IMMUTA_API_KEY = $null }
    $oneIntegration = Join-Path ([System.IO.Path]::GetTempPath()) "tenant-b-$([guid]::NewGuid().ToString('n')).yaml"
    Set-Content -LiteralPath $oneIntegration -Value "- type: Trino`n  status: disabled"
    $script:OtherTenant = Add-TestTenant -ApiKey 'tenant-b-key' -Seed $oneIntegration -NoConnection
    Remove-Item -LiteralPath $oneIntegration
}

AfterAll { Stop-TestFixture }

Describe 'Connect-Immuta' {
    BeforeEach { Disconnect-Immuta; $env:IMMUTA_URL = $null; $env:IMMUTA_API_KEY = $null }

    It 'checks the key, returns the connection and remembers it for the session' {
        $connection = Connect-Immuta -Url $Tenant.Url -ApiKey (ConvertTo-TestSecureString 'tenant-a-key')

        $connection | Should -BeOfType ([ImmutaIntegrations.ImmutaConnection])
        $connection.Url | Should -Be ([uri]"$($Tenant.Url)/")
        $connection.AuthMode | Should -Be 'ApiKey'
        Get-ImmutaConnection | Should -Be $connection
        (Get-ImmutaIntegration).Count | Should -Be 7
    }

    It 'takes the key as the password of a credential, and can exchange it for bearer tokens' {
        $credential = [pscredential]::new('unused', (ConvertTo-TestSecureString 'tenant-a-key'))
        $connection = Connect-Immuta -Url $Tenant.Url -Credential $credential -AuthMode Bearer

        $connection.AuthMode | Should -Be 'Bearer'
        (Get-ImmutaIntegration -Id 2).Type | Should -Be 'Databricks'
    }

    It 'refuses a wrong key with a terminating AuthenticationFailed error and keeps no connection' {
        { Connect-Immuta -Url $Tenant.Url -ApiKey (ConvertTo-TestSecureString 'wrong') } |
            Should -Throw -ErrorId 'AuthenticationFailed,ImmutaIntegrations.Commands.ConnectImmutaCommand'
        Get-ImmutaConnection | Should -BeNullOrEmpty
    }

    It 'refuses plain http to a host that is not loopback, before sending anything' {
        $failure = { Connect-Immuta -Url 'http://acme.immuta.com' -ApiKey (ConvertTo-TestSecureString 'k') } |
            Should -Throw -ErrorId 'InsecureUrl,ImmutaIntegrations.Commands.ConnectImmutaCommand' -PassThru
        $failure.Exception.Message | Should -BeLike '*https*'
    }

    It 'says NotConnected when there is neither a connection nor the environment variables' {
        { Get-ImmutaIntegration } | Should -Throw -ErrorId 'NotConnected,ImmutaIntegrations.Commands.GetImmutaIntegrationCommand'
    }

    It 'reports an unreachable tenant as ConnectionFailed' {
        # Held for the whole test, so no other process (another emulator starting on the busy machine) can take it.
        $closed = New-TestRefusingPort
        try {
            $failure = { Connect-Immuta -Url "http://127.0.0.1:$($closed.Port)" -ApiKey (ConvertTo-TestSecureString 'k') } |
                Should -Throw -ErrorId 'ConnectionFailed,ImmutaIntegrations.Commands.ConnectImmutaCommand' -PassThru
            $failure.CategoryInfo.Category | Should -Be 'ConnectionError'
        }
        finally { $closed.Socket.Dispose() }
    }
}

Describe 'The environment variables (the CI path)' {
    BeforeEach { Disconnect-Immuta }

    It 'are used when no connection was made' {
        $env:IMMUTA_URL = $Tenant.Url
        $env:IMMUTA_API_KEY = 'tenant-a-key'

        (Get-ImmutaIntegrationStatus -Id 3).Status | Should -Be 'createError'
        (Get-ImmutaConnection).Source | Should -Be 'Environment'
    }

    It 'take a tenant address without a scheme as https, as Connect-Immuta does' {
        $env:IMMUTA_URL = 'acme.immuta.com'
        $env:IMMUTA_API_KEY = 'tenant-a-key'

        (Get-ImmutaConnection).Url | Should -Be 'https://acme.immuta.com/'
    }

    It 'give way to a connection made with Connect-Immuta' {
        $env:IMMUTA_URL = $Tenant.Url
        $env:IMMUTA_API_KEY = 'tenant-a-key'
        Connect-Immuta -Url $OtherTenant.Url -ApiKey (ConvertTo-TestSecureString 'tenant-b-key') | Out-Null

        @(Get-ImmutaIntegration).Count | Should -Be 1
    }
}

Describe 'Several tenants in one script' {
    BeforeAll {
        Disconnect-Immuta
        $env:IMMUTA_URL = $null
        $env:IMMUTA_API_KEY = $null
        # Connected here, not by the fixture: which connection Connect-Immuta leaves current is what is tested.
        $script:A = Connect-Immuta -Url $Tenant.Url -ApiKey (ConvertTo-TestSecureString 'tenant-a-key')
        $script:B = Connect-Immuta -Url $OtherTenant.Url -ApiKey (ConvertTo-TestSecureString 'tenant-b-key')
    }

    It 'uses the last connection by default and -Connection for another' {
        @(Get-ImmutaIntegration).Count | Should -Be 1
        @(Get-ImmutaIntegration -Connection $A).Count | Should -Be 7
    }

    It 'sends piped objects back to the tenant they came from' {
        $statuses = Get-ImmutaIntegration -Connection $A -Id 3 | Get-ImmutaIntegrationStatus
        $statuses.Status | Should -Be 'createError'
        $statuses.Connection | Should -Be $A
    }

    It 'forgets only the connection it is given' {
        Disconnect-Immuta -Connection $A
        (Get-ImmutaConnection) | Should -Be $B
        Disconnect-Immuta
        Get-ImmutaConnection | Should -BeNullOrEmpty
    }
}

Describe 'Test-ImmutaConnection' {
    BeforeAll { $script:Connection = Connect-TestTenant $Tenant }

    It 'checks every answer of a tenant that answers as the contract says: none Unexpected, and -Quiet says True' {
        $checks = @(Test-ImmutaConnection -Connection $Connection)

        $checks.Count | Should -BeGreaterThan 5
        $checks | ForEach-Object { $_ | Should -BeOfType ([ImmutaIntegrations.TenantCheck]) }
        @($checks | Where-Object Verdict -eq 'Match').Count | Should -BeGreaterThan 0
        @($checks | Where-Object Verdict -eq 'Unexpected') | Should -BeNullOrEmpty
        Test-ImmutaConnection -Connection $Connection -Quiet | Should -BeTrue
    }

    It 'asks only what changes nothing: the tenant holds the same integrations, and no change was requested' {
        Reset-TestEmulator $Tenant -Seeded
        $before = Get-ImmutaIntegration -Connection $Connection | ForEach-Object { "$($_.Id) $($_.Status)" }

        Test-ImmutaConnection -Connection $Connection | Out-Null

        Get-ImmutaIntegration -Connection $Connection | ForEach-Object { "$($_.Id) $($_.Status)" } | Should -Be $before
        # Its payload checks are dry runs (?dryRun=true), which Immuta validates and keeps nothing of.
        $writes = @(Get-EmulatorWrite $Tenant)
        $writes.Count | Should -BeGreaterThan 0
        @($writes | Where-Object { "$($_.query)" -notmatch 'dryRun=true' -and $_.path -notlike '/integrations/scripts/*' }) | Should -BeNullOrEmpty
    }
}
