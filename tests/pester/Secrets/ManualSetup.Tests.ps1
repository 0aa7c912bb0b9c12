# Secrets in manual setups: New-, Set- and Remove-ImmutaIntegration -ManualSetup/-ManualCleanup, a failed manual setup and
# Get-ImmutaIntegrationScript, run on SQLite with -Verbose and -Debug, show a payload's password nowhere. The emulator writes
# each script as SQLite statements (--script-dialect sqlite).

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../Support/TestFixture.psm1')
    $script:Emulator = Start-TestFixture -ApiKey 'manual-key' -Seed $null -EmulatorArgument '--transition-delay-ms', '100', '--script-dialect', 'sqlite'
    Import-Module (Join-Path $PSScriptRoot '../Support/ManualSetupHelpers.psm1') -Force
    $script:Secret = 'e2e-Zq7-manual-secret'
}

AfterAll {
    Close-ScriptDatabase
    Stop-TestFixture
}

Describe 'Secrets in manual setups (New-, Set-, Remove-ImmutaIntegration and Get-ImmutaIntegrationScript)' {
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
        $streams = @{ Verbose = $true; Debug = $true; WarningAction = 'Continue'; ErrorAction = 'Continue'; Connection = $Emulator.Connection }

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
