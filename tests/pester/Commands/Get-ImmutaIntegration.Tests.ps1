# Get-ImmutaIntegration against the seeded tenant (tests/data/integrations.yaml, one integration of each type): by id and
# type, errors for unknown ids, binding from the pipeline, piping into Get-ImmutaIntegrationStatus, and the table and list
# views of what it returns. (Secrets in its output and streams: Secrets/Streams.Tests.ps1.) Run by the Windows PowerShell
# 5.1 leg too (Layers.psd1): no PowerShell 7 only syntax or cmdlets here.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../Support/TestFixture.psm1')
    $script:Emulator = Start-TestFixture -ApiKey 'read-key'
}

AfterAll { Stop-TestFixture }

Describe 'Get-ImmutaIntegration' {
    It 'returns every integration as a typed object, one of each type' {
        $all = Get-ImmutaIntegration
        $all | Should -HaveCount 7
        $all | ForEach-Object { $_ | Should -BeOfType ([ImmutaIntegrations.Integration]) }
        $all.Type | Should -Be @('Snowflake', 'Databricks', 'Redshift', 'Azure Synapse Analytics', 'Google BigQuery', 'Native S3', 'Trino')
        $all[0].Config.host | Should -Be 'acme.us-east-1.snowflakecomputing.com'
        $all[0].Config.Port | Should -Be 443
    }

    It 'returns the integrations asked for by id, numbers or strings' {
        (Get-ImmutaIntegration -Id 5, '6').Type | Should -Be @('Google BigQuery', 'Native S3')
    }

    It 'writes a non-terminating IntegrationNotFound error for an unknown id and still returns the others' {
        $found = Get-ImmutaIntegration -Id 1, 404, 2 -ErrorVariable failures -ErrorAction SilentlyContinue

        $found.Id | Should -Be @('1', '2')
        $failures | Should -HaveCount 1
        $failures[0].FullyQualifiedErrorId | Should -Be 'IntegrationNotFound,ImmutaIntegrations.Commands.GetImmutaIntegrationCommand'
        $failures[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $failures[0].Exception.Message | Should -Be 'No Integration found with ID 404.'
        $failures[0].TargetObject | Should -Be '404'
    }

    It 'reads a block set with a hashtable on an integration''s config as a block' {
        $integration = Get-ImmutaIntegration -Type Snowflake
        $integration.Config.impersonation = @{ enabled = $true; role = 'IMMUTA_IMPERSONATION' }

        $result = $integration | Test-ImmutaIntegrationPayload

        @($result.Problems | Where-Object Path -like 'config.impersonation*') | Should -BeNullOrEmpty
    }

    It 'filters by type with wildcards' {
        (Get-ImmutaIntegration -Type '*s3', 'google*').Type | Should -Be @('Google BigQuery', 'Native S3')
        (Get-ImmutaIntegration -Type S3, bigquery, Starburst).Type | Should -Be @('Google BigQuery', 'Native S3', 'Trino') -Because 'the names users type for a type work too'
        (Get-ImmutaIntegration -Type 'Synap*').Type | Should -Be 'Azure Synapse Analytics'
    }

    It 'pipes into Get-ImmutaIntegrationStatus' {
        $statuses = Get-ImmutaIntegration | Get-ImmutaIntegrationStatus
        $statuses | Should -HaveCount 7
        $statuses[0] | Should -BeOfType ([ImmutaIntegrations.IntegrationStatus])
        ($statuses | Where-Object Status -eq 'createError').Id | Should -Be '3'
    }

    It 'binds Id by property name from any object' {
        ([pscustomobject]@{ Id = 4 } | Get-ImmutaIntegration).Type | Should -Be 'Azure Synapse Analytics'
    }
}

Describe 'Get-ImmutaIntegration | Format-Table, Format-List' {
    It 'shows a table with the id, type, status, host and validation summary' {
        $text = Get-ImmutaIntegration | Format-Table | Out-String -Width 120
        $header = ($text -split "`n" | Where-Object { $_ -match '\S' })[0]
        $header | Should -Match 'Id\s+Type\s+Status\s+Host\s+Validation'
        $text | Should -Match 'acme\.us-east-1\.snowflakecomputing\.com\s+6/6 passed'
        $text | Should -Match 'acme\.cloud\.databricks\.com'
        $text | Should -Match 'createError\s+acme\.redshift\.amazonaws\.com\s+1/1 failed'
        $text | Should -Match 'immuta \(us-east1\)'
        ($text -split "`n" | Measure-Object -Property Length -Maximum).Maximum | Should -BeLessOrEqual 120
    }

    It 'shows the config and the validation tests in the list view' {
        $text = Get-ImmutaIntegration -Id 3 | Format-List | Out-String -Width 120
        $text | Should -Match 'host = acme\.redshift\.amazonaws\.com'
        $text | Should -Match 'port = 5439'
        $text | Should -Match 'failed\s+Initial Validation: Basic Connection Test - Connection refused\.'
    }

    It 'shows nested config with dotted names' {
        Get-ImmutaIntegration -Id 4 | Format-List | Out-String -Width 120 | Should -Match 'metadataDelimiters\.hashDelimiter = \|'
    }
}
