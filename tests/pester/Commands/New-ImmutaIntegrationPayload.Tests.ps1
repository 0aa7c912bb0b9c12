# New-ImmutaIntegrationPayload: a payload built from the type's own parameters or -Config and a credential, checked as
# it is built. (That its secret shows nowhere: Secrets/Views.Tests.ps1; completion of -Type and of the fields:
# Module/Completion.Tests.ps1.)

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../Support/TestFixture.psm1')
    # No tenant: building a payload asks none.
    Start-TestFixture -NoEmulator
    $script:Secret = ConvertTo-TestSecureString 'pester-payload-secret'
}

AfterAll { Stop-TestFixture }

Describe 'New-ImmutaIntegrationPayload' {
    It 'builds a payload from the type''s own parameters and a credential, hiding the secret' {
        $credential = [pscredential]::new('admin@acme.com', $Secret)

        $payload = New-ImmutaIntegrationPayload -Type snowflake -AutoBootstrap -Host acme.snowflakecomputing.com -Warehouse WH -Database IMMUTA -Credential $credential

        $payload | Should -BeOfType ([ImmutaIntegrations.IntegrationPayload])
        $payload.Type | Should -Be 'Snowflake'
        $payload.AutoBootstrap | Should -BeTrue
        $payload.Config.authenticationType | Should -Be 'userPassword'
        $payload.Config.username | Should -Be 'admin@acme.com'
        $payload.Config.password | Should -Be '<REDACTED>'
        ($payload | Test-ImmutaIntegrationPayload).IsValid | Should -BeTrue
    }

    It 'maps a credential onto each type''s own user and secret fields' -TestCases @(
        @{ Type = 'Databricks'; Config = @{ workspaceUrl = 'w'; httpPath = 'h'; catalog = 'c' }; User = $null; SecretField = 'token' }
        @{ Type = 'S3'; Config = @{ name = 'n'; awsAccountId = '1'; awsRegion = 'r'; awsLocationRole = 'arn'; awsLocationPath = 's3://x/' }; User = 'awsAccessKeyId'; SecretField = 'awsSecretAccessKey' }
        @{ Type = 'Synapse'; Config = @{ host = 'h'; database = 'd'; schema = 's' }; User = 'username'; SecretField = 'password' }
        @{ Type = 'BigQuery'; Config = @{ role = 'r'; datasetSuffix = '_s'; dataset = 'd'; location = 'l' }; User = $null; SecretField = 'credential' }
    ) {
        $payload = New-ImmutaIntegrationPayload -Type $Type -Config $Config -Credential ([pscredential]::new('the-user', $Secret))

        $payload.Config[$SecretField] | Should -Be '<REDACTED>'
        if ($User) { $payload.Config[$User] | Should -Be 'the-user' }
        ($payload | Test-ImmutaIntegrationPayload).IsValid | Should -BeTrue
    }

    It 'refuses an invalid payload with PayloadInvalid, naming every problem' {
        New-ImmutaIntegrationPayload -Type BigQuery -Role r -ErrorVariable failure -ErrorAction SilentlyContinue | Should -BeNullOrEmpty

        $failure[0].FullyQualifiedErrorId | Should -Be 'PayloadInvalid,ImmutaIntegrations.Commands.NewImmutaIntegrationPayloadCommand'
        $failure[0].Exception.Problems.Path | Should -Be @('config.datasetSuffix', 'config.dataset', 'config.location', 'config.credential')
    }

    It 'refuses an unknown type with PayloadTypeUnknown' {
        New-ImmutaIntegrationPayload -Type Oracle -ErrorVariable failure -ErrorAction SilentlyContinue
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'PayloadTypeUnknown,*'
    }
}
