# The shared fixture itself (TestFixture.psm1): what Stop-TestFixture gives back, and that every Pester file stands on it
# (no file starts an emulator, imports the module or restores the environment by hand).

BeforeDiscovery {
    $pester = (Resolve-Path (Join-Path $PSScriptRoot '..')).Path
    $script:Files = @(Get-ChildItem -LiteralPath $pester -Filter '*.Tests.ps1' -Recurse -File |
            Where-Object { $_.FullName -ne $PSCommandPath } | Sort-Object FullName |
            ForEach-Object { @{ Name = $_.FullName.Substring($pester.Length + 1).Replace('\', '/'); Path = $_.FullName } })
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestFixture.psm1')
}

Describe 'Stop-TestFixture' {
    It 'gives back the environment, the folder, $LASTEXITCODE and the connections, stops every emulator and removes the work folder' {
        $env:PESTER_FIXTURE_KEPT = 'before'
        $env:PESTER_FIXTURE_ADDED = $null
        $global:LASTEXITCODE = 7
        $location = (Get-Location).Path
        try {
            $tenant = Start-TestFixture -ApiKey 'fixture-key' -Seed $null -Environment @{ PESTER_FIXTURE_KEPT = 'during' }
            $other = Add-TestTenant -ApiKey 'other-key' -Seed $null
            $env:PESTER_FIXTURE_ADDED = 'set by a test'
            $work = Get-TestWorkFolder
            Set-Location -LiteralPath $work
            $global:LASTEXITCODE = 2
            $env:PESTER_FIXTURE_KEPT | Should -Be 'during'
            (Get-ImmutaConnection).Url.Port | Should -Be ([uri]$tenant.Url).Port -Because 'the first tenant stays current unless -Current'
            $other.Connection | Should -Not -BeNullOrEmpty

            Stop-TestFixture

            $env:PESTER_FIXTURE_KEPT | Should -Be 'before'
            Test-Path Env:PESTER_FIXTURE_ADDED | Should -BeFalse
            (Get-Location).Path | Should -Be $location
            $global:LASTEXITCODE | Should -Be 7
            Get-ImmutaConnection | Should -BeNullOrEmpty
            Test-Path -LiteralPath $work | Should -BeFalse
            foreach ($emulator in $tenant, $other) { $emulator.Process.HasExited | Should -BeTrue }
        }
        finally {
            Stop-TestFixture
            Set-Location -LiteralPath $location
            $env:PESTER_FIXTURE_KEPT = $null
        }
    }

    It 'is called by the next Start-TestFixture when a file did not call it' {
        $first = Start-TestFixture -ApiKey 'first-key' -Seed $null
        $second = Start-TestFixture -ApiKey 'second-key' -Seed $null
        try {
            $first.Process.HasExited | Should -BeTrue
            (Get-ImmutaConnection).Url.Port | Should -Be ([uri]$second.Url).Port
        }
        finally { Stop-TestFixture }
        $second.Process.HasExited | Should -BeTrue
    }
}

Describe 'The Pester file <Name>' -ForEach $Files {
    BeforeAll { $script:Text = Get-Content -Raw -LiteralPath $Path }

    It 'starts and stops the shared fixture' {
        $Text | Should -Match ([regex]::Escape("Import-Module (Join-Path `$PSScriptRoot '../Support/TestFixture.psm1')"))
        $Text | Should -Match 'Start-TestFixture'
        $Text | Should -Match '(?s)AfterAll\s*\{.*Stop-TestFixture'
    }

    It 'starts no emulator, imports no module build and restores no variable by hand' {
        # The packages' test starts the emulator installed as a dotnet tool: that emulator is what it tests.
        if ($Name -ne 'Module/Package.Tests.ps1') { $Text | Should -Not -Match 'Start-EmulatorProcess' }
        $Text | Should -Not -Match 'Import-Module \(Get-TestPath Module\)'
        $Text | Should -Not -Match 'SavedEnvironment|SetEnvironmentVariable'
    }
}
