# The views of every type the cmdlets output (module/ImmutaIntegrations.format.ps1xml): a table and a list for each,
# tables that fit 120 columns, real objects from the emulator rendered within 120 columns, and no secret in any
# view or in Format-List *.

BeforeDiscovery {
    # Every type a cmdlet declares in [OutputType], and the public types reached through them.
    $script:OutputTypes = @(
        'Integration', 'IntegrationStatus', 'ValidationResults', 'ValidationTest', 'IntegrationScript', 'ScriptStatement',
        'ScriptStatementResult', 'ImmutaConnection', 'IntegrationPayload', 'PayloadValidationResult', 'PayloadProblem',
        'IntegrationPlanItem', 'IntegrationSyncResult', 'IntegrationExportFile', 'IntegrationFieldChange', 'IntegrationHealth'
    ) | ForEach-Object { @{ TypeName = "ImmutaIntegrations.$_" } }
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../Support/TestHelpers.psm1') -Force
    Import-Module (Get-TestPath Module) -Force
    $script:ApiKey = 'format-api-key-Vq8'
    $script:Emulator = Start-TestEmulator -ApiKey $ApiKey
    Disconnect-Immuta
    $script:Connection = Connect-Immuta -Url $Emulator.Url -ApiKey (ConvertTo-TestSecureString $ApiKey)
    $script:PayloadSecret = 'format-payload-secret-Jw3'
    $script:SyncSecret = 'format-sync-secret-Hd5'
    $script:SeedSecrets = 'pester-snowflake-secret', 'pester-databricks-secret', 'pester-redshift-secret', 'pester-synapse-secret',
        'pester-bigquery-secret', 'pester-s3-secret'

    # Real objects of every output type, from the seeded emulator.
    $samples = @{}
    function Add-Sample([string] $Name, $Objects) { $samples["ImmutaIntegrations.$Name"] = @($Objects) }

    $integrations = Get-ImmutaIntegration
    Add-Sample Integration $integrations
    Add-Sample IntegrationStatus (Get-ImmutaIntegrationStatus -Id 1, 3)
    Add-Sample ValidationResults ($integrations | Where-Object ValidationResults | ForEach-Object ValidationResults)
    Add-Sample ValidationTest (@(Test-ImmutaIntegration -Payload (Get-TestPayload snowflake)) + @($integrations[2].ValidationResults.ValidationTests))
    $snowflake, $synapse = (Get-TestPayload snowflake), (Get-TestPayload synapse)
    $snowflake.autoBootstrap = $synapse.autoBootstrap = $false
    $scripts = @(
        Get-ImmutaIntegrationScript -Kind Create -Payload $snowflake
        Get-ImmutaIntegrationScript -Kind InitialCreate -Payload $synapse
    )
    Add-Sample IntegrationScript $scripts
    Add-Sample ScriptStatement $scripts.Statements
    Add-Sample ScriptStatementResult (Invoke-ImmutaScript -Script $scripts[0] -Executor { param($text) })
    Add-Sample ImmutaConnection (Get-ImmutaConnection)
    Add-Sample IntegrationHealth (Test-ImmutaIntegrationHealth -StuckAfter 0)
    $script:Payload = New-ImmutaIntegrationPayload -Type Snowflake -Host acme.us-east-1.snowflakecomputing.com -Warehouse WH -Database IMMUTA `
        -AuthenticationType userPassword -Username admin@acme.com -Password (ConvertTo-TestSecureString $PayloadSecret) -Role ACCOUNTADMIN
    Add-Sample IntegrationPayload $Payload
    $validation = @(
        Test-ImmutaIntegrationPayload -Payload $Payload
        @{ type = 'S3'; autoBootstrap = $true; config = @{ name = 7; awsRegion = 'us-east-1' } } | Test-ImmutaIntegrationPayload
    )
    Add-Sample PayloadValidationResult $validation
    Add-Sample PayloadProblem $validation.Problems
    $script:ExportFolder = Join-Path ([System.IO.Path]::GetTempPath()) ("format-export-{0}" -f [guid]::NewGuid().ToString('n'))
    Add-Sample IntegrationExportFile (Export-ImmutaIntegration -Path $ExportFolder)

    # Plans and syncs, in an emptied tenant: the example files are created, then one is changed.
    Reset-TestEmulator $Emulator
    # Given back in AfterAll as they were, so nothing of this file reaches the files run after it.
    $script:SavedEnvironment = @{ SNOWFLAKE_PASSWORD = $env:SNOWFLAKE_PASSWORD; DATABRICKS_TOKEN = $env:DATABRICKS_TOKEN }
    $env:SNOWFLAKE_PASSWORD = $SyncSecret
    $env:DATABRICKS_TOKEN = $SyncSecret
    $script:SyncFolder = Join-Path ([System.IO.Path]::GetTempPath()) ("format-sync-{0}" -f [guid]::NewGuid().ToString('n'))
    New-Item -ItemType Directory -Path $SyncFolder | Out-Null
    Copy-Item -Path (Join-Path (Get-TestPath Root) 'examples/integrations/*.yaml') -Destination $SyncFolder
    $synced = @(Sync-ImmutaIntegration -Path $SyncFolder -PollInterval 0.05)
    $file = Join-Path $SyncFolder 'snowflake-acme.yaml'
    Set-Content -LiteralPath $file -Encoding utf8NoBOM -Value ((Get-Content -Raw $file) -replace 'warehouse: IMMUTA_WH', 'warehouse: A_WAREHOUSE_WITH_A_RATHER_LONG_NAME' -replace '(?m)^    enabled: true', '    enabled: false')
    $plan = @(Compare-ImmutaIntegration -Path $SyncFolder)
    Add-Sample IntegrationPlanItem $plan
    Add-Sample IntegrationFieldChange $plan.Changes
    Add-Sample IntegrationSyncResult (@($synced) + @(Sync-ImmutaIntegration -Path $SyncFolder -PollInterval 0.05))
    $script:Samples = $samples

    function Get-View([string] $TypeName, [type] $Control) {
        @((Get-FormatData -TypeName $TypeName).FormatViewDefinition | Where-Object { $_.Control -is $Control })
    }

    function Get-LongestLine([string] $Text) { ($Text -split '\r?\n' | Measure-Object -Property Length -Maximum).Maximum }
}

AfterAll {
    Disconnect-Immuta -Connection $Connection
    Stop-TestEmulator $Emulator
    if ($script:SavedEnvironment) { foreach ($name in $SavedEnvironment.Keys) { [Environment]::SetEnvironmentVariable($name, $SavedEnvironment[$name]) } }
    foreach ($folder in $SyncFolder, $ExportFolder) { if ($folder) { Remove-Item -LiteralPath $folder -Recurse -Force -ErrorAction SilentlyContinue } }
}

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

Describe 'Secrets in views' {
    It 'shows no secret of an integration''s config, only <REDACTED>, in its views or in Format-List *' {
        $integrations = $Samples['ImmutaIntegrations.Integration']
        $text = @(
            $integrations | Format-List * | Out-String -Width 120
            $integrations | Format-List | Out-String -Width 120
            $integrations | Format-Table * | Out-String -Width 120
            $integrations.Config | Format-List * | Out-String -Width 120
        ) -join "`n"

        $text | Should -Match '<REDACTED>'
        foreach ($secret in $SeedSecrets + $ApiKey) { $text | Should -Not -Match ([regex]::Escape($secret)) }
    }

    It 'shows no API key of a Trino integration' {
        $trino = $Samples['ImmutaIntegrations.Integration'] | Where-Object Type -eq 'Trino'
        $trino.ApiKey | Should -Not -BeNullOrEmpty -Because 'the emulator returns the key Trino uses'
        $key = [System.Net.NetworkCredential]::new('', $trino.ApiKey).Password

        $text = @(
            $trino | Format-List * | Out-String -Width 120
            $trino | Format-List | Out-String -Width 120
            $trino | Format-Table * | Out-String -Width 120
        ) -join "`n"

        $key.Length | Should -BeGreaterThan 8
        $text | Should -Not -Match ([regex]::Escape($key))
    }

    It 'shows no API key of a connection' {
        $connection = $Samples['ImmutaIntegrations.ImmutaConnection']
        $text = @(
            $connection | Format-List * -Force | Out-String -Width 120
            $connection | Format-List | Out-String -Width 120
            $connection | Format-Table * | Out-String -Width 120
        ) -join "`n"

        $text | Should -Match ([regex]::Escape($Emulator.Url.TrimEnd('/')))
        $text | Should -Not -Match ([regex]::Escape($ApiKey))
    }

    It 'shows no secret of a payload built with a SecureString password, only <REDACTED>' {
        $text = @(
            $Payload | Format-List * | Out-String -Width 120
            $Payload | Format-List | Out-String -Width 120
            $Payload | Format-Table * | Out-String -Width 120
            $Payload.Config | Format-List * | Out-String -Width 120
            $Samples['ImmutaIntegrations.PayloadValidationResult'] | Format-List * | Out-String -Width 120
        ) -join "`n"

        $text | Should -Match '<REDACTED>'
        $text | Should -Not -Match ([regex]::Escape($PayloadSecret))
    }

    It 'shows no secret read from the environment in plans, field changes or sync results' {
        $text = @(
            foreach ($name in 'IntegrationPlanItem', 'IntegrationFieldChange', 'IntegrationSyncResult', 'IntegrationExportFile') {
                $Samples["ImmutaIntegrations.$name"] | Format-List * | Out-String -Width 120
                $Samples["ImmutaIntegrations.$name"] | Format-List | Out-String -Width 120
                $Samples["ImmutaIntegrations.$name"] | Format-Table | Out-String -Width 120
            }
        ) -join "`n"

        $text | Should -Not -Match ([regex]::Escape($SyncSecret))
        foreach ($secret in $SeedSecrets) { $text | Should -Not -Match ([regex]::Escape($secret)) }
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
