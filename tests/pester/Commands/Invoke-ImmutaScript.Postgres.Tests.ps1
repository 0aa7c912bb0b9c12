# Invoke-ImmutaScript on a real PostgreSQL server through Npgsql (the server build.ps1 -Task Test starts, or one of the tests'
# own): what a user meets on a real platform that SQLite cannot show. Ctrl+C cancels the statement on the server, a
# session terminated part way, the server's own permission errors with the statement redacted, the provider's command
# timeout, and what becomes of the connection given.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../Support/TestFixture.psm1')
    # No tenant: these tests run scripts given as text, on the database alone.
    Start-TestFixture -NoEmulator
    Import-Module (Join-Path $PSScriptRoot '../Support/PostgresHelpers.psm1') -Force
    # The superuser, to watch and act on the server from a session of its own.
    $script:Admin = New-TestNpgsqlConnection
    $script:Opened = [System.Collections.Generic.List[object]]::new()

    # A connection for one test, disposed after it.
    function New-ScriptConnection([string] $User, [string] $Password, [switch] $Closed) {
        $connection = New-TestNpgsqlConnection -User $User -Password $Password -Closed:$Closed
        $Opened.Add($connection)
        $connection
    }

    function Get-BackendId($Connection) { [int](Invoke-TestSql $Connection 'SELECT pg_backend_pid() AS id').id }

    # What a session is doing, as the server sees it from another session.
    function Get-Activity([int] $BackendId) {
        Invoke-TestSql $Admin 'SELECT state, query FROM pg_stat_activity WHERE pid = @id' @{ id = $BackendId }
    }

    function Test-Running([int] $BackendId, [string] $Statement) {
        $activity = Get-Activity $BackendId
        [bool]($activity -and $activity.state -eq 'active' -and $activity.query -eq $Statement)
    }

    # Runs "SELECT 1; SELECT pg_sleep(<Seconds>); SELECT 2;" in a pipeline of its own (to stop it, or act on the server
    # while it runs) and returns once statement 2 runs on the server: Run (the pipeline), Connection, Backend, Statement.
    function Start-SleepingScript([int] $Seconds) {
        $connection = New-ScriptConnection
        $backend = Get-BackendId $connection
        $statement = "SELECT pg_sleep($Seconds)"
        $run = Start-TestPipeline 'Invoke-ImmutaScript -Text $Text -DbConnection $DbConnection -Confirm:$false' @{
            Text = "SELECT 1; $statement; SELECT 2;"; DbConnection = $connection
        }
        # Bounded: a cold import of the module in the new runspace on a busy machine is the slow part.
        if (-not (Wait-TestCondition { Test-Running $backend $statement } -TimeoutSec 60)) {
            Stop-TestPipeline $run
            throw "Statement 2 ($statement) was not running on the server within 60 s."
        }
        [pscustomobject]@{ Run = $run; Connection = $connection; Backend = $backend; Statement = $statement }
    }
}

AfterAll {
    if ($Admin) { $Admin.Dispose() }
    Close-TestPostgres
    Stop-TestFixture
}

Describe 'Invoke-ImmutaScript on PostgreSQL through Npgsql' {
    AfterEach {
        foreach ($connection in $Opened) { $connection.Dispose() }
        $Opened.Clear()
    }

    It 'Ctrl+C cancels the running statement on the server, and the command stops within 3 s' {
        $sleeping = Start-SleepingScript 60
        $run = $sleeping.Run
        $backend = $sleeping.Backend
        try {
            $clock = [System.Diagnostics.Stopwatch]::StartNew()
            $run.Shell.Stop()
            $stopped = $clock.Elapsed
            Write-Host ('    Stopped in {0:N2} s' -f $stopped.TotalSeconds)

            # The promise is a second; 3 s is what a loaded 2-core machine meets.
            $stopped.TotalSeconds | Should -BeLessThan 3
            $run.Shell.InvocationStateInfo.State | Should -Be 'Stopped'
            # The user is told where the platform stands.
            $run.Host.Warnings | Should -HaveCount 1
            $run.Host.Warnings[0] | Should -BeLike 'Stopped during statement 2 of 3 of the given script, which was cancelled on the platform: *'
            $run.Host.Warnings[0] | Should -BeLike '*cancelled on the platform: SELECT pg_sleep(60). *'
            $run.Host.Warnings[0] | Should -BeLike '*Statement 1 had completed; the 1 after it were not run.'
            # Cancelled on the server (not only abandoned by the client), and statement 3 never sent: the session is idle,
            # its last statement the one cancelled.
            Wait-TestCondition { -not (Test-Running $backend 'SELECT pg_sleep(60)') } -TimeoutSec 5 | Should -BeTrue -Because 'the server cancels it'
            $activity = Get-Activity $backend
            $activity.state | Should -Be 'idle'
            $activity.query | Should -Be 'SELECT pg_sleep(60)'
            # The session survives the cancellation: the connection is still usable.
            (Invoke-TestSql $sleeping.Connection 'SELECT 42 AS answer').answer | Should -Be 42
        }
        finally { Stop-TestPipeline $run }
    }

    It 'a session terminated part way ends the command with an error naming the statement, and what completed before it' {
        $sleeping = Start-SleepingScript 30
        $run = $sleeping.Run
        $backend = $sleeping.Backend
        try {
            (Invoke-TestSql $Admin 'SELECT pg_terminate_backend(@id) AS done' @{ id = $backend }).done | Should -BeTrue

            $run.Pending.AsyncWaitHandle.WaitOne([TimeSpan]::FromSeconds(10)) | Should -BeTrue -Because 'the command ends once its session is gone'
            # (Start-TestPipeline collects the output as it comes: EndInvoke ends the invocation, .Output holds it.)
            $null = $run.Shell.EndInvoke($run.Pending)
            $results = @($run.Output)
            $failures = @($run.Shell.Streams.Error)
        }
        finally { Stop-TestPipeline $run }

        $results.Status | Should -Be 'Succeeded', 'Failed', 'NotRun'
        $results[1].ConnectionLost | Should -BeTrue
        $failures | Should -HaveCount 1
        # The module's own error, not the provider's exception let through.
        $failures[0].Exception | Should -BeOfType ([ImmutaIntegrations.ImmutaScriptException])
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'ScriptConnectionLost,*'
        $message = $failures[0].Exception.Message
        $message | Should -BeLike 'The connection to the platform was lost during statement 2 of 3 of the given script, *'
        $message | Should -BeLike '*, so whether it took effect is not known.*'
        $message | Should -BeLike '*Statement 1 had completed; the 1 after it were not run.*'
        $message | Should -BeLike '*Statement 2: SELECT pg_sleep(30)*'
        $message | Should -BeLike '*terminating connection due to administrator command*'
        $message | Should -BeLike '*run the given script again*'
        (Get-Activity $backend) | Should -BeNullOrEmpty
    }

    It 'a statement the server refuses carries PostgreSQL''s message, the statement number and the redacted statement; no password shows' {
        $suffix = [guid]::NewGuid().ToString('n').Substring(0, 8)
        $login = "immuta_limited_$suffix"
        $loginPassword = "Login-$suffix-Zq7"
        $rolePassword = "Role-$suffix-Zq7"
        # A login without CREATEROLE, the default.
        Invoke-TestSql $Admin "CREATE ROLE $login LOGIN PASSWORD '$loginPassword'" | Out-Null
        try {
            $connection = New-ScriptConnection -User $login -Password $loginPassword
            $script = "SELECT 1; CREATE ROLE immuta_denied_$suffix LOGIN PASSWORD '$rolePassword'; SELECT 2;"

            # Every stream, and the results as they are shown.
            $streams = @(& {
                    Invoke-ImmutaScript -Text $script -DbConnection $connection -Confirm:$false -Verbose -ErrorAction Continue |
                        Format-List * | Out-String -Width 300
                } *>&1)
            $text = $streams | Out-String -Width 300
            $failures = @($streams | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })

            $failures | Should -HaveCount 1
            $failures[0].FullyQualifiedErrorId | Should -BeLike 'ScriptStatementFailed,*'
            $message = $failures[0].Exception.Message
            $message | Should -BeLike 'The given script failed at statement 2 of 3*'
            $message | Should -BeLike "*Statement 2: CREATE ROLE immuta_denied_$suffix LOGIN PASSWORD '<REDACTED>'*"
            $message | Should -BeLike '*42501: permission denied to create role*'
            $failures[0].Exception.Results.Status | Should -Be 'Succeeded', 'Failed', 'NotRun'
            $text | Should -Match 'permission denied to create role'
            $text | Should -Not -Match ([regex]::Escape($loginPassword))
            $text | Should -Not -Match ([regex]::Escape($rolePassword))
            Invoke-TestSql $Admin 'SELECT rolname FROM pg_roles WHERE rolname = @name' @{ name = "immuta_denied_$suffix" } | Should -BeNullOrEmpty
        }
        finally {
            foreach ($connection in $Opened) { $connection.Dispose() }
            $Opened.Clear()
            Invoke-TestSql $Admin "DROP ROLE IF EXISTS $login" | Out-Null
        }
    }

    It 'a statement past -StatementTimeout is cancelled by the provider at the timeout and fails saying it timed out' {
        $connection = New-ScriptConnection
        $backend = Get-BackendId $connection
        $clock = [System.Diagnostics.Stopwatch]::StartNew()

        $results = Invoke-ImmutaScript -Text 'SELECT pg_sleep(10);' -DbConnection $connection -StatementTimeout 1 -Confirm:$false `
            -ErrorVariable failures -ErrorAction SilentlyContinue

        $took = $clock.Elapsed
        # About a second: the timeout, not at once, and far from the statement's 10 s (a busy machine may add some). The
        # provider's timer and this stopwatch are different clocks: the timer may fire a tick before the stopwatch reads 1 s.
        $took.TotalSeconds | Should -BeGreaterOrEqual 0.9
        $took.TotalSeconds | Should -BeLessThan 5
        $results.Status | Should -Be 'Failed'
        $failures | Should -HaveCount 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'ScriptStatementFailed,*'
        $failures[0].Exception.Message | Should -BeLike 'The given script failed at statement 1 of 1*'
        $failures[0].Exception.Message | Should -BeLike '*did not end within 1 s (the statement timeout)*'
        Test-Running $backend 'SELECT pg_sleep(10)' | Should -BeFalse -Because 'the provider cancels it on the server'
    }

    It '<Connection> connection is <After> after a script that <Ends>' -TestCases @(
        @{ Connection = 'An open'; Closed = $false; After = 'Open'; Ends = 'succeeds'; Text = 'SELECT 1; SELECT 2;' }
        @{ Connection = 'An open'; Closed = $false; After = 'Open'; Ends = 'fails'; Text = 'SELECT 1; SELECT * FROM no_such_table;' }
        @{ Connection = 'A closed'; Closed = $true; After = 'Closed'; Ends = 'succeeds'; Text = 'SELECT 1; SELECT 2;' }
        @{ Connection = 'A closed'; Closed = $true; After = 'Closed'; Ends = 'fails'; Text = 'SELECT 1; SELECT * FROM no_such_table;' }
    ) {
        $connection = New-ScriptConnection -Closed:$Closed

        $results = Invoke-ImmutaScript -Text $Text -DbConnection $connection -Confirm:$false -ErrorAction SilentlyContinue

        # Both statements ran: a closed connection was opened for the script.
        $results[0].Status | Should -Be 'Succeeded'
        $results[1].Status | Should -Be $(if ($Ends -eq 'fails') { 'Failed' } else { 'Succeeded' })
        $connection.State | Should -Be $After
    }
}
