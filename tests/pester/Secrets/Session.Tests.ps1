# Every command of the module (all that ImmutaIntegrations.psd1 exports), for secrets: the secrets session
# (tests/sessions/Secrets.Session.ps1) in a fresh pwsh, every exported command with every stream shown and a transcript,
# against its own emulator; then every text it produced searched for every secret it used. Its JSON result says what ran,
# what was searched and what was found. And an integration (Get-ImmutaIntegration's object) exported with Export-Clixml.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../Support/TestFixture.psm1')
    # No tenant of the file's own: the session starts its emulator.
    Start-TestFixture -NoEmulator
    $script:SessionPath = Join-Path (Get-TestPath Root) 'tests/sessions/Secrets.Session.ps1'
    # What the module exports, from its manifest: the session must have run each of these.
    $script:Exported = @((Import-PowerShellDataFile (Join-Path (Get-TestPath Module) 'ImmutaIntegrations.psd1')).CmdletsToExport | Sort-Object)

    function Invoke-SecretsSession {
        param([switch] $SelfTest)
        $resultPath = Join-Path (Get-TestWorkFolder) ("secrets-result-{0}.json" -f [guid]::NewGuid().ToString('n'))
        $switch = if ($SelfTest) { ' -SelfTest' } else { '' }
        $run = Invoke-FreshPwsh -Script "& '$SessionPath' -ResultPath '$resultPath'$switch; exit `$LASTEXITCODE"
        $result = if (Test-Path -LiteralPath $resultPath) { Get-Content -LiteralPath $resultPath -Raw | ConvertFrom-Json }
        [pscustomobject]@{
            ExitCode = $run.ExitCode
            Summary  = @($run.Output | Where-Object { $_ -like 'Secrets session:*' })
            Output   = $run.Output
            Result   = $result
        }
    }

    # A leak as a line that says which secret and where, never the secret itself.
    function Format-Leak($Leak) { "$($Leak.Secret) in $($Leak.Place) ($($Leak.Views -join ', ')): ...$($Leak.Context)..." }
}

AfterAll { Stop-TestFixture }

Describe 'A session with every exported command under -Verbose -Debug and a transcript' {
    BeforeAll {
        $script:Session = Invoke-SecretsSession
        $script:Result = $Session.Result
    }

    It 'writes its result' {
        $Result | Should -Not -BeNullOrEmpty -Because "the session printed:`n$($Session.Output -join "`n")"
        $Result.SelfTest | Should -BeFalse
    }

    It 'runs every exported command' {
        $Exported.Count | Should -BeGreaterThan 10
        @($Result.CommandsRun | Sort-Object) | Should -Be $Exported
        @($Result.MissingCommands) | Should -HaveCount 0
    }

    It 'shows every stream, errors and warnings among them, and redacts the secrets it shows' {
        $Result.Records.Output | Should -BeGreaterThan 50
        $Result.Records.Verbose | Should -BeGreaterThan 50
        $Result.Records.Debug | Should -BeGreaterThan 50
        $Result.Records.Error | Should -BeGreaterThan 10
        $Result.Records.Warning | Should -BeGreaterThan 0
        $Result.TextsSearched | Should -BeGreaterThan 1000
        $Result.TextsRedacting | Should -BeGreaterThan 100
    }

    It 'searches for the API key, the bearer token, the payload and privileged secrets and the Starburst keys' {
        $Result.Secrets.Count | Should -BeGreaterThan 40
        foreach ($name in 'Immuta API key', 'Immuta API key (base64)', 'bearer token', 'proxy password', 'Snowflake password (env reference)',
            'Databricks token (plain in file)', 'S3 secret access key (SecureString)', 'BigQuery service account key (credential)',
            'privileged password (Remove-ImmutaIntegration -Credential)', 'Trino API key (created)', 'Trino API key (Reset -AsPlainText)') {
            $Result.Secrets | Should -Contain $name
        }
    }

    It 'went as planned: every failing call failed as it should, every other call succeeded' {
        @($Result.Problems) | Should -HaveCount 0 -Because ($Result.Problems -join "`n")
    }

    It 'shows no secret in any stream, error, file written or the transcript' {
        @($Result.Leaks) | Should -HaveCount 0 -Because (@($Result.Leaks | ForEach-Object { Format-Leak $_ }) -join "`n")
        $Session.Summary | Should -HaveCount 1
        $Session.Summary[0] | Should -Match "^Secrets session: $($Exported.Count) commands run, \d+ texts searched, \d+ secrets, 0 leaks$"
        $Session.ExitCode | Should -Be 0
    }

    It 'reports a secret planted in one stream, where it was planted (-SelfTest)' {
        $selfTest = Invoke-SecretsSession -SelfTest

        $selfTest.Result | Should -Not -BeNullOrEmpty -Because "the session printed:`n$($selfTest.Output -join "`n")"
        $selfTest.Result.SelfTest | Should -BeTrue
        $planted = @($selfTest.Result.Leaks | Where-Object Secret -eq 'Immuta API key')
        @($planted.Place | Sort-Object) | Should -Be @('step {0:d2}: Self-test: a secret planted in the debug stream' -f $selfTest.Result.Steps), 'transcript'
        $inStep = $planted | Where-Object Place -like '*Self-test*'
        $inStep.Views | Should -Contain 'shown'
        $inStep.Context | Should -BeLike '*Authorization: <secret: Immuta API key>*'
        $selfTest.Summary | Should -HaveCount 1
        $selfTest.Summary[0] | Should -Match "^Secrets session: $($Exported.Count) commands run, \d+ texts searched, \d+ secrets, [1-9]\d* leaks$"
        @($selfTest.Result.Problems) | Should -HaveCount 0 -Because ($selfTest.Result.Problems -join "`n")
        $selfTest.ExitCode | Should -Be 0
    }
}

Describe 'Export-Clixml of an integration (Get-ImmutaIntegration''s object)' {
    It 'leaves its Starburst key out (PowerShell only hex-encodes a SecureString outside Windows), and keeps the rest' {
        # The module's type data comes with its first command, as when integrations are read.
        $null = Test-ImmutaIntegrationPayload -Payload @{ type = 'Trino' }
        $integration = [ImmutaIntegrations.Integration]::new()
        $integration.Id = '5'
        $integration.Type = 'Trino'
        $integration.Status = 'enabled'
        $integration.ApiKey = ConvertTo-TestSecureString 'clixml-trino-key-0123456789'
        $file = Join-Path (Get-TestWorkFolder) 'integration.clixml'

        $integration | Export-Clixml -LiteralPath $file

        $text = Get-Content -LiteralPath $file -Raw
        $hex = -join ([System.Text.Encoding]::Unicode.GetBytes('clixml-trino-key-0123456789') | ForEach-Object { $_.ToString('x2') })
        $text | Should -Not -Match 'ApiKey'
        $text.Contains($hex) | Should -BeFalse
        $text | Should -Not -Match 'clixml-trino-key'
        $back = Import-Clixml -LiteralPath $file
        $back.Id | Should -Be '5'
        $back.Type | Should -Be 'Trino'
        $back.Status | Should -Be 'enabled'
    }
}
