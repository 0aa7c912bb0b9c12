# Help, as Get-Help shows it from the compiled MAML: every exported cmdlet has a synopsis, a description, every
# parameter described and at least two examples, its page documents exactly its parameters, and every example
# runs against the emulator as docs/writing-help.md promises.

BeforeDiscovery {
    $root = (Resolve-Path (Join-Path $PSScriptRoot '../../..')).Path
    $manifest = Import-PowerShellDataFile (Join-Path $root 'ImmutaIntegrations.psd1')
    $script:Cmdlets = @($manifest.CmdletsToExport | ForEach-Object { @{ Name = $_ } })
    # Every example of every page: its command, title and code, as the page has it.
    $script:Examples = foreach ($page in Get-ChildItem (Join-Path $root 'module/en-US') -Filter '*.md') {
        $text = Get-Content -Raw -LiteralPath $page.FullName
        $section = ($text -split '(?m)^## EXAMPLES\s*$', 2)[1]
        if (-not $section) { continue }
        $section = ($section -split '(?m)^## ', 2)[0]
        foreach ($match in [regex]::Matches($section, '(?ms)^### (?<title>[^\n]+?)\s*\n.*?```powershell\s*\n(?<code>.*?)\n```')) {
            @{ Command = $page.BaseName; Title = $match.Groups['title'].Value; Code = $match.Groups['code'].Value }
        }
    }
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../Support/TestFixture.psm1')
    # The pages need no tenant; the examples get theirs (below).
    Start-TestFixture -NoEmulator
    $script:Root = Get-TestPath Root
    # -WhatIf and -Confirm are documented where a cmdlet has them; the other common parameters are not.
    $script:Common = [System.Management.Automation.PSCmdlet]::CommonParameters
}

AfterAll { Stop-TestFixture }

Describe 'Get-Help for <Name>' -ForEach $Cmdlets {
    BeforeAll {
        $script:Help = Get-Help $Name -Full
        $script:Command = Get-Command $Name
        $script:Page = Get-Content -Raw -LiteralPath (Join-Path $Root "module/en-US/$Name.md") -ErrorAction SilentlyContinue
    }

    It 'has a page, a synopsis and a description' {
        $Page | Should -Not -BeNullOrEmpty -Because "module/en-US/$Name.md is its page"
        $Help.Synopsis | Should -Not -BeNullOrEmpty
        $Help.Synopsis | Should -Not -BeLike "$Name *" -Because 'a synopsis that repeats the syntax is the one PowerShell makes up'
        ($Help.Description.Text -join ' ').Length | Should -BeGreaterThan 80
    }

    It 'describes every parameter, and its page documents exactly the cmdlet''s parameters' {
        $parameters = @($Command.Parameters.Keys | Where-Object { $_ -notin $Common } | Sort-Object)
        foreach ($parameter in $parameters) {
            $described = $Help.parameters.parameter | Where-Object Name -eq $parameter
            ($described.description.Text -join ' ').Trim() | Should -Not -BeNullOrEmpty -Because "-$parameter needs a description"
        }
        $documented = @([regex]::Matches($Page, '(?m)^### -(\w+)\s*$') | ForEach-Object { $_.Groups[1].Value } | Sort-Object)
        $documented | Should -Be $parameters
    }

    It 'has at least two examples, each with code and words' {
        @($Help.examples.example).Count | Should -BeGreaterOrEqual 2
        foreach ($example in $Help.examples.example) {
            $example.code | Should -Not -BeNullOrEmpty
            ($example.remarks.Text -join ' ').Trim() | Should -Not -BeNullOrEmpty -Because "$($example.title) says what it does"
        }
    }
}

Describe 'about_ImmutaIntegrations' {
    It 'is installed with the module and covers connecting, payload files, workflows, CI use and the emulator' {
        $about = Get-Help about_ImmutaIntegrations | Out-String
        foreach ($topic in 'Connect-Immuta', 'IMMUTA_API_KEY', 'schema', 'Test-ImmutaIntegrationPayload', 'New-ImmutaIntegration', 'Sync-ImmutaIntegration', 'pipeline', 'emulator') {
            $about | Should -Match ([regex]::Escape($topic))
        }
        (Get-Content (Join-Path (Get-TestPath Module) 'en-US/about_ImmutaIntegrations.help.txt') | Where-Object Length -gt 80).Count | Should -Be 0 -Because 'an about topic keeps to 80 columns'
    }
}

Describe 'Every example' {
    BeforeAll {
        # Each example connects itself (below), as its reader would.
        $script:Emulator = Add-TestTenant -ApiKey 'help-key' -NoConnection
        Set-TestEnvironment @{
            IMMUTA_URL = $Emulator.Url; IMMUTA_API_KEY = 'help-key'; SNOWFLAKE_PASSWORD = 'example-secret'; DATABRICKS_TOKEN = 'example-secret'
            REDSHIFT_PASSWORD = 'example-secret'; SYNAPSE_PASSWORD = 'example-secret'; AWS_SECRET_ACCESS_KEY = 'example-secret'; BIGQUERY_CREDENTIAL = '{"type":"service_account"}'
        }
        $script:Platform = New-TestSqliteConnection
    }

    AfterAll {
        $Platform.Dispose()
    }

    It '<Command>: <Title>' -ForEach $Examples {
        Reset-TestEmulator $Emulator -Seeded
        $runspace = [runspacefactory]::CreateRunspace()
        $runspace.Open()
        try {
            $runspace.SessionStateProxy.SetVariable('apiKey', (ConvertTo-TestSecureString 'help-key'))
            $runspace.SessionStateProxy.SetVariable('privileged', (New-TestCredential 'privileged-secret'))
            $runspace.SessionStateProxy.SetVariable('platform', $Platform)
            $shell = [powershell]::Create()
            $shell.Runspace = $runspace
            $null = $shell.AddScript(@"
Set-Location -LiteralPath '$Root'
$(Get-TestSessionScript -Tenant $Emulator)
"@).AddStatement().AddScript($Code.Replace('https://acme.immuta.com', $Emulator.Url)).AddCommand('Out-String')
            $pending = $shell.BeginInvoke()
            $finished = $pending.AsyncWaitHandle.WaitOne([TimeSpan]::FromSeconds(60))
            if (-not $finished) { $shell.Stop() }
            $finished | Should -BeTrue -Because 'an example finishes within a minute'
            $output = $shell.EndInvoke($pending)
            $errors = @($shell.Streams.Error | ForEach-Object { "$($_.FullyQualifiedErrorId): $($_.Exception.Message)" })
            $errors | Should -BeNullOrEmpty -Because "the example runs without errors (output: $($output -join ''))"
        }
        finally {
            if ($shell) { $shell.Dispose() }
            $runspace.Dispose()
        }
    }
}
