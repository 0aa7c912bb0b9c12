# Tests Compare-ImmutaIntegration -DetailedExitCode and examples/Test-Drift.ps1: drift as an exit code, as a scheduled
# job sees it, each run in a fresh pwsh as agents do, against the emulator.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../Support/TestFixture.psm1')
    $script:Secret = 'drift-Rk4-secret-value'
    $script:Emulator = Start-TestFixture -ApiKey 'drift-key' -Environment @{ SNOWFLAKE_PASSWORD = $Secret; DATABRICKS_TOKEN = $Secret }
    Import-Module (Join-Path $PSScriptRoot '../Support/CheckHelpers.psm1') -Force
    # A job's environment: the tenant, and the module found by name, as if installed.
    $script:Job = Get-TestJobEnvironment $Emulator

    function Invoke-TestDrift([string[]] $Arguments, [hashtable] $Environment = $Job) {
        Invoke-CheckPwsh -ArgumentList (@('-NoProfile', '-File', 'examples/Test-Drift.ps1') + $Arguments) -Environment $Environment
    }

    # A script that runs a plan with -DetailedExitCode and prints $LASTEXITCODE, with no exit of its own.
    function Get-PlanScript([string] $Path) { "Compare-ImmutaIntegration -Path '$Path' -DetailedExitCode | Out-Null`n'LASTEXITCODE=' + `$LASTEXITCODE" }
}

AfterAll { Stop-TestFixture }

Describe 'Compare-ImmutaIntegration -DetailedExitCode and examples/Test-Drift.ps1: drift as an exit code' {
    BeforeEach {
        Reset-TestEmulator $Emulator
        $script:Folder = New-TestRepository
        Sync-ImmutaIntegration -Path $Folder -PollInterval 0.05 | Out-Null
    }

    It 'pwsh -File examples/Test-Drift.ps1 exits 0 and prints the plan when the tenant matches the files' {
        $run = Invoke-TestDrift '-Path', $Folder, '-Prune'

        $run.ExitCode | Should -Be 0 -Because ($run.Output -join "`n")
        $run.Output | Should -Contain 'Plan: 0 to create, 0 to update, 0 to replace, 0 to delete, 3 unchanged.'
        $run.Output | Should -Contain 'No drift: the tenant matches the files.'
        ($run.Output -join "`n") | Should -Match 'NoChange\s+Snowflake\s+\d+\s+acme\.us-east-1\.snowflakecomputing\.com'
    }

    It 'pwsh -File examples/Test-Drift.ps1 exits 2 after a file is edited, and with -Prune when the tenant has one more' {
        Edit-TestFile (Join-Path $Folder 'snowflake-acme.yaml') 'warehouse: IMMUTA_WH' 'warehouse: OTHER_WH'

        $edited = Invoke-TestDrift '-Path', $Folder

        $edited.ExitCode | Should -Be 2 -Because ($edited.Output -join "`n")
        $edited.Output | Should -Contain 'Plan: 0 to create, 1 to update, 0 to replace, 0 to delete, 2 unchanged.'
        $edited.Output | Should -Contain 'Drift: the tenant differs from the files; Sync-ImmutaIntegration would make the changes above.'
        ($edited.Output -join "`n") | Should -Match "config\.warehouse: 'IMMUTA_WH' -> 'OTHER_WH'"
        ($edited.Output -join "`n") | Should -Not -Match ([regex]::Escape($Secret))

        Sync-ImmutaIntegration -Path $Folder -PollInterval 0.05 | Out-Null
        New-ImmutaIntegration -Payload (Get-TestPayload s3) -Force | Out-Null

        $kept = Invoke-TestDrift '-Path', $Folder
        $pruned = Invoke-TestDrift '-Path', $Folder, '-Prune'

        $kept.ExitCode | Should -Be 0 -Because 'without -Prune an integration in no file is no drift'
        $pruned.ExitCode | Should -Be 2 -Because ($pruned.Output -join "`n")
        $pruned.Output | Should -Contain 'Plan: 0 to create, 0 to update, 0 to replace, 1 to delete, 3 unchanged.'
    }

    It 'pwsh -File examples/Test-Drift.ps1 exits 1 when <Case>' -TestCases @(
        @{ Case = 'the tenant cannot be reached'; Message = 'Could not reach 127.0.0.1*' }
        @{ Case = 'the tenant refuses the key'; Message = 'Missing or invalid credentials*' }
        @{ Case = 'a file is invalid'; Message = 'The payload from *broken.yaml is not valid*' }
    ) {
        $closed = New-TestRefusingPort
        try {
            $environment = switch ($Case) {
                'the tenant cannot be reached' { Get-TestJobEnvironment $Emulator -Variables @{ IMMUTA_URL = "http://127.0.0.1:$($closed.Port)" } }
                'the tenant refuses the key' { Get-TestJobEnvironment $Emulator -Variables @{ IMMUTA_API_KEY = 'not-the-key' } }
                default {
                    Set-TestFile (Join-Path $Folder 'broken.yaml') "type: Snowflake`nautoBootstrap: true`nconfig:`n  port: many`n"
                    $Job
                }
            }

            $run = Invoke-TestDrift '-Path', $Folder -Environment $environment

            $run.ExitCode | Should -Be 1 -Because ($run.Output -join "`n")
            $failure = @($run.Output | Where-Object { $_ -like 'The drift check failed: *' })
            $failure.Count | Should -Be 1 -Because ($run.Output -join "`n")
            $failure[0] | Should -BeLike "The drift check failed: $Message"
            $run.Output | Should -Not -Contain 'No drift: the tenant matches the files.'
        }
        finally { $closed.Socket.Dispose() }
    }

    It 'Compare-ImmutaIntegration -DetailedExitCode in a fresh pwsh: $LASTEXITCODE and the process exit 0, 2 and 1, without an exit of the script' {
        $edited = New-TestRepository
        Edit-TestFile (Join-Path $edited 'databricks-analytics.yaml') 'httpPath: \S+' 'httpPath: sql/other'
        $closed = New-TestRefusingPort
        try {
            $unreachable = Get-TestJobEnvironment $Emulator -Variables @{ IMMUTA_URL = "http://127.0.0.1:$($closed.Port)" }

            $same = Invoke-FreshPwsh -Environment $Job -Script (Get-PlanScript $Folder)
            $drift = Invoke-FreshPwsh -Environment $Job -Script (Get-PlanScript $edited)
            $failed = Invoke-FreshPwsh -Environment $unreachable -Script (Get-PlanScript $Folder)
            $redirected = Invoke-FreshPwsh -Environment $Job -RedirectedInput -Script (Get-PlanScript $edited)

            $same.ExitCode | Should -Be 0 -Because ($same.Output -join "`n")
            $same.Output | Should -Contain 'LASTEXITCODE=0'
            $drift.ExitCode | Should -Be 2 -Because ($drift.Output -join "`n")
            $drift.Output | Should -Contain 'LASTEXITCODE=2'
            $failed.ExitCode | Should -Be 1 -Because ($failed.Output -join "`n")
            $failed.Output | Should -Contain 'LASTEXITCODE=1' -Because 'the terminating error ends the command, and the script goes on'
            ($failed.Output -join ' ') | Should -Match 'Could not reach 127\.0\.0\.1'
            $redirected.ExitCode | Should -Be 2 -Because 'a console whose input is redirected is a job too'
        }
        finally { $closed.Socket.Dispose() }
    }

    It 'a later check that finds no drift leaves an earlier non-zero code as the process''s, and an explicit exit decides' {
        $edited = New-TestRepository
        Edit-TestFile (Join-Path $edited 'snowflake-acme.yaml') 'IMMUTA_WH' 'NEXT_WH'
        $both = "Compare-ImmutaIntegration -Path '$edited' -DetailedExitCode | Out-Null`n$(Get-PlanScript $Folder)"

        $run = Invoke-FreshPwsh -Environment $Job -Script $both
        $exited = Invoke-FreshPwsh -Environment $Job -Script "$both`nexit 0"

        $run.Output | Should -Contain 'LASTEXITCODE=0'
        $run.ExitCode | Should -Be 2 -Because 'the drift found first is not hidden by the check after it'
        $exited.ExitCode | Should -Be 0
    }

    It 'in a session, -DetailedExitCode sets $LASTEXITCODE and still returns the plan; without it $LASTEXITCODE is left alone' {
        $global:LASTEXITCODE = 42
        $plain = @(Compare-ImmutaIntegration -Path $Folder)
        $global:LASTEXITCODE | Should -Be 42

        $plan = @(Compare-ImmutaIntegration -Path $Folder -DetailedExitCode)

        $plan.Action | Should -Be $plain.Action
        $global:LASTEXITCODE | Should -Be 0
        { Compare-ImmutaIntegration -Path (Join-Path $Folder 'missing.yaml') -DetailedExitCode } | Should -Throw -ErrorId 'PayloadFileNotFound*'
        $global:LASTEXITCODE | Should -Be 1
    }
}
