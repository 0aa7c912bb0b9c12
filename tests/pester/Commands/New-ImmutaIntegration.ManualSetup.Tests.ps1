# New-, Set- and Remove-ImmutaIntegration with -ManualSetup/-ManualCleanup, end to end: the setup, edit, delete and cleanup
# scripts run through a real ADO.NET provider (Microsoft.Data.Sqlite). One emulator writes each script as SQLite statements
# that record the platform's statements in immuta_script_log (--script-dialect sqlite); a second one, with native scripts
# and the same payloads, tells what those statements must be. (The scripts alone: Get-ImmutaIntegrationScript.Tests.ps1;
# running one: Invoke-ImmutaScript.Tests.ps1; secrets: Secrets/ManualSetup.Tests.ps1.)

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../Support/TestFixture.psm1')
    $script:SqliteEmulator = Start-TestFixture -ApiKey 'manual-key' -Seed $null -EmulatorArgument '--transition-delay-ms', '100', '--script-dialect', 'sqlite'
    $script:NativeEmulator = Add-TestTenant -ApiKey 'manual-key' -Seed $null -EmulatorArgument '--transition-delay-ms', '100'
    Import-Module (Join-Path $PSScriptRoot '../Support/ManualSetupHelpers.psm1') -Force
    $script:Sqlite = $SqliteEmulator.Connection
    $script:Native = $NativeEmulator.Connection

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
    Close-ScriptDatabase
    Stop-TestFixture
}

Describe 'New-ImmutaIntegration -ManualSetup, Set-ImmutaIntegration -ManualSetup and Remove-ImmutaIntegration -ManualCleanup through a real ADO.NET provider' {
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
