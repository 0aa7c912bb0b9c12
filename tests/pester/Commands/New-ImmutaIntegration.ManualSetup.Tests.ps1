# Manual setups end to end: the setup, edit, delete and cleanup scripts run through a real ADO.NET provider
# (Microsoft.Data.Sqlite). One emulator writes each script as SQLite statements that record the platform's
# statements in immuta_script_log (--script-dialect sqlite); a second one, with native scripts and the same
# payloads, tells what those statements must be.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../Support/TestHelpers.psm1') -Force
    Import-Module (Get-TestPath Module) -Force
    $script:SqliteEmulator = Start-TestEmulator -ApiKey 'manual-key' -SeedPath $null -ArgumentList '--transition-delay-ms', '100', '--script-dialect', 'sqlite'
    $script:NativeEmulator = Start-TestEmulator -ApiKey 'manual-key' -SeedPath $null -ArgumentList '--transition-delay-ms', '100'
    Disconnect-Immuta
    $script:Native = Connect-Immuta -Url $NativeEmulator.Url -ApiKey (ConvertTo-TestSecureString 'manual-key')
    $script:Sqlite = Connect-Immuta -Url $SqliteEmulator.Url -ApiKey (ConvertTo-TestSecureString 'manual-key')
    $script:Secret = 'e2e-Zq7-manual-secret'
    $script:Databases = [System.Collections.Generic.List[object]]::new()

    # An open connection to a new SQLite database, closed and deleted after the run.
    function New-ScriptDatabase {
        $connection = New-TestSqliteConnection
        $Databases.Add($connection)
        $connection
    }

    # A sample payload of the contract, set up manually (autoBootstrap false) where the type has the flag.
    function Get-ManualPayload([string] $Slug) {
        $payload = Get-TestPayload $Slug
        if ($payload.Contains('autoBootstrap')) { $payload.autoBootstrap = $false }
        $payload
    }

    function Get-EndpointName([string] $Kind) {
        switch ($Kind) { 'InitialCreate' { 'initial-create' } 'PostCleanup' { 'post-cleanup' } default { $Kind.ToLowerInvariant() } }
    }

    # What the SQLite rendering recorded: "<script endpoint>: <statement>", in the order it ran.
    function Get-ScriptLog($Connection) {
        @(Invoke-TestSql $Connection 'SELECT script, statement FROM immuta_script_log ORDER BY id' | ForEach-Object { "$($_.script): $($_.statement)" })
    }

    # What the log must hold for native scripts: their statements, without the comments that lead them.
    function Get-ExpectedLog([object[]] $Scripts) {
        foreach ($item in $Scripts) {
            foreach ($statement in $item.Statements) {
                "$(Get-EndpointName $item.Kind): $($statement.Text -replace '^(?:\s*(?:/\*[\s\S]*?\*/|--[^\n]*))*\s*', '')"
            }
        }
    }

    # The scripts that ran, in order, each once however many statements it had.
    function Get-ScriptOrder($Connection) {
        $order = [System.Collections.Generic.List[string]]::new()
        foreach ($row in Invoke-TestSql $Connection 'SELECT script FROM immuta_script_log ORDER BY id') {
            if ($order.Count -eq 0 -or $order[$order.Count - 1] -ne $row.script) { $order.Add($row.script) }
        }
        $order.ToArray()
    }
}

AfterAll {
    $files = foreach ($connection in $Databases) { $connection.DataSource; $connection.Dispose() }
    [Microsoft.Data.Sqlite.SqliteConnection]::ClearAllPools()
    $files | Remove-Item -ErrorAction SilentlyContinue
    Disconnect-Immuta -Connection $Native
    Disconnect-Immuta -Connection $Sqlite
    Stop-TestEmulator $SqliteEmulator
    Stop-TestEmulator $NativeEmulator
}

Describe 'Manual setup, edit and removal through a real ADO.NET provider' {
    # Each test creates the sample payloads' integrations again: it starts from empty emulators.
    BeforeEach {
        Reset-TestEmulator $SqliteEmulator
        Reset-TestEmulator $NativeEmulator
    }

    # Databricks has no delete script (docs/api-contract.md §2): it is removed with a DELETE alone.
    It '<Type>: the setup, edit and delete scripts run in order, statement for statement as the native scripts' -TestCases @(
        @{ Type = 'Snowflake'; Slug = 'snowflake'; Setup = @('Create'); Delete = $true; Change = @{ warehouse = 'EDITED_WAREHOUSE'; impersonation = @{ enabled = $true } } }
        @{ Type = 'Databricks'; Slug = 'databricks'; Setup = @('Create'); Delete = $false; Change = @{ audit = @{ enabled = $true } } }
        @{ Type = 'Redshift'; Slug = 'redshift'; Setup = @('InitialCreate', 'Create'); Delete = $true; Change = @{ impersonation = @{ enabled = $true } } }
        @{ Type = 'Azure Synapse Analytics'; Slug = 'synapse'; Setup = @('InitialCreate', 'Create'); Delete = $true; Change = @{ impersonation = @{ enabled = $true } } }
    ) {
        $payload = Get-ManualPayload $Slug
        $edited = Get-ManualPayload $Slug
        foreach ($key in $Change.Keys) { $edited.config[$key] = $Change[$key] }
        # The same integration, created and edited on the native emulator, gives the scripts the platform would run.
        $nativeSetup = @(foreach ($kind in $Setup) { Get-ImmutaIntegrationScript -Kind $kind -Payload $payload -Connection $Native })
        $twin = New-ImmutaIntegration -Payload $payload -Wait -Force -PollInterval 0.1 -Connection $Native
        $nativeEdit = Get-ImmutaIntegrationScript -Kind Edit -Id $twin.Id -Payload $edited -Connection $Native
        Set-ImmutaIntegration -Id $twin.Id -Payload $edited -Wait -Force -PollInterval 0.1 -Connection $Native | Out-Null
        $nativeDelete = if ($Delete) { Get-ImmutaIntegrationScript -Kind Delete -Id $twin.Id -Connection $Native }
        $setupLog = @(Get-ExpectedLog $nativeSetup)
        $editLog = @(Get-ExpectedLog $nativeEdit)
        $deleteLog = if ($Delete) { @(Get-ExpectedLog $nativeDelete) } else { @() }
        $db = New-ScriptDatabase

        $created = New-ImmutaIntegration -Payload $payload -ManualSetup -DbConnection $db -Force -PollInterval 0.1 -Connection $Sqlite

        $created.Type | Should -Be $Type
        $created.Status | Should -Be 'enabled'
        $created.AutoBootstrap | Should -BeFalse
        Get-ScriptOrder $db | Should -Be @($Setup | ForEach-Object { Get-EndpointName $_ })
        Get-ScriptLog $db | Should -Be $setupLog

        $changed = Set-ImmutaIntegration -Id $created.Id -Payload $edited -ManualSetup -DbConnection $db -Force -PollInterval 0.1 -Connection $Sqlite

        $changed.Status | Should -Be 'enabled'
        foreach ($key in $Change.Keys) {
            if ($Change[$key] -is [hashtable]) { $changed.Config[$key].enabled | Should -Be $Change[$key].enabled }
            else { $changed.Config[$key] | Should -Be $Change[$key] }
        }
        Get-ScriptLog $db | Should -Be ($setupLog + $editLog)

        $deletes = Get-EmulatorRequestCount $SqliteEmulator 'DELETE /integrations/{id}'
        $deleteScripts = Get-EmulatorRequestCount $SqliteEmulator 'POST /integrations/{id}/scripts/delete'
        $results = Remove-ImmutaIntegration -Id $created.Id -ManualCleanup -DbConnection $db -Wait -Force -PollInterval 0.1 -Connection $Sqlite

        (Get-ImmutaIntegrationStatus -Id $created.Id -Connection $Sqlite).Status | Should -Be 'deleted'
        Get-EmulatorRequestCount $SqliteEmulator 'DELETE /integrations/{id}' | Should -Be ($deletes + 1)
        if ($Delete) {
            # The SQLite rendering also creates its log table first: one statement more than the native script.
            $results | Should -HaveCount ($nativeDelete.Statements.Count + 1)
            $results | ForEach-Object { $_ | Should -BeOfType ([ImmutaIntegrations.ScriptStatementResult]) }
            $results.Status | Select-Object -Unique | Should -Be 'Succeeded'
            $results.Script | Select-Object -Unique | Should -Be 'Delete'
            Get-EmulatorRequestCount $SqliteEmulator 'POST /integrations/{id}/scripts/delete' | Should -Be ($deleteScripts + 1)
            Get-ScriptOrder $db | Should -Be (@($Setup | ForEach-Object { Get-EndpointName $_ }) + 'edit', 'delete')
        }
        else {
            $results | Should -BeNullOrEmpty
            Get-EmulatorRequestCount $SqliteEmulator 'POST /integrations/{id}/scripts/delete' | Should -Be $deleteScripts
            Get-ScriptOrder $db | Should -Be (@($Setup | ForEach-Object { Get-EndpointName $_ }) + 'edit')
        }
        Get-ScriptLog $db | Should -Be ($setupLog + $editLog + $deleteLog)
    }

    It 'runs the statements through -Executor as Get-ImmutaIntegrationScript gives them, and the delete script before the DELETE' {
        $payload = Get-ManualPayload redshift
        $payload.config.host = 'executor.redshift.amazonaws.com'
        $db = New-ScriptDatabase
        Invoke-TestSql $db 'CREATE TABLE recorded (id INTEGER PRIMARY KEY AUTOINCREMENT, number INTEGER NOT NULL, statement TEXT NOT NULL, status TEXT NOT NULL)' | Out-Null
        $state = @{ Id = $null; Url = $NativeEmulator.Url; ApiKey = $NativeEmulator.ApiKey; Database = $db }
        # Records each statement with a parameterized command, and where the integration stood when it ran.
        $executor = {
            param($text, $statement)
            $status = if ($state.Id) { (Invoke-RestMethod -Uri "$($state.Url)/integrations/$($state.Id)/status" -Headers @{ Authorization = $state.ApiKey }).status } else { 'none' }
            $command = $state.Database.CreateCommand()
            try {
                $command.CommandText = 'INSERT INTO recorded (number, statement, status) VALUES ($number, $statement, $status)'
                $command.Parameters.AddWithValue('$number', $statement.Number) | Out-Null
                $command.Parameters.AddWithValue('$statement', $text) | Out-Null
                $command.Parameters.AddWithValue('$status', "$status") | Out-Null
                $command.ExecuteNonQuery()
            }
            finally { $command.Dispose() }
        }.GetNewClosure()
        $initialCreate = Get-ImmutaIntegrationScript -Kind InitialCreate -Payload $payload -Connection $Native
        $create = Get-ImmutaIntegrationScript -Kind Create -Payload $payload -Connection $Native

        $created = New-ImmutaIntegration -Payload $payload -ManualSetup -Executor $executor -Force -PollInterval 0.1 -Connection $Native

        $created.Status | Should -Be 'enabled'
        $recorded = Invoke-TestSql $db 'SELECT number, statement, status FROM recorded ORDER BY id'
        $recorded.statement | Should -Be (@($initialCreate.Statements.Text) + @($create.Statements.Text))
        $recorded.number | Should -Be (@($initialCreate.Statements.Number) + @($create.Statements.Number))

        $delete = Get-ImmutaIntegrationScript -Kind Delete -Id $created.Id -Connection $Native
        Invoke-TestSql $db 'DELETE FROM recorded' | Out-Null
        $state.Id = $created.Id
        $results = Remove-ImmutaIntegration -Id $created.Id -ManualCleanup -Executor $executor -Force -PollInterval 0.1 -Connection $Native

        $recorded = Invoke-TestSql $db 'SELECT number, statement, status FROM recorded ORDER BY id'
        $recorded.statement | Should -Be $delete.Statements.Text
        # Every statement ran while the integration was still there: Immuta is told to delete it only once the script has run.
        $recorded.status | Should -Be (@('enabled') * @($recorded).Count)
        (Get-ImmutaIntegrationStatus -Id $created.Id -Connection $Native).Status | Should -BeIn 'deleting', 'deleted'
        $results.Status | Should -Be (@('Succeeded') * $delete.Statements.Count)
        # What the script block returned (ExecuteNonQuery's count) is what the statement affected.
        $results.RowsAffected | Should -Be (@(1) * $delete.Statements.Count)
    }

    It 'a failed creation of <Type> runs <Runs>, then reports IntegrationFailed with the failed test''s message' -TestCases @(
        @{ Type = 'Azure Synapse Analytics'; Slug = 'synapse'; Field = 'schema'; Setup = @('InitialCreate', 'Create'); Cleanup = @('Cleanup', 'PostCleanup'); Runs = 'the cleanup then the post-cleanup script' }
        @{ Type = 'Snowflake'; Slug = 'snowflake'; Field = 'warehouse'; Setup = @('Create'); Cleanup = @('Cleanup'); Runs = 'the cleanup script' }
        @{ Type = 'Redshift'; Slug = 'redshift'; Field = 'initialDatabase'; Setup = @('InitialCreate', 'Create'); Cleanup = @('Cleanup'); Runs = 'the cleanup script' }
        @{ Type = 'Databricks'; Slug = 'databricks'; Field = 'httpPath'; Setup = @('Create'); Cleanup = @(); Runs = 'no cleanup script (it has none)' }
    ) {
        $payload = Get-ManualPayload $Slug
        $payload.config.$Field = "fail-$Field"
        $db = New-ScriptDatabase

        $output = New-ImmutaIntegration -Payload $payload -ManualSetup -DbConnection $db -Force -PollInterval 0.1 -Connection $Sqlite `
            -ErrorVariable failures -ErrorAction SilentlyContinue -WarningVariable warnings -WarningAction SilentlyContinue

        $output | Should -BeNullOrEmpty
        $failures | Should -HaveCount 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'IntegrationFailed,*'
        $failures[0].Exception.Message | Should -BeLike "$Type integration * ended in createError.*Simulated platform failure: the value of config.$Field was rejected.*"
        $failures[0].Exception.Integration.Status | Should -Be 'createError'
        Get-ScriptOrder $db | Should -Be @(@($Setup) + @($Cleanup) | ForEach-Object { Get-EndpointName $_ })
        foreach ($kind in $Cleanup) {
            $cleanupScript = Get-ImmutaIntegrationScript -Kind $kind -Payload $payload -Connection $Native
            Get-ScriptLog $db | Where-Object { $_ -like "$(Get-EndpointName $kind): *" } | Should -Be @(Get-ExpectedLog $cleanupScript)
        }
        @($warnings) | Should -HaveCount $Cleanup.Count
    }

    It 'a creation refused at once (422) runs the cleanup script too, and reports PrerequisiteFailed' {
        $payload = Get-ManualPayload snowflake
        $payload.config.host = 'rejected.us-east-1.snowflakecomputing.com'
        $payload.config.warehouse = 'reject-warehouse'
        $db = New-ScriptDatabase
        $listed = @(Get-ImmutaIntegration -Connection $Sqlite).Count

        New-ImmutaIntegration -Payload $payload -ManualSetup -DbConnection $db -Force -PollInterval 0.1 -Connection $Sqlite `
            -ErrorVariable failures -ErrorAction SilentlyContinue -WarningAction SilentlyContinue

        $failures | Should -HaveCount 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'PrerequisiteFailed,*'
        $failures[0].Exception.Message | Should -Be 'Validation of prerequisite setup failed. Unable to create integration.'
        Get-ScriptOrder $db | Should -Be @('create', 'cleanup')
        @(Get-ImmutaIntegration -Connection $Sqlite) | Should -HaveCount $listed
    }

    It 'a native script run on SQLite stops at its first statement with ScriptStatementFailed, and nothing is created' {
        $payload = Get-ManualPayload snowflake
        $db = New-ScriptDatabase
        $posts = Get-EmulatorRequestCount $NativeEmulator 'POST /integrations'
        $cleanups = Get-EmulatorRequestCount $NativeEmulator 'POST /integrations/scripts/cleanup'
        $creates = Get-EmulatorRequestCount $NativeEmulator 'POST /integrations/scripts/create'

        $output = New-ImmutaIntegration -Payload $payload -ManualSetup -DbConnection $db -Force -PollInterval 0.1 -Connection $Native -ErrorVariable failures -ErrorAction SilentlyContinue

        $output | Should -BeNullOrEmpty
        $failures | Should -HaveCount 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'ScriptStatementFailed,*'
        $failures[0].Exception.Message | Should -BeLike 'The Create script failed at statement 1 of *'
        $failures[0].Exception.Message | Should -BeLike '*USE ROLE "ACCOUNTADMIN"*'
        $failures[0].Exception.Message | Should -BeLike '*SQLite Error 1: *syntax error*'
        $results = $failures[0].Exception.Results
        $results[0].Status | Should -Be 'Failed'
        $results[0].Error | Should -BeLike 'SQLite Error 1: *'
        $results | Select-Object -Skip 1 | ForEach-Object Status | Select-Object -Unique | Should -Be 'NotRun'
        Get-EmulatorRequestCount $NativeEmulator 'POST /integrations/scripts/create' | Should -Be ($creates + 1)
        Get-EmulatorRequestCount $NativeEmulator 'POST /integrations' | Should -Be $posts
        Get-EmulatorRequestCount $NativeEmulator 'POST /integrations/scripts/cleanup' | Should -Be $cleanups
    }
}

Describe 'Get-ImmutaIntegrationScript' {
    BeforeAll {
        Reset-TestEmulator $NativeEmulator
        $script:Ids = @{}
        foreach ($slug in 'snowflake', 'databricks', 'redshift', 'synapse', 'bigquery') {
            $Ids[$slug] = (New-ImmutaIntegration -Payload (Get-ManualPayload $slug) -Wait -Force -PollInterval 0.1 -Connection $Native).Id
        }
    }

    It '<Type> has the <Kind> script, with its statements' -TestCases @(
        foreach ($type in @(
                @{ Type = 'Snowflake'; Slug = 'snowflake'; Kinds = 'Create', 'Edit', 'Delete', 'Cleanup' }
                @{ Type = 'Databricks'; Slug = 'databricks'; Kinds = 'Create', 'Edit' }
                @{ Type = 'Redshift'; Slug = 'redshift'; Kinds = 'InitialCreate', 'Create', 'Edit', 'Delete', 'Cleanup' }
                @{ Type = 'Azure Synapse Analytics'; Slug = 'synapse'; Kinds = 'InitialCreate', 'Create', 'Edit', 'Delete', 'Cleanup', 'PostCleanup' }
            )) {
            foreach ($kind in $type.Kinds) { @{ Type = $type.Type; Slug = $type.Slug; Kind = $kind } }
        }
    ) {
        $payload = Get-ManualPayload $Slug
        $fetched = switch ($Kind) {
            'Delete' { Get-ImmutaIntegrationScript -Kind Delete -Id $Ids[$Slug] -Connection $Native }
            'Edit' { Get-ImmutaIntegrationScript -Kind Edit -Id $Ids[$Slug] -Payload $payload -Connection $Native }
            default { Get-ImmutaIntegrationScript -Kind $Kind -Payload $payload -Connection $Native }
        }

        $fetched | Should -BeOfType ([ImmutaIntegrations.IntegrationScript])
        $fetched.Kind | Should -Be $Kind
        $fetched.Type | Should -Be $Type
        $fetched.IntegrationId | Should -Be $(if ($Kind -in 'Edit', 'Delete') { $Ids[$Slug] } else { '' })
        $fetched.Statements.Count | Should -BeGreaterThan 0
        $fetched.Statements.Number | Should -Be (1..$fetched.Statements.Count)
        $fetched.Text | Should -BeLike "*Immuta integration: $Type*Script: $(Get-EndpointName $Kind) (manual setup*"
    }

    It 'refuses the <Kind> script of <Type>, which has none, before sending anything: ScriptNotAvailable' -TestCases @(
        @{ Type = 'Databricks'; Slug = 'databricks'; Kind = 'Cleanup' }
        @{ Type = 'Databricks'; Slug = 'databricks'; Kind = 'InitialCreate' }
        @{ Type = 'Snowflake'; Slug = 'snowflake'; Kind = 'PostCleanup' }
        @{ Type = 'Redshift'; Slug = 'redshift'; Kind = 'PostCleanup' }
        @{ Type = 'Google BigQuery'; Slug = 'bigquery'; Kind = 'Create' }
        @{ Type = 'Google BigQuery'; Slug = 'bigquery'; Kind = 'Cleanup' }
        @{ Type = 'Native S3'; Slug = 's3'; Kind = 'Create' }
        @{ Type = 'Trino'; Slug = 'trino'; Kind = 'InitialCreate' }
    ) {
        $before = Get-EmulatorRequests $NativeEmulator | ConvertTo-Json -Compress

        $output = Get-ImmutaIntegrationScript -Kind $Kind -Payload (Get-ManualPayload $Slug) -Connection $Native -ErrorVariable failures -ErrorAction SilentlyContinue

        $output | Should -BeNullOrEmpty
        $failures | Should -HaveCount 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'ScriptNotAvailable,*'
        $failures[0].Exception.Message | Should -BeLike "$Type has no $Kind script*"
        Get-EmulatorRequests $NativeEmulator | ConvertTo-Json -Compress | Should -Be $before
    }

    It 'refuses the Edit and Delete scripts of an integration whose type has none, sending no script request' {
        $edits = Get-EmulatorRequestCount $NativeEmulator 'POST /integrations/{id}/scripts/edit'
        $deletes = Get-EmulatorRequestCount $NativeEmulator 'POST /integrations/{id}/scripts/delete'

        Get-ImmutaIntegrationScript -Kind Edit -Id $Ids.bigquery -Payload (Get-ManualPayload bigquery) -Connection $Native -ErrorVariable edit -ErrorAction SilentlyContinue
        Get-ImmutaIntegrationScript -Kind Delete -Id $Ids.bigquery -Connection $Native -ErrorVariable delete -ErrorAction SilentlyContinue

        foreach ($failure in @($edit) + @($delete)) { $failure.FullyQualifiedErrorId | Should -BeLike 'ScriptNotAvailable,*' }
        @($edit).Count + @($delete).Count | Should -Be 2
        Get-EmulatorRequestCount $NativeEmulator 'POST /integrations/{id}/scripts/edit' | Should -Be $edits
        Get-EmulatorRequestCount $NativeEmulator 'POST /integrations/{id}/scripts/delete' | Should -Be $deletes
    }

    It '-OutFile also writes the script''s text' {
        $file = Join-Path $TestDrive 'create.sql'

        $fetched = Get-ImmutaIntegrationScript -Kind Create -Payload (Get-ManualPayload snowflake) -OutFile $file -Connection $Native

        $fetched.Text | Should -BeLike '*CREATE ROLE IF NOT EXISTS*'
        Get-Content -LiteralPath $file -Raw | Should -BeExactly $fetched.Text
    }
}

Describe 'Invoke-ImmutaScript and -WhatIf' {
    BeforeAll {
        Reset-TestEmulator $SqliteEmulator
        $script:Create = Get-ImmutaIntegrationScript -Kind Create -Payload (Get-ManualPayload snowflake) -Connection $Sqlite
    }

    It 'Invoke-ImmutaScript -WhatIf lists every statement and runs none' {
        $db = New-ScriptDatabase
        $before = Get-EmulatorRequests $SqliteEmulator | ConvertTo-Json -Compress

        $run = Invoke-TestTranscript { $Create | Invoke-ImmutaScript -DbConnection $db -WhatIf }

        $run.Output | Should -BeNullOrEmpty
        $listed = [regex]::Matches($run.Text, 'What if: Performing the operation "Run statement (\d+) of (\d+)"')
        $listed.Count | Should -Be $Create.Statements.Count
        $listed | ForEach-Object { [int]$_.Groups[1].Value } | Should -Be (1..$Create.Statements.Count)
        Invoke-TestSql $db "SELECT name FROM sqlite_master WHERE type = 'table'" | Should -BeNullOrEmpty
        Get-EmulatorRequests $SqliteEmulator | ConvertTo-Json -Compress | Should -Be $before
    }

    It 'Invoke-ImmutaScript runs every statement in order and reports each one' {
        $db = New-ScriptDatabase

        $results = $Create | Invoke-ImmutaScript -DbConnection $db

        $results | Should -HaveCount $Create.Statements.Count
        $results.Number | Should -Be (1..$Create.Statements.Count)
        $results.Status | Select-Object -Unique | Should -Be 'Succeeded'
        # The first statement creates the log table; each of the others records one statement of the platform.
        (Invoke-TestSql $db 'SELECT count(*) AS n FROM immuta_script_log').n | Should -Be ($Create.Statements.Count - 1)
    }

    It 'New-ImmutaIntegration -ManualSetup and Remove-ImmutaIntegration -ManualCleanup with -WhatIf fetch no script and run nothing' {
        $integration = New-ImmutaIntegration -Payload (Get-ManualPayload databricks) -Wait -Force -PollInterval 0.1 -Connection $Sqlite
        $db = New-ScriptDatabase
        $before = Get-EmulatorRequests $SqliteEmulator | ConvertTo-Json -Compress

        $run = Invoke-TestTranscript {
            New-ImmutaIntegration -Payload (Get-ManualPayload redshift) -ManualSetup -DbConnection $db -Force -Connection $Sqlite -WhatIf
            Remove-ImmutaIntegration -Id $integration.Id -ManualCleanup -DbConnection $db -Force -Connection $Sqlite -WhatIf
        }

        $run.Output | Should -BeNullOrEmpty
        $run.Text | Should -Match 'What if: .*Create, running its setup scripts first'
        $run.Text | Should -Match 'What if: .*Run its delete script on the platform \(where it has one\), then remove it'
        Invoke-TestSql $db "SELECT name FROM sqlite_master WHERE type = 'table'" | Should -BeNullOrEmpty
        Get-EmulatorRequests $SqliteEmulator | ConvertTo-Json -Compress | Should -Be $before
        (Get-ImmutaIntegrationStatus -Id $integration.Id -Connection $Sqlite).Status | Should -Be 'enabled'
    }
}

Describe 'Secrets in manual setups' {
    BeforeAll { Reset-TestEmulator $SqliteEmulator }

    It 'never appear in any stream or output of a manual setup, edit, removal and failed setup, with -Verbose and -Debug' {
        $payload = Get-ManualPayload redshift
        $payload.config.password = $Secret
        $edited = Get-ManualPayload redshift
        $edited.config.password = $Secret
        $edited.config.impersonation = @{ enabled = $true }
        $failing = Get-ManualPayload synapse
        $failing.config.password = "fail-$Secret"
        $db = New-ScriptDatabase
        # -Debug makes a compiled cmdlet's warnings ask; -WarningAction keeps them plain in a session that cannot ask.
        $streams = @{ Verbose = $true; Debug = $true; WarningAction = 'Continue'; ErrorAction = 'Continue'; Connection = $Sqlite }

        $text = & {
            $created = New-ImmutaIntegration -Payload $payload -ManualSetup -DbConnection $db -Force -PollInterval 0.1 @streams
            $created | Format-List * | Out-String -Width 200
            Set-ImmutaIntegration -Id $created.Id -Payload $edited -ManualSetup -DbConnection $db -Force -PollInterval 0.1 @streams | Format-List * | Out-String -Width 200
            Remove-ImmutaIntegration -Id $created.Id -ManualCleanup -DbConnection $db -Force -PollInterval 0.1 @streams | Format-Table | Out-String -Width 200
            New-ImmutaIntegration -Payload $failing -ManualSetup -DbConnection $db -Force -PollInterval 0.1 @streams
            Get-ImmutaIntegrationScript -Kind Create -Payload $payload @streams | Format-List * | Out-String -Width 200
            Invoke-TestSql $db 'SELECT script, statement FROM immuta_script_log' | Format-Table -Wrap | Out-String -Width 300
        } *>&1 | Out-String -Width 200

        # The run did what it should: every script ran, the failed setup was cleaned up and reported.
        $text | Should -Match 'Running the InitialCreate script for Redshift'
        $text | Should -Match 'Running the Edit script for Redshift'
        $text | Should -Match 'running the PostCleanup script'
        $text | Should -Match 'ended in createError'
        $text | Should -Match 'Body: '
        $text | Should -Match '<REDACTED>'
        $text | Should -Not -Match ([regex]::Escape($Secret))
    }
}
