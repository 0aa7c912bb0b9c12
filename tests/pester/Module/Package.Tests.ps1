# The packages as users get them: the module installed with Install-PSResource from a local repository in a fresh
# pwsh, the emulator installed with dotnet tool install from a local folder, each then run against the other side.
# The packages are made from the already built out/ by build/Package.ps1 (what build.ps1 -Task Package runs after
# building) into the file's work folder; nothing is installed outside it.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../Support/TestFixture.psm1')
    # The tenant the installed module connects to; this session needs no connection.
    $script:Emulator = Start-TestFixture -ApiKey 'package-key' -NoConnection
    Add-Type -AssemblyName System.IO.Compression.FileSystem
    $script:Manifest = Import-PowerShellDataFile (Join-Path (Get-TestPath Module) 'ImmutaIntegrations.psd1')
    $script:Version = $Manifest.ModuleVersion
    $script:Work = Get-TestWorkFolder
    $script:Packages = Join-Path $Work 'packages'
    $script:Created = @(& (Join-Path (Get-TestPath Root) 'build/Package.ps1') -ModulePath (Get-TestPath Module) -Destination $Packages)
    $seeded = Invoke-RestMethod -Uri "$($Emulator.Url)/integrations" -Headers @{ Authorization = $Emulator.ApiKey } -TimeoutSec 60
    $script:SeedCount = @($seeded).Count

    # A file of a package (a zip), as text.
    function Read-PackageEntry([string] $Package, [string] $Pattern) {
        $zip = [System.IO.Compression.ZipFile]::OpenRead($Package)
        try {
            $entry = $zip.Entries | Where-Object FullName -Match $Pattern | Select-Object -First 1
            if (-not $entry) { throw "$Package has no entry matching $Pattern." }
            $reader = [System.IO.StreamReader]::new($entry.Open())
            try { $reader.ReadToEnd() } finally { $reader.Dispose() }
        }
        finally { $zip.Dispose() }
    }
}

AfterAll { Stop-TestFixture }

Describe 'The packages of ImmutaIntegrations and ImmutaEmulator' {
    It 'are the module and the emulator, both at the version of the manifest' {
        @($Created.Name | Sort-Object) | Should -Be @("ImmutaEmulator.$Version.nupkg", "ImmutaIntegrations.$Version.nupkg")
        @(Get-ChildItem -LiteralPath $Packages -File).Name | Sort-Object | Should -Be @($Created.Name | Sort-Object)
    }

    It 'hold the module as the Gallery takes it: its manifest, assemblies, dependencies and schemas, described from the manifest' {
        $package = Join-Path $Packages "ImmutaIntegrations.$Version.nupkg"
        $zip = [System.IO.Compression.ZipFile]::OpenRead($package)
        try { $entries = @($zip.Entries.FullName) } finally { $zip.Dispose() }
        $expected = (Get-ChildItem -LiteralPath (Get-TestPath Module) -File -Recurse).FullName |
            ForEach-Object { [System.IO.Path]::GetRelativePath((Get-TestPath Module), $_).Replace('\', '/') }
        foreach ($file in $expected) { $entries | Should -Contain $file }

        $nuspec = [xml](Read-PackageEntry $package '^ImmutaIntegrations\.nuspec$')
        $nuspec.package.metadata.id | Should -Be 'ImmutaIntegrations'
        $nuspec.package.metadata.version | Should -Be $Version
        $nuspec.package.metadata.description | Should -Be $Manifest.Description
        $tags = $nuspec.package.metadata.tags -split ' '
        $tags | Should -Contain 'PSModule'
        $tags | Should -Contain 'PSEdition_Core'
    }

    It 'hold the emulator as a dotnet tool whose command is immuta-emulator' {
        $package = Join-Path $Packages "ImmutaEmulator.$Version.nupkg"
        $nuspec = [xml](Read-PackageEntry $package '^ImmutaEmulator\.nuspec$')
        $nuspec.package.metadata.id | Should -Be 'ImmutaEmulator'
        $nuspec.package.metadata.version | Should -Be $Version
        $nuspec.package.metadata.packageTypes.packageType.name | Should -Be 'DotnetTool'
        $settings = [xml](Read-PackageEntry $package '^tools/[^/]+/any/DotnetToolSettings\.xml$')
        $settings.DotNetCliTool.Commands.Command.Name | Should -Be 'immuta-emulator'
        $settings.DotNetCliTool.Commands.Command.EntryPoint | Should -Be 'ImmutaEmulator.dll'
    }
}

Describe 'Install-PSResource ImmutaIntegrations and dotnet tool install ImmutaEmulator from a local folder' {
    It 'installs the module with Install-PSResource in a fresh pwsh, and it imports by name and works' {
        # Off Windows, PSResourceGet keeps its repositories and installs CurrentUser modules under
        # $HOME/.local/share, where pwsh looks for them too: with a temporary home, nothing of the user's is touched.
        # (The folders must exist, or .NET gives an empty LocalApplicationData or ApplicationData and PSResourceGet
        # and NuGet write their settings into the current directory.) On Windows the finally block below uninstalls
        # and unregisters.
        $testHome = Join-Path $Work 'home'
        $data = (New-Item -ItemType Directory -Path (Join-Path $testHome '.local/share') -Force).FullName
        $configHome = (New-Item -ItemType Directory -Path (Join-Path $testHome '.config') -Force).FullName
        # Without an inherited PSModulePath, pwsh starts from its defaults: a module found by name is the installed one.
        $environment = @{ PACKAGE_URL = $Emulator.Url; PSModulePath = $null }
        if (-not $IsWindows) { $environment['HOME'] = $testHome; $environment['XDG_DATA_HOME'] = $data; $environment['XDG_CONFIG_HOME'] = $configHome }
        $run = Invoke-FreshPwsh -Environment $environment -Script @"
`$ErrorActionPreference = 'Stop'
Import-Module Microsoft.PowerShell.PSResourceGet
`$repository = 'PesterPackage-' + [guid]::NewGuid().ToString('n')
Register-PSResourceRepository -Name `$repository -Uri '$Packages' -Trusted
try {
    Install-PSResource -Name ImmutaIntegrations -Version '$Version' -Repository `$repository -Scope CurrentUser
    Import-Module ImmutaIntegrations
    `$module = Get-Module ImmutaIntegrations
    Connect-Immuta -Url `$env:PACKAGE_URL -ApiKey (ConvertTo-SecureString 'package-key' -AsPlainText -Force) | Out-Null
    `$integrations = @(Get-ImmutaIntegration)
    [ordered]@{
        Installed    = @(Get-InstalledPSResource -Name ImmutaIntegrations -Scope CurrentUser | ForEach-Object { "`$(`$_.Name) `$(`$_.Version)" })
        ModuleBase   = `$module.ModuleBase
        Version      = `$module.Version.ToString()
        Commands     = @(Get-Command -Module ImmutaIntegrations | ForEach-Object Name | Sort-Object)
        Integrations = `$integrations.Count
        FirstType    = `$integrations[0].GetType().FullName
    } | ConvertTo-Json -Compress
}
finally {
    if (`$IsWindows) { Uninstall-PSResource -Name ImmutaIntegrations -Scope CurrentUser -ErrorAction SilentlyContinue }
    Unregister-PSResourceRepository -Name `$repository
}
"@
        $run.ExitCode | Should -Be 0 -Because ($run.Output -join "`n")
        $report = $run.Output[-1] | ConvertFrom-Json
        $report.Installed | Should -Be @("ImmutaIntegrations $Version")
        $report.Version | Should -Be $Version
        if (-not $IsWindows) { $report.ModuleBase | Should -BeLike (Join-Path $data '*') -Because 'the module comes from the install, not from out/' }
        $report.ModuleBase | Should -Not -BeLike ((Get-TestPath Module) + '*')
        @($report.Commands) | Should -Be @($Manifest.CmdletsToExport | Sort-Object)
        $report.Integrations | Should -Be $SeedCount
        $report.Integrations | Should -BeGreaterThan 0
        $report.FirstType | Should -Be 'ImmutaIntegrations.Integration'
    }

    It 'installs the emulator with dotnet tool install, and immuta-emulator starts and serves the API' {
        $toolPath = Join-Path $Work 'tools'
        # Only the local folder is a source, so the package cannot come from anywhere else and nothing goes online.
        $config = Join-Path $Work 'nuget.config'
        Set-Content -LiteralPath $config -Encoding utf8 -Value '<?xml version="1.0" encoding="utf-8"?><configuration><packageSources><clear /></packageSources></configuration>'
        $install = & dotnet tool install ImmutaEmulator --tool-path $toolPath --add-source $Packages --configfile $config --version $Version 2>&1
        $LASTEXITCODE | Should -Be 0 -Because ($install -join "`n")

        $command = Join-Path $toolPath $(if ($IsWindows) { 'immuta-emulator.exe' } else { 'immuta-emulator' })
        $command | Should -Exist
        $tool = Start-EmulatorProcess -EmulatorPath $command -ApiKey 'tool-key' -SeedPath (Join-Path (Get-TestPath Data) 'integrations.yaml') -StartTimeoutSec 60
        try {
            $tool.Url | Should -Match '^http://127\.0\.0\.1:\d+$'
            $integrations = Invoke-RestMethod -Uri "$($tool.Url)/integrations" -Headers @{ Authorization = 'tool-key' } -TimeoutSec 60
            @($integrations).Count | Should -Be $SeedCount
            $integrations[0].type | Should -Be 'Snowflake'
            $denied = Invoke-WebRequest -Uri "$($tool.Url)/integrations" -Headers @{ Authorization = 'wrong-key' } -TimeoutSec 60 -SkipHttpErrorCheck
            $denied.StatusCode | Should -Be 401
        }
        finally {
            Stop-EmulatorProcess $tool
        }
        $tool.Process.HasExited | Should -BeTrue
    }
}
