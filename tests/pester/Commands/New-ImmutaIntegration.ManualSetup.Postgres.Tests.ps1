# New-, Set- and Remove-ImmutaIntegration with -ManualSetup/-ManualCleanup: a Redshift manual setup for real: the emulator writes Redshift's scripts as PostgreSQL statements (--script-dialect
# postgres), and New-, Set- and Remove-ImmutaIntegration run them through Npgsql on the tests' PostgreSQL server, where
# the integration's objects are then looked for: the system account (a role that logs in with the payload's password),
# the database it owns, the schema immuta_system, the grants and the impersonation role.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../Support/TestFixture.psm1')
    $script:Emulator = Start-TestFixture -ApiKey 'pg-key' -Seed $null -EmulatorArgument '--transition-delay-ms', '100', '--script-dialect', 'postgres'
    Import-Module (Join-Path $PSScriptRoot '../Support/PostgresHelpers.psm1') -Force
    $script:Immuta = $Emulator.Connection
    # The superuser on the tests' server (started here when none was given), to see what the scripts did.
    $script:Admin = New-TestNpgsqlConnection

    # A manual Redshift payload whose names are the test's own, so that nothing of another test can be mistaken for its.
    function New-RedshiftPayload([string] $Suffix) {
        $payload = Get-TestPayload redshift
        $payload.autoBootstrap = $false
        $payload.config.database = "immuta_$Suffix"
        $payload.config.username = "immuta_system_$Suffix"
        $payload.config.password = "Pw-$Suffix-Zq7"
        $payload
    }

    # What the server holds of an integration's objects. The schema is looked for in the database the scripts ran in.
    function Get-RedshiftObjects($Payload) {
        $user = $Payload.config.username
        $role = Invoke-TestSql $Admin 'SELECT rolname, rolcanlogin FROM pg_roles WHERE rolname = @name' @{ name = $user }
        $database = Invoke-TestSql $Admin 'SELECT pg_get_userbyid(datdba) AS owner FROM pg_database WHERE datname = @name' @{ name = $Payload.config.database }
        $schema = Invoke-TestSql $Observer "SELECT pg_get_userbyid(nspowner) AS owner FROM pg_namespace WHERE nspname = 'immuta_system'"
        $listed = Invoke-TestSql $Observer "SELECT schema_owner FROM information_schema.schemata WHERE schema_name = 'immuta_system'"
        [pscustomobject]@{
            UserExists    = [bool]$role
            UserCanLogIn  = [bool]($role -and $role.rolcanlogin)
            DatabaseOwner = if ($database) { $database.owner }
            SchemaOwner   = if ($schema) { $schema.owner }
            SchemaListed  = if ($listed) { $listed.schema_owner }
        }
    }

    # Whether a statement whose text holds $Statement runs in the test's database (its session is the module's, not known here).
    function Test-Running([string] $Statement) {
        $sql = "SELECT count(*) AS n FROM pg_stat_activity WHERE datname = @db AND state = 'active' AND pid <> pg_backend_pid() AND strpos(query, @text) > 0"
        [int](Invoke-TestSql $Admin $sql @{ db = $WorkDatabase; text = $Statement }).n -gt 0
    }

    function Test-Role([string] $Name) { [bool](Invoke-TestSql $Admin 'SELECT 1 AS found FROM pg_roles WHERE rolname = @name' @{ name = $Name }) }
}

AfterAll {
    if ($Admin) { $Admin.Dispose() }
    Close-TestPostgres
    Stop-TestFixture
}

Describe 'New-ImmutaIntegration -ManualSetup: a Redshift manual setup run on PostgreSQL through Npgsql' {
    BeforeEach {
        Reset-TestEmulator $Emulator
        $script:Suffix = [guid]::NewGuid().ToString('n').Substring(0, 10)
        # The scripts run in a database of the test's own (the schema is made in the database they run in).
        $script:WorkDatabase = "work_$Suffix"
        Invoke-TestSql $Admin "CREATE DATABASE $WorkDatabase" | Out-Null
        $script:Platform = New-TestNpgsqlConnection -Database $WorkDatabase -Closed
        # The superuser in that database, to see what the scripts did there.
        $script:Observer = New-TestNpgsqlConnection -Database $WorkDatabase
    }

    AfterEach {
        $Platform.Dispose()
        $Observer.Dispose()
        # Whatever a failing test left: the database first (it may hold grants to the roles), then the roles.
        $payload = New-RedshiftPayload $Suffix
        Invoke-TestSql $Admin "DROP DATABASE IF EXISTS $WorkDatabase WITH (FORCE)" | Out-Null
        Invoke-TestSql $Admin "DROP DATABASE IF EXISTS `"$($payload.config.database)`" WITH (FORCE)" | Out-Null
        foreach ($role in "immuta_impersonation_$Suffix", $payload.config.username) { Invoke-TestSql $Admin "DROP ROLE IF EXISTS `"$role`"" | Out-Null }
    }

    It 'New-ImmutaIntegration -ManualSetup makes the objects, Set- -ManualSetup changes them, Remove- -ManualCleanup removes them' {
        $payload = New-RedshiftPayload $Suffix
        $user = $payload.config.username

        $created = New-ImmutaIntegration -Payload $payload -ManualSetup -DbConnection $Platform -StatementTimeout 60 -Force -PollInterval 0.1 `
            -Connection $Immuta

        $created.Status | Should -Be 'enabled'
        $objects = Get-RedshiftObjects $payload
        $objects.UserExists | Should -BeTrue
        $objects.UserCanLogIn | Should -BeTrue
        $objects.DatabaseOwner | Should -Be $user
        $objects.SchemaOwner | Should -Be $user
        $objects.SchemaListed | Should -Be $user
        $grants = Invoke-TestSql $Admin ("SELECT has_database_privilege(@user, @db, 'CONNECT') AS can_connect, " +
            "has_database_privilege(@user, @db, 'CREATE') AS can_create, has_database_privilege(@user, @db, 'TEMPORARY') AS can_use_temporary, " +
            "pg_has_role(@user, 'pg_read_all_stats', 'MEMBER') AS reads_all_stats") @{
            user = $user; db = $payload.config.database
        }
        $grants.can_connect, $grants.can_create, $grants.can_use_temporary, $grants.reads_all_stats | Should -Be $true, $true, $true, $true
        # The system account logs in with the payload's password, to the database it owns.
        $login = New-TestNpgsqlConnection -User $user -Password $payload.config.password -Database $payload.config.database
        try { (Invoke-TestSql $login 'SELECT current_user AS name').name | Should -Be $user }
        finally { $login.Dispose() }
        # The connection was given closed: it was opened for each script and closed again.
        $Platform.State | Should -Be 'Closed'

        $edited = New-RedshiftPayload $Suffix
        $impersonation = "immuta_impersonation_$Suffix"
        $edited.config.impersonation = @{ enabled = $true; role = $impersonation }
        $changed = Set-ImmutaIntegration -Id $created.Id -Payload $edited -ManualSetup -DbConnection $Platform -Force -PollInterval 0.1 -Connection $Immuta

        $changed.Status | Should -Be 'enabled'
        $changed.Config.impersonation.enabled | Should -BeTrue
        $member = Invoke-TestSql $Admin ('SELECT m.admin_option, r.rolcanlogin FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.roleid ' +
            'JOIN pg_roles u ON u.oid = m.member WHERE r.rolname = @role AND u.rolname = @user') @{ role = $impersonation; user = $user }
        $member | Should -Not -BeNullOrEmpty -Because 'the edit script makes the impersonation role and grants it to the system account'
        $member.admin_option | Should -BeTrue
        $member.rolcanlogin | Should -BeFalse

        $results = Remove-ImmutaIntegration -Id $created.Id -ManualCleanup -DbConnection $Platform -Wait -Force -PollInterval 0.1 -Connection $Immuta

        $results.Status | Select-Object -Unique | Should -Be 'Succeeded'
        (Get-ImmutaIntegrationStatus -Id $created.Id -Connection $Immuta).Status | Should -Be 'deleted'
        $objects = Get-RedshiftObjects $payload
        $objects.UserExists | Should -BeFalse
        $objects.DatabaseOwner | Should -BeNullOrEmpty
        $objects.SchemaOwner | Should -BeNullOrEmpty
        $objects.SchemaListed | Should -BeNullOrEmpty
        Test-Role $impersonation | Should -BeFalse
        $Platform.State | Should -Be 'Closed'
    }

    It 'Ctrl+C during the create script cancels its statement on the server, says where the setup stopped, and creates nothing in Immuta' {
        # The emulator's test hook: a long first statement in the create script, which runs after initial-create.
        $settings = @{ scriptPrefix = 'SELECT pg_sleep(60)'; scriptPrefixKinds = @('create') } | ConvertTo-Json
        Invoke-RestMethod -Method Post -Uri "$($Emulator.Url)/_emulator/settings" -Headers @{ Authorization = $Emulator.ApiKey } -Body $settings `
            -ContentType 'application/json' | Out-Null
        $posts = Get-EmulatorRequestCount $Emulator 'POST /integrations'
        $run = Start-TestPipeline 'New-ImmutaIntegration -Payload $Payload -ManualSetup -DbConnection $DbConnection -Force -Connection $Immuta' @{
            Payload = New-RedshiftPayload $Suffix; DbConnection = $Platform; Immuta = $Immuta
        }
        try {
            Wait-TestCondition { Test-Running 'pg_sleep(60)' } -TimeoutSec 60 | Should -BeTrue -Because 'the create script''s first statement starts'

            $clock = [System.Diagnostics.Stopwatch]::StartNew()
            $run.Shell.Stop()
            $stopped = $clock.Elapsed

            # The promise is a second; 3 s is what a loaded 2-core machine meets.
            $stopped.TotalSeconds | Should -BeLessThan 3
            $run.Host.Warnings | Should -HaveCount 1
            # (The statement is shown by its first 100 characters, here the comments that head the script.)
            $run.Host.Warnings[0] | Should -BeLike 'Stopped during statement 1 of * of the Create script, which was cancelled on the platform: *'
            $run.Host.Warnings[0] | Should -BeLike '*No statement had completed; the * after it were not run.'
            Wait-TestCondition { -not (Test-Running 'pg_sleep(60)') } -TimeoutSec 5 | Should -BeTrue -Because 'the server cancels it'
            Get-EmulatorRequestCount $Emulator 'POST /integrations' | Should -Be $posts
            # The connection the module opened for the script is closed again.
            Wait-TestCondition { $Platform.State -eq 'Closed' } -TimeoutSec 5 | Should -BeTrue
        }
        finally { Stop-TestPipeline $run }
    }

    It 'a failed creation runs the cleanup script, and nothing of the setup is left on the server' {
        $payload = New-RedshiftPayload $Suffix
        # The emulator fails a creation whose config has a value starting fail- (here one the PostgreSQL scripts only name in a comment).
        $payload.config.initialDatabase = 'fail-initialDatabase'
        $routes = 'POST /integrations/scripts/initial-create', 'POST /integrations/scripts/create', 'POST /integrations/scripts/cleanup'
        $before = $routes | ForEach-Object { Get-EmulatorRequestCount $Emulator $_ }

        $output = New-ImmutaIntegration -Payload $payload -ManualSetup -DbConnection $Platform -Force -PollInterval 0.1 -Connection $Immuta `
            -ErrorVariable failures -ErrorAction SilentlyContinue -WarningAction SilentlyContinue

        $output | Should -BeNullOrEmpty
        $failures | Should -HaveCount 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'IntegrationFailed,*'
        $failures[0].Exception.Integration.Status | Should -Be 'createError'
        # The setup scripts ran, then the creation failed in Immuta, then the cleanup script ran, and removed all they made.
        $routes | ForEach-Object { Get-EmulatorRequestCount $Emulator $_ } | Should -Be ($before | ForEach-Object { $_ + 1 })
        $objects = Get-RedshiftObjects $payload
        $objects.UserExists | Should -BeFalse
        $objects.DatabaseOwner | Should -BeNullOrEmpty
        $objects.SchemaOwner | Should -BeNullOrEmpty
        $Platform.State | Should -Be 'Closed'
    }
}
