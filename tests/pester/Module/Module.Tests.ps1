# The built module as a whole (out/ImmutaIntegrations), whatever the command: its manifest, assemblies and what it
# exports, its verbs, its views loaded with the first command, and an import that asks no tenant and loads no engine.
# (In the Windows PowerShell 5.1 list of Layers.psd1: no PowerShell 7 only syntax.)

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../Support/TestFixture.psm1')
    # No tenant: the module is read, imported and asked for its commands only.
    Start-TestFixture -NoEmulator
    $script:ModulePath = Get-TestPath Module
    $script:Manifest = Import-PowerShellDataFile (Join-Path $ModulePath 'ImmutaIntegrations.psd1')
}

AfterAll { Stop-TestFixture }

Describe 'The built module' {
    It 'has a valid manifest whose version is stamped into its assemblies' {
        $info = Test-ModuleManifest (Join-Path $ModulePath 'ImmutaIntegrations.psd1')
        $info.Version | Should -Be ([version]$Manifest.ModuleVersion)
        foreach ($dll in 'ImmutaIntegrations.dll', 'ImmutaIntegrations.Models.dll', 'Dependencies/ImmutaIntegrations.Core.dll') {
            $version = [System.Reflection.AssemblyName]::GetAssemblyName((Join-Path $ModulePath $dll)).Version
            '{0}.{1}.{2}' -f $version.Major, $version.Minor, $version.Build | Should -Be $Manifest.ModuleVersion -Because $dll
        }
    }

    It 'describes itself for the PowerShell Gallery: description, tags, release notes, and no invented web address' {
        $data = $Manifest.PrivateData.PSData
        $Manifest.Description.Length | Should -BeGreaterThan 100
        foreach ($tag in 'PSEdition_Desktop', 'PSEdition_Core', 'Immuta', 'Snowflake', 'Databricks', 'Redshift', 'Synapse', 'BigQuery', 'S3', 'Trino') {
            $data.Tags | Should -Contain $tag
        }
        # The project has no public address yet: a made-up one would send users nowhere.
        $data.Keys | Should -Not -Contain 'ProjectUri'
        $data.Keys | Should -Not -Contain 'LicenseUri'
        $data.ReleaseNotes | Should -Match 'CHANGELOG\.md'
        Get-Content -Raw (Join-Path $ModulePath 'LICENSE') | Should -Match 'MIT License'
        Get-Content -Raw (Join-Path $ModulePath 'CHANGELOG.md') | Should -Match "## \[$([regex]::Escape($Manifest.ModuleVersion))\]"
        $Manifest.FunctionsToExport.Count + $Manifest.AliasesToExport.Count + $Manifest.VariablesToExport.Count | Should -Be 0
    }

    It 'keeps the engine and its dependencies in their own folder' {
        (Get-ChildItem $ModulePath -Filter *.dll).Name | Sort-Object | Should -Be @('ImmutaIntegrations.dll', 'ImmutaIntegrations.Models.dll')
        (Get-ChildItem (Join-Path $ModulePath 'Dependencies') -Filter *.dll).Name | Sort-Object |
            Should -Be @('ImmutaIntegrations.Core.dll', 'Newtonsoft.Json.dll', 'YamlDotNet.dll')
    }

    It 'exports exactly the cmdlets its manifest lists, and nothing else' {
        $module = Get-Module ImmutaIntegrations
        @($module.ExportedCmdlets.Keys | Sort-Object) | Should -Be @($Manifest.CmdletsToExport | Sort-Object)
        $module.ExportedFunctions.Count | Should -Be 0
        $module.ExportedAliases.Count | Should -Be 0
        $module.ExportedVariables.Count | Should -Be 0
    }

    It 'uses only approved verbs' {
        $approved = (Get-Verb).Verb
        foreach ($command in Get-Command -Module ImmutaIntegrations) {
            $approved | Should -Contain $command.Verb
        }
    }

    It 'has a table and a list view for integrations, and a table for statuses and connections, from its first command on' {
        # Not read at import (that would be most of the import's cost): the first command of the module loads them.
        $run = Invoke-FreshPwsh -Script @"
$(Get-TestSessionScript)
'before: ' + [bool](Get-FormatData -TypeName ImmutaIntegrations.Integration)
`$null = Get-ImmutaConnection
'after: ' + [bool](Get-FormatData -TypeName ImmutaIntegrations.Integration)
"@
        $run.Output | Should -Contain 'before: False'
        $run.Output | Should -Contain 'after: True'
        $null = Get-ImmutaConnection
        $views = (Get-FormatData -TypeName ImmutaIntegrations.Integration).FormatViewDefinition
        $views | ForEach-Object { $_.Control.GetType().Name } | Sort-Object | Should -Be @('ListControl', 'TableControl')
        (Get-FormatData -TypeName ImmutaIntegrations.IntegrationStatus) | Should -Not -BeNullOrEmpty
        (Get-FormatData -TypeName ImmutaIntegrations.ImmutaConnection) | Should -Not -BeNullOrEmpty
    }

    It 'makes no network call and does not load the engine when imported' {
        # A listener stands in for a tenant that IMMUTA_URL points at: nothing may connect to it during import.
        $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $listener.Start()
        try {
            $url = 'http://127.0.0.1:{0}' -f $listener.LocalEndpoint.Port
            $run = Invoke-FreshPwsh -Environment @{ IMMUTA_URL = $url; IMMUTA_API_KEY = 'import-check' } -Script @"
$(Get-TestSessionScript)
`$loaded = [AppDomain]::CurrentDomain.GetAssemblies() | ForEach-Object { `$_.GetName().Name }
'engine loaded: ' + (`$loaded -contains 'ImmutaIntegrations.Core')
'yaml loaded: ' + (`$loaded -contains 'YamlDotNet')
"@
            $run.ExitCode | Should -Be 0 -Because ($run.Output -join "`n")
            $run.Output | Should -Contain 'engine loaded: False'
            $run.Output | Should -Contain 'yaml loaded: False'
            $listener.Pending() | Should -BeFalse
        }
        finally {
            $listener.Stop()
        }
    }
}
