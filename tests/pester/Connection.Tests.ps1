BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-TestPath Module) -Force
    $script:Tenant = Start-TestEmulator -ApiKey 'tenant-a-key'
    $oneIntegration = Join-Path ([System.IO.Path]::GetTempPath()) "tenant-b-$([guid]::NewGuid().ToString('n')).yaml"
    Set-Content -LiteralPath $oneIntegration -Value "- type: Trino`n  status: disabled"
    $script:OtherTenant = Start-TestEmulator -ApiKey 'tenant-b-key' -SeedPath $oneIntegration
    $script:SavedEnvironment = @{ IMMUTA_URL = $env:IMMUTA_URL; IMMUTA_API_KEY = $env:IMMUTA_API_KEY }
}

AfterAll {
    Disconnect-Immuta
    Stop-TestEmulator $script:Tenant
    Stop-TestEmulator $script:OtherTenant
    $env:IMMUTA_URL = $SavedEnvironment.IMMUTA_URL
    $env:IMMUTA_API_KEY = $SavedEnvironment.IMMUTA_API_KEY
}

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
