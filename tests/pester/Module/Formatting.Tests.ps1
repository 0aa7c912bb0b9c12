# The views of every type the cmdlets output (module/ImmutaIntegrations.format.ps1xml), for every command: a table and a
# list for each, tables that fit 120 columns, real objects from the emulator rendered within 120 columns. (That no view
# shows a secret: Secrets/Views.Tests.ps1.)

BeforeDiscovery {
    # Every type a cmdlet declares in [OutputType], and the public types reached through them.
    $script:OutputTypes = @(
        'Integration', 'IntegrationStatus', 'ValidationResults', 'ValidationTest', 'IntegrationScript', 'ScriptStatement',
        'ScriptStatementResult', 'ImmutaConnection', 'IntegrationPayload', 'PayloadValidationResult', 'PayloadProblem',
        'IntegrationPlanItem', 'IntegrationSyncResult', 'IntegrationExportFile', 'IntegrationFieldChange', 'IntegrationHealth'
    ) | ForEach-Object { @{ TypeName = "ImmutaIntegrations.$_" } }
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../Support/TestFixture.psm1')
    $script:Emulator = Start-TestFixture -ApiKey 'format-api-key-Vq8'
    Import-Module (Join-Path $PSScriptRoot '../Support/ViewHelpers.psm1')

    # Real objects of every output type, from the seeded emulator.
    $script:Samples = Get-TestOutputSample $Emulator -PayloadSecret 'format-payload-secret-Jw3' -SyncSecret 'format-sync-secret-Hd5'

    function Get-View([string] $TypeName, [type] $Control) {
        @((Get-FormatData -TypeName $TypeName).FormatViewDefinition | Where-Object { $_.Control -is $Control })
    }

    function Get-LongestLine([string] $Text) { ($Text -split '\r?\n' | Measure-Object -Property Length -Maximum).Maximum }
}

AfterAll { Stop-TestFixture }

Describe 'The views of <TypeName>' -ForEach $OutputTypes {
    It 'has a table view and a list view' {
        Get-View $TypeName ([System.Management.Automation.TableControl]) | Should -HaveCount 1
        Get-View $TypeName ([System.Management.Automation.ListControl]) | Should -HaveCount 1
    }

    It 'has a table whose fixed columns, separators and a share for the others fit 120 columns' {
        $headers = (Get-View $TypeName ([System.Management.Automation.TableControl]))[0].Control.Headers
        $fixed = ($headers | Where-Object Width -gt 0 | Measure-Object -Property Width -Sum).Sum
        $free = @($headers | Where-Object Width -eq 0).Count
        # Each column without a width gets at least 12 characters; one space separates columns.
        $fixed + ($headers.Count - 1) + 12 * $free | Should -BeLessOrEqual 120
    }

    It 'renders real objects within 120 columns, every column of the table shown' {
        $objects = $Samples[$TypeName]
        $objects | Should -Not -BeNullOrEmpty -Because "the test needs real $TypeName objects"

        $table = $objects | Format-Table | Out-String -Width 120
        $list = $objects | Format-List | Out-String -Width 120

        Get-LongestLine $table | Should -BeLessOrEqual 120
        Get-LongestLine $list | Should -BeLessOrEqual 120
        $header = ($table -split '\r?\n' | Where-Object { $_ -match '\S' })[0]
        foreach ($column in (Get-View $TypeName ([System.Management.Automation.TableControl]))[0].Control.Headers) {
            $header | Should -Match "\b$([regex]::Escape($column.Label))\b"
        }
        $table.Trim() | Should -Not -BeNullOrEmpty
        $list.Trim() | Should -Not -BeNullOrEmpty
    }
}

Describe 'What the views show' {
    It 'shows a plan''s field changes with their values, and the failed tests of validation results' {
        $changes = $Samples['ImmutaIntegrations.IntegrationFieldChange'] | Format-Table | Out-String -Width 120
        $changes | Should -Match "config\.warehouse\s+False\s+'IMMUTA_WH'\s+'A_WAREHOUSE_WITH_A_RATHER_LONG_NAME'"

        $results = $Samples['ImmutaIntegrations.ValidationResults'] | Format-Table | Out-String -Width 120
        $results | Should -Match 'failed\s+1/1 failed\s+failed: Initial Validation: Basic Connection Test - Connection refused\.'
    }

    It 'keeps the list as the default view of validation results, and tables for the rest' {
        ($Samples['ImmutaIntegrations.ValidationResults'] | Out-String -Width 120) | Should -Match 'ValidationTests\s*:'
        ($Samples['ImmutaIntegrations.IntegrationStatus'] | Out-String -Width 120) | Should -Match 'Id\s+Status\s+Connection'
    }

    It 'shows a connection''s settings in its list view' {
        $text = $Samples['ImmutaIntegrations.ImmutaConnection'] | Format-List | Out-String -Width 120
        $text | Should -Match 'AuthMode\s*:\s*ApiKey'
        $text | Should -Match 'Timeout\s*:\s*100s'
        $text | Should -Match 'Source\s*:\s*Connect-Immuta'
    }
}
