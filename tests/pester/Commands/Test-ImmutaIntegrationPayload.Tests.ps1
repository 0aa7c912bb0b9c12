# Test-ImmutaIntegrationPayload: payloads read from JSON and YAML files, piped objects and hashtables checked against the
# contract, every problem named with its path (and a file's line), the secrets a YAML file refers to resolved on request.
# (New-ImmutaIntegrationPayload: its own file; the JSON Schemas the module ships: Module/Schemas.Tests.ps1; completion of
# the payload commands: Module/Completion.Tests.ps1.)

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../Support/TestFixture.psm1')
    # No tenant: checking a payload asks none.
    Start-TestFixture -NoEmulator
    $script:Root = Get-TestPath Root
    # The secrets the YAML examples refer to: cleared before each test, set by the one that resolves them (the fixture
    # gives them back as they were at the end of the file).
    $script:Variables = 'SNOWFLAKE_PASSWORD', 'DATABRICKS_TOKEN', 'REDSHIFT_PASSWORD', 'SYNAPSE_PASSWORD', 'BIGQUERY_CREDENTIAL', 'AWS_SECRET_ACCESS_KEY'
    $script:ClearedSecrets = @{}
    foreach ($name in $Variables) { $ClearedSecrets[$name] = $null }
    function Set-ExampleSecrets { foreach ($name in $Variables) { Set-Item "env:$name" "pester-$name-value" } }
    $script:Secret = ConvertTo-TestSecureString 'pester-payload-secret'
}

AfterAll { Stop-TestFixture }

Describe 'Test-ImmutaIntegrationPayload' {
    BeforeEach { Set-TestEnvironment $ClearedSecrets }

    It 'finds every payload of the contract valid, read from files given by path or piped by Get-ChildItem' {
        $byPath = Test-ImmutaIntegrationPayload -Path (Join-Path $Root 'tests/data/examples/*.json')
        $piped = Get-ChildItem (Join-Path $Root 'tests/data/examples') -Filter *.json | Test-ImmutaIntegrationPayload

        $byPath | Should -HaveCount 7
        $byPath.IsValid | Should -Not -Contain $false
        $piped.Source | Should -Be $byPath.Source
    }

    It 'finds the YAML examples valid in form without their secrets, and resolving them once set, naming each missing one before' {
        $formOnly = Test-ImmutaIntegrationPayload -Path (Join-Path $Root 'examples/payloads/*.yaml')
        $missing = Test-ImmutaIntegrationPayload -Path (Join-Path $Root 'examples/payloads/*.yaml') -ResolveSecrets
        Set-ExampleSecrets
        $ready = Test-ImmutaIntegrationPayload -Path (Join-Path $Root 'examples/payloads/*.yaml') -ResolveSecrets

        $formOnly.IsValid | Should -Not -Contain $false

        $ready | Should -HaveCount 7
        $ready.IsValid | Should -Not -Contain $false
        $snowflake = $missing | Where-Object Type -eq 'Snowflake'
        $snowflake.IsValid | Should -BeFalse
        $snowflake.Errors.Path | Should -Be 'config.password'
        $snowflake.Errors[0].Expected | Should -BeLike '*SNOWFLAKE_PASSWORD*'
        $snowflake.Errors[0].Line | Should -Be 12
        $snowflake.Errors[0].ErrorId | Should -Be 'SecretReferenceMissing'
    }

    It 'takes hashtables, ordered dictionaries and the objects ConvertFrom-Json gives' {
        $json = Get-Content -Raw (Join-Path $Root 'tests/data/examples/create-s3.json')
        $inputs = @(
            @{ type = 'Trino' }
            [ordered]@{ type = 'bigquery'; autoBootstrap = $false; config = [ordered]@{ role = 'r'; datasetSuffix = '_s'; dataset = 'd'; location = 'l'; credential = $Secret } }
            ($json | ConvertFrom-Json)
            ($json | ConvertFrom-Json -AsHashtable)
        )

        $results = $inputs | Test-ImmutaIntegrationPayload

        $results.IsValid | Should -Be @($true, $true, $true, $true)
        $results.Type | Should -Be @('Trino', 'Google BigQuery', 'Native S3', 'Native S3')
        $results[0].Source | Should -Be 'input object 1'
    }

    It 'reports every problem of a payload at once, each with its path, what was expected and what was found' {
        $result = @{ type = 'S3'; autoBootstrap = $true; config = @{ name = 7; awsRegion = 'us-east-1' } } | Test-ImmutaIntegrationPayload

        $result.IsValid | Should -BeFalse
        $result.Errors.Path | Should -Be @('autoBootstrap', 'config.authenticationType', 'config.name', 'config.awsAccountId', 'config.awsLocationRole', 'config.awsLocationPath')
        ($result.Errors | Where-Object Path -eq 'config.name').Found | Should -Be '7 (a number)'
        ($result.Errors | Where-Object Path -eq 'config.name').Expected | Should -Be 'a string'
    }

    It 'reports a malformed file with its line and column, and a missing one as an error' {
        $bad = Join-Path TestDrive: 'bad.yaml'
        Set-Content -LiteralPath $bad -Value "type: Snowflake`nconfig:`n  host: [unclosed`n"

        $result = Test-ImmutaIntegrationPayload -Path $bad
        $none = Test-ImmutaIntegrationPayload -Path (Join-Path TestDrive: 'none.yaml') -ErrorVariable failure -ErrorAction SilentlyContinue

        $result.IsValid | Should -BeFalse
        $result.Problems[0].Line | Should -BeGreaterThan 2
        $result.Problems[0].Column | Should -BeGreaterThan 0
        $result.Problems[0].ToString() | Should -BeLike '*bad.yaml:*:*: the file is not valid YAML*'
        $none | Should -BeNullOrEmpty
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'PayloadFileNotFound,*'
    }

    It 'answers one boolean with -Quiet' {
        Test-ImmutaIntegrationPayload -Path (Join-Path $Root 'tests/data/examples/*.json') -Quiet | Should -BeExactly $true
        # A type the module does not know is only a warning; a type that is not text is an error.
        @{ type = 'Trino' }, @{ type = 7 } | Test-ImmutaIntegrationPayload -Quiet | Should -BeExactly $false
    }
}
