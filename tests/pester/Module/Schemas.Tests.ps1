# The JSON Schemas the module ships (schemas/, one per type and one for any payload) for editors to check payload files
# by, as Test-ImmutaIntegrationPayload and New-ImmutaIntegrationPayload check them: each YAML example names one.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../Support/TestFixture.psm1')
    Start-TestFixture -NoEmulator
    $script:Root = Get-TestPath Root
}

AfterAll { Stop-TestFixture }

Describe 'The JSON Schemas of payload files' {
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
