BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../Support/TestHelpers.psm1') -Force
    Import-Module (Get-TestPath Module) -Force
    $script:Root = Get-TestPath Root
    $script:Variables = 'SNOWFLAKE_PASSWORD', 'DATABRICKS_TOKEN', 'REDSHIFT_PASSWORD', 'SYNAPSE_PASSWORD', 'BIGQUERY_CREDENTIAL', 'AWS_SECRET_ACCESS_KEY'
    # Given back in AfterAll as they were (the tests set and clear them), so nothing of this file reaches the files run after it.
    $script:SavedEnvironment = @{}
    foreach ($name in $Variables) { $SavedEnvironment[$name] = [Environment]::GetEnvironmentVariable($name) }
    function Set-ExampleSecrets { foreach ($name in $Variables) { Set-Item "env:$name" "pester-$name-value" } }
    function Clear-ExampleSecrets { foreach ($name in $Variables) { Remove-Item "env:$name" -ErrorAction SilentlyContinue } }
    $script:Secret = ConvertTo-TestSecureString 'pester-payload-secret'
}

AfterAll {
    foreach ($name in $SavedEnvironment.Keys) { [Environment]::SetEnvironmentVariable($name, $SavedEnvironment[$name]) }
}

Describe 'Test-ImmutaIntegrationPayload' {
    BeforeEach { Clear-ExampleSecrets }

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

    It 'never shows the secret: not in views, Format-List *, JSON, CSV or strings' {
        $payload = New-ImmutaIntegrationPayload -Type Redshift -Host h -Database d -Config @{ initialDatabase = 'dev' } -AutoBootstrap `
            -Credential ([pscredential]::new('u', $Secret))

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

Describe 'Completion' {
    It 'completes the types, quoting names with spaces, also from short names' {
        $line = 'New-ImmutaIntegrationPayload -Type Syn'
        $completion = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText
        $completion | Should -Be "'Azure Synapse Analytics'"

        $line = 'Test-ImmutaIntegrationPayload -Path x; New-ImmutaIntegrationPayload -Type '
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText |
            Should -Be @('Snowflake', 'Databricks', 'Redshift', "'Azure Synapse Analytics'", "'Google BigQuery'", "'Native S3'", 'Trino')
    }

    It 'completes the field names of the chosen type as parameters, and authenticationType''s values' {
        $line = 'New-ImmutaIntegrationPayload -Type Snowflake -Ware'
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Be '-Warehouse'

        $line = 'New-ImmutaIntegrationPayload -Type Databricks -AuthenticationType '
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Sort-Object | Should -Be @('oAuthM2M', 'token')

        (Get-Command New-ImmutaIntegrationPayload -ArgumentList @('Native S3')).Parameters.Keys | Should -Contain 'AwsLocationPath'
        (Get-Command New-ImmutaIntegrationPayload -ArgumentList @('Native S3')).Parameters['AwsSecretAccessKey'].ParameterType | Should -Be ([securestring])
    }
}

Describe 'JSON Schemas' {
    It 'ships one per type and one for any payload, and every YAML example names one that exists' {
        $schemas = Join-Path (Get-TestPath Module) 'schemas'
        (Get-ChildItem $schemas -Filter *.schema.json).Name | Sort-Object |
            Should -Be @('bigquery.schema.json', 'databricks.schema.json', 'integration-payload.schema.json', 'redshift.schema.json', 's3.schema.json', 'snowflake.schema.json', 'synapse.schema.json', 'trino.schema.json')
        foreach ($example in Get-ChildItem (Join-Path $Root 'examples/payloads') -Filter *.yaml) {
            $first = Get-Content -LiteralPath $example.FullName -TotalCount 1
            $first -match '^# yaml-language-server: \$schema=(.+)$' | Should -BeTrue -Because "$($example.Name) names its schema"
            Join-Path $example.DirectoryName $Matches[1] | Should -Exist
        }
    }

    It 'marks the secret fields write-only' {
        $schema = Get-Content -Raw (Join-Path (Get-TestPath Module) 'schemas/snowflake.schema.json') | ConvertFrom-Json
        $schema.properties.config.properties.password.writeOnly | Should -BeTrue
        $schema.properties.config.properties.host.writeOnly | Should -BeNullOrEmpty
    }
}
