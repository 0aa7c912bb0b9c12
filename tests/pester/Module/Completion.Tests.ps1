# Tab completion as a user gets it (TabExpansion2) against the emulator: -Id of every command that takes one, from the
# tenant with tooltips, cached briefly, quick and silent without a tenant; Get-ImmutaIntegrationScript -Kind by the type
# on the line; -Type of Get-ImmutaIntegration, Export-ImmutaIntegration and New-ImmutaIntegrationPayload, quoted where it
# holds a space; New-ImmutaIntegrationPayload's fields as parameters of the chosen type.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../Support/TestFixture.psm1')
    # The tenant's seed is written first, into the file's work folder. The pipeline's variables are cleared for the file.
    Start-TestFixture -NoEmulator -Environment @{ IMMUTA_URL = $null; IMMUTA_API_KEY = $null }
    # The seeded integrations (ids 1 to 7) and four more Snowflake accounts, so ids 10 and 11 exist to sort.
    $seed = Join-Path (Get-TestWorkFolder) 'completion-seed.yaml'
    $extra = foreach ($n in 8..11) {
        "- type: Snowflake`n  autoBootstrap: true`n  config:`n    host: account$n.snowflakecomputing.com`n    warehouse: WH`n    database: IMMUTA`n" +
        "    role: ACCOUNTADMIN`n    authenticationType: userPassword`n    username: admin`n    password: pester-completion-secret"
    }
    Set-TestFile $seed ((Get-Content -Raw (Join-Path (Get-TestPath Data) 'integrations.yaml')).TrimEnd() + "`n" + ($extra -join "`n"))
    $script:Emulator = Add-TestTenant -ApiKey 'completion-key' -Seed $seed -Current
    # How fast a busy machine reads the list is not what these tests are about (but for the one that sets its own
    # bound): a read may take a minute, and a list stays fresh for the whole file.
    $script:RequestBound = [timespan]::FromMinutes(1)
    Set-TestCompletionTiming -RequestBound $RequestBound -Lifetime ([timespan]::FromHours(1))

    function Get-Completion([string] $Line) { @((TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches) }
}

AfterAll { Stop-TestFixture }

Describe 'Completion of -Id (every command that takes an integration''s id)' {
    It 'offers the tenant''s ids in numeric order, the tooltip giving type, target and status' {
        $ids = Get-Completion 'Get-ImmutaIntegration -Id '

        $ids.CompletionText | Should -Be @('1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11')
        $ids[0].ToolTip | Should -Be 'Snowflake on acme.us-east-1.snowflakecomputing.com, enabled'
        $ids[2].ToolTip | Should -Be 'Redshift on acme.redshift.amazonaws.com, createError'
        $ids[3].ToolTip | Should -Be 'Azure Synapse Analytics on acme.sql.azuresynapse.net, enabled'
        $ids[4].ToolTip | Should -Be 'Google BigQuery on immuta in us-east1, enabled'
        $ids[5].ToolTip | Should -Be 'Native S3 on s3://lake/, enabled'
        $ids[6].ToolTip | Should -Be 'Trino, enabled'
        $ids[10].ToolTip | Should -Be 'Snowflake on account11.snowflakecomputing.com, enabled'
    }

    It 'matches what was typed as a prefix, wildcards allowed' {
        (Get-Completion 'Get-ImmutaIntegration -Id 1').CompletionText | Should -Be @('1', '10', '11')
        (Get-Completion 'Get-ImmutaIntegration -Id ?0').CompletionText | Should -Be @('10')
        Get-Completion 'Get-ImmutaIntegration -Id 12' | Should -BeNullOrEmpty
    }

    It 'completes -Id of <Line>' -TestCases @(
        @{ Line = 'Set-ImmutaIntegration -Id 5' }
        @{ Line = 'Remove-ImmutaIntegration 5' }
        @{ Line = 'Wait-ImmutaIntegration -Id 5' }
        @{ Line = 'Test-ImmutaIntegration -Path x.yaml -Id 5' }
        @{ Line = 'Reset-ImmutaIntegrationApiKey 5' }
        @{ Line = 'Get-ImmutaIntegrationStatus -Id 5' }
        @{ Line = 'Get-ImmutaIntegrationScript -Kind Delete -Id 5' }
        @{ Line = 'Export-ImmutaIntegration -Path out -Id 5' }
        @{ Line = 'Get-ImmutaIntegration | Where-Object Status -eq createError | Remove-ImmutaIntegration -Id 5' }
    ) {
        $match = Get-Completion $Line
        $match.CompletionText | Should -Be '5'
        $match.ToolTip | Should -Be 'Google BigQuery on immuta in us-east1, enabled'
    }

    It 'asks the tenant once while its list is fresh' {
        # A new connection starts without a list.
        $fresh = Connect-TestTenant $Emulator -Current
        $before = Get-EmulatorRequestCount $Emulator 'GET /integrations'

        Get-Completion 'Get-ImmutaIntegration -Id ' | Should -HaveCount 11
        $after = Get-EmulatorRequestCount $Emulator 'GET /integrations'
        Get-Completion 'Remove-ImmutaIntegration -Id 1' | Should -HaveCount 3
        Get-Completion 'Get-ImmutaIntegrationScript -Id 2 -Kind ' | Should -HaveCount 2

        $after | Should -Be ($before + 1)
        Get-EmulatorRequestCount $Emulator 'GET /integrations' | Should -Be $after -Because 'completions within the cache window send nothing'
        $fresh | Should -Not -BeNullOrEmpty
    }

    It 'asks the tenant of the -Connection on the line' {
        # An empty tenant, connected to but not current: the session's connection stays the seeded one.
        $other = Add-TestTenant -ApiKey 'other-key' -Seed $null
        try {
            $script:OtherConnection = $other.Connection

            Get-Completion 'Get-ImmutaIntegration -Connection $OtherConnection -Id ' | Should -BeNullOrEmpty
            Get-Completion 'Get-ImmutaIntegration -Id ' | Should -HaveCount 11
        }
        finally {
            Remove-TestTenant $other
        }
    }

    It 'offers nothing, at once and without an error, without a connection' {
        # Neither a current connection nor the pipeline's variables (cleared for the file).
        Disconnect-Immuta
        try {
            $Error.Clear()
            $clock = [System.Diagnostics.Stopwatch]::StartNew()
            $found = Get-Completion 'Get-ImmutaIntegration -Id '
            $clock.Stop()

            $found | Should -BeNullOrEmpty
            # Asking a tenant would cost the whole request bound (a minute here); answering without one takes
            # milliseconds, so this holds with a wide margin on a busy machine and still tells the two apart.
            $clock.Elapsed.TotalSeconds | Should -BeLessThan 10
            $Error.Count | Should -Be 0
        }
        finally {
            Connect-TestTenant $Emulator -Current | Out-Null
        }
    }

    It 'gives up on a tenant that does not answer within its bound, and does not wait again at once' {
        # A listener that accepts and never answers stands in for a tenant behind a dead proxy; IMMUTA_URL points at it.
        $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $listener.Start()
        # A bound long enough to tell apart from a completion that asks nothing, and a failure remembered for longer
        # than any busy machine takes between two completions (the file's bound is given back below; the failure's
        # lifetime at the end of the file).
        Set-TestCompletionTiming -RequestBound ([timespan]::FromSeconds(5)) -FailureLifetime ([timespan]::FromHours(1))
        Disconnect-Immuta
        try {
            $env:IMMUTA_URL = 'http://127.0.0.1:{0}' -f $listener.LocalEndpoint.Port
            $env:IMMUTA_API_KEY = 'completion-key'
            $Error.Clear()

            $first = Measure-Command { $script:Unanswered = Get-Completion 'Get-ImmutaIntegration -Id ' }
            $second = Measure-Command { Get-Completion 'Wait-ImmutaIntegration -Id ' | Should -BeNullOrEmpty }

            $Unanswered | Should -BeNullOrEmpty
            # The request alone would wait its 100-second timeout; the completion gives up after the 5-second bound
            # (the rest is margin for a busy machine).
            $first.TotalSeconds | Should -BeLessThan 35 -Because 'a completion waits no longer than its bound'
            # Asking the silent tenant again would take the whole bound; the remembered failure takes moments.
            $second.TotalSeconds | Should -BeLessThan 4 -Because 'the failure is remembered for a while'
            $Error.Count | Should -Be 0
        }
        finally {
            Set-TestCompletionTiming -RequestBound $RequestBound
            Set-TestEnvironment @{ IMMUTA_URL = $null; IMMUTA_API_KEY = $null }
            $listener.Stop()
            Connect-TestTenant $Emulator -Current | Out-Null
        }
    }
}

Describe 'Completion of Get-ImmutaIntegrationScript -Kind' {
    It 'offers the scripts of the type of the integration given with -Id: <Type>' -TestCases @(
        @{ Type = 'Snowflake'; Id = 1; Kinds = @('Create', 'Edit', 'Delete', 'Cleanup') }
        @{ Type = 'Databricks'; Id = 2; Kinds = @('Create', 'Edit') }
        @{ Type = 'Redshift'; Id = 3; Kinds = @('InitialCreate', 'Create', 'Edit', 'Delete', 'Cleanup') }
        @{ Type = 'Trino'; Id = 7; Kinds = @() }
    ) {
        (Get-Completion "Get-ImmutaIntegrationScript -Id $Id -Kind ").CompletionText | Should -Be $Kinds
    }

    It 'offers the scripts of the payload''s type, from -Payload, a piped variable or a -Path file' {
        $global:CompletionPayload = Get-TestPayload databricks
        $global:TrinoPayload = New-ImmutaIntegrationPayload -Type Trino
        try {
            (Get-Completion 'Get-ImmutaIntegrationScript -Payload $CompletionPayload -Kind ').CompletionText | Should -Be @('Create', 'Edit')
            (Get-Completion '$CompletionPayload | Get-ImmutaIntegrationScript -Kind ').CompletionText | Should -Be @('Create', 'Edit')
            Get-Completion 'Get-ImmutaIntegrationScript -Payload $TrinoPayload -Kind ' | Should -BeNullOrEmpty
            $file = Join-Path (Get-TestPath Root) 'examples/integrations/snowflake-acme.yaml'
            (Get-Completion "Get-ImmutaIntegrationScript -Path '$file' -Kind ").CompletionText | Should -Be @('Create', 'Edit', 'Delete', 'Cleanup')
            (Get-Completion "Get-ImmutaIntegrationScript -Path '$file' -Kind c").CompletionText | Should -Be @('Create', 'Cleanup')
        }
        finally {
            Remove-Variable CompletionPayload, TrinoPayload -Scope Global
        }
    }

    It 'offers every kind when the line names no type' {
        (Get-Completion 'Get-ImmutaIntegrationScript -Kind ').CompletionText | Should -Be @('Create', 'Edit', 'Delete', 'Cleanup', 'InitialCreate', 'PostCleanup')
        (Get-Completion 'Get-ImmutaIntegrationScript -Kind post').CompletionText | Should -Be 'PostCleanup'
    }

    It 'still binds the kind by name, in any case' {
        $script = Get-ImmutaIntegrationScript -Kind initialcreate -Payload (Get-TestPayload redshift | ForEach-Object { $_.autoBootstrap = $false; $_ })
        $script.Kind | Should -Be ([ImmutaIntegrations.IntegrationScriptKind]::InitialCreate)
        { Get-ImmutaIntegrationScript -Kind Nope -Id 3 } | Should -Throw -ErrorId 'ParameterArgumentTransformationError,ImmutaIntegrations.Commands.GetImmutaIntegrationScriptCommand'
    }
}

Describe 'Completion of -Type (Get-ImmutaIntegration, Export-ImmutaIntegration, New-ImmutaIntegrationPayload)' {
    It 'offers the seven types, quoting those with a space, on <Line>' -TestCases @(
        @{ Line = 'Get-ImmutaIntegration -Type ' }
        @{ Line = 'Export-ImmutaIntegration -Path out -Type ' }
        @{ Line = 'New-ImmutaIntegrationPayload -Type ' }
    ) {
        (Get-Completion $Line).CompletionText | Should -Be @('Snowflake', 'Databricks', 'Redshift', "'Azure Synapse Analytics'", "'Google BigQuery'", "'Native S3'", 'Trino')
    }

    It 'matches names, short names and wildcards' {
        (Get-Completion 'Get-ImmutaIntegration -Type Azure').CompletionText | Should -Be "'Azure Synapse Analytics'"
        (Get-Completion 'Get-ImmutaIntegration -Type synapse').CompletionText | Should -Be "'Azure Synapse Analytics'"
        (Get-Completion 'Export-ImmutaIntegration -Path out -Type *query').CompletionText | Should -Be "'Google BigQuery'"
    }
}

Describe 'Completion of New-ImmutaIntegrationPayload' {
    It 'completes the types, quoting names with spaces, also from short names' {
        (Get-Completion 'New-ImmutaIntegrationPayload -Type Syn').CompletionText | Should -Be "'Azure Synapse Analytics'"

        (Get-Completion 'Test-ImmutaIntegrationPayload -Path x; New-ImmutaIntegrationPayload -Type ').CompletionText |
            Should -Be @('Snowflake', 'Databricks', 'Redshift', "'Azure Synapse Analytics'", "'Google BigQuery'", "'Native S3'", 'Trino')
    }

    It 'completes the field names of the chosen type as parameters, and authenticationType''s values' {
        (Get-Completion 'New-ImmutaIntegrationPayload -Type Snowflake -Ware').CompletionText | Should -Be '-Warehouse'
        (Get-Completion 'New-ImmutaIntegrationPayload -Type Databricks -AuthenticationType ').CompletionText | Sort-Object | Should -Be @('oAuthM2M', 'token')

        (Get-Command New-ImmutaIntegrationPayload -ArgumentList @('Native S3')).Parameters.Keys | Should -Contain 'AwsLocationPath'
        (Get-Command New-ImmutaIntegrationPayload -ArgumentList @('Native S3')).Parameters['AwsSecretAccessKey'].ParameterType | Should -Be ([securestring])
    }
}
