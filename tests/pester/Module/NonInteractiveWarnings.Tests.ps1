# A compiled cmdlet's warning under -Debug in a session that cannot ask (pwsh -NonInteractive, a console whose input is
# redirected): it goes to the debug stream instead of failing the command. Remove-ImmutaIntegration's warning that a
# manual integration takes no credentials is the one tested.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../Support/TestFixture.psm1')
    $script:Emulator = Start-TestFixture -ApiKey 'warning-key' -Seed $null -EmulatorArgument '--transition-delay-ms', '100'
}

AfterAll { Stop-TestFixture }

Describe 'Remove-ImmutaIntegration: a warning under -Debug in a session that cannot ask' {
    It 'goes to the debug stream instead of failing the command (<Session>)' -TestCases @(
        @{ Session = 'pwsh -NonInteractive'; RedirectedInput = $false }
        @{ Session = 'a console whose input is redirected'; RedirectedInput = $true }
    ) {
        Reset-TestEmulator $Emulator
        $payload = Get-TestPayload s3
        $integration = New-ImmutaIntegration -Payload $payload -Wait -Force -PollInterval 0.1
        $deletes = Get-EmulatorRequestCount $Emulator 'DELETE /integrations/{id}'
        # A manual integration takes no credentials: Remove warns that it does not send them, then deletes and waits.
        # -Debug makes a compiled cmdlet's warnings ask, which -NonInteractive cannot do.
        $run = Invoke-FreshPwsh -RedirectedInput:$RedirectedInput -Script @"
$(Get-TestSessionScript -Tenant $Emulator)
`$credential = [pscredential]::new('admin', (ConvertTo-SecureString 'unused-password' -AsPlainText -Force))
try {
    Remove-ImmutaIntegration -Id $($integration.Id) -Credential `$credential -Wait -PollInterval 1 -Force -Debug -ErrorAction Stop
    'NO ERROR'
}
catch { 'ERROR: ' + `$_.Exception.Message }
"@

        $outcome = $run.Output | Where-Object { $_ -like 'ERROR: *' -or $_ -eq 'NO ERROR' }
        $outcome | Should -Be 'NO ERROR'
        $text = $run.Output -join "`n"
        $text | Should -Match 'WARNING: .*takes no credentials'
        $text | Should -Not -Match 'unused-password'
        Get-EmulatorRequestCount $Emulator 'DELETE /integrations/{id}' | Should -Be ($deletes + 1)
        (Get-ImmutaIntegrationStatus -Id $integration.Id -ErrorAction SilentlyContinue).Status | Should -BeIn @('deleted', $null)
    }
}
