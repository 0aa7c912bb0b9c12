# Invoke-ImmutaScript: a manual setup's script run on SQLite (a real ADO.NET provider, Microsoft.Data.Sqlite) statement
# by statement, and -WhatIf, there and on New-ImmutaIntegration -ManualSetup and Remove-ImmutaIntegration -ManualCleanup.
# The emulator writes each script as SQLite statements that record the platform's in immuta_script_log
# (--script-dialect sqlite). (On PostgreSQL: Invoke-ImmutaScript.Postgres.Tests.ps1.)

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../Support/TestFixture.psm1')
    $script:Emulator = Start-TestFixture -ApiKey 'manual-key' -Seed $null -EmulatorArgument '--transition-delay-ms', '100', '--script-dialect', 'sqlite'
    Import-Module (Join-Path $PSScriptRoot '../Support/ManualSetupHelpers.psm1') -Force
}

AfterAll {
    Close-ScriptDatabase
    Stop-TestFixture
}

Describe 'Invoke-ImmutaScript and -WhatIf' {
    BeforeAll {
        $script:Create = Get-ImmutaIntegrationScript -Kind Create -Payload (Get-ManualPayload snowflake) -Connection $Emulator.Connection
    }

    It 'Invoke-ImmutaScript -WhatIf lists every statement and runs none' {
        $db = New-ScriptDatabase
        $before = Get-EmulatorRequests $Emulator | ConvertTo-Json -Compress

        $run = Invoke-TestTranscript { $Create | Invoke-ImmutaScript -DbConnection $db -WhatIf }

        $run.Output | Should -BeNullOrEmpty
        $listed = [regex]::Matches($run.Text, 'What if: Performing the operation "Run statement (\d+) of (\d+)"')
        $listed.Count | Should -Be $Create.Statements.Count
        $listed | ForEach-Object { [int]$_.Groups[1].Value } | Should -Be (1..$Create.Statements.Count)
        Invoke-TestSql $db "SELECT name FROM sqlite_master WHERE type = 'table'" | Should -BeNullOrEmpty
        Get-EmulatorRequests $Emulator | ConvertTo-Json -Compress | Should -Be $before
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
        $integration = New-ImmutaIntegration -Payload (Get-ManualPayload databricks) -Wait -Force -PollInterval 0.1 -Connection $Emulator.Connection
        $db = New-ScriptDatabase
        $before = Get-EmulatorRequests $Emulator | ConvertTo-Json -Compress

        $run = Invoke-TestTranscript {
            New-ImmutaIntegration -Payload (Get-ManualPayload redshift) -ManualSetup -DbConnection $db -Force -Connection $Emulator.Connection -WhatIf
            Remove-ImmutaIntegration -Id $integration.Id -ManualCleanup -DbConnection $db -Force -Connection $Emulator.Connection -WhatIf
        }

        $run.Output | Should -BeNullOrEmpty
        $run.Text | Should -Match 'What if: .*Create, running its setup scripts first'
        $run.Text | Should -Match 'What if: .*Run its delete script on the platform \(where it has one\), then remove it'
        Invoke-TestSql $db "SELECT name FROM sqlite_master WHERE type = 'table'" | Should -BeNullOrEmpty
        Get-EmulatorRequests $Emulator | ConvertTo-Json -Compress | Should -Be $before
        (Get-ImmutaIntegrationStatus -Id $integration.Id -Connection $Emulator.Connection).Status | Should -Be 'enabled'
    }
}
