# The module's own dependencies kept apart from a session's (Import-Module ImmutaIntegrations, then Connect-Immuta,
# Get-ImmutaIntegration, Get-ImmutaIntegrationStatus and Test-ImmutaIntegrationPayload): in a fresh pwsh that already
# holds other versions of YamlDotNet and Newtonsoft.Json, every command works with the versions the module ships.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../Support/TestFixture.psm1')
    # The tenant the fresh pwsh connects to; this session needs no connection.
    $script:Emulator = Start-TestFixture -ApiKey 'isolation-key' -NoConnection
}

AfterAll { Stop-TestFixture }

Describe 'Import-Module ImmutaIntegrations beside other versions of its dependencies' {
    It 'works in a session that already holds other versions of YamlDotNet and Newtonsoft.Json' {
        $packages = $env:IMMUTA_TEST_PACKAGES
        $packages | Should -Not -BeNullOrEmpty -Because 'build.ps1 passes the NuGet packages folder'
        $modulePath = Get-TestPath Module
        $run = Invoke-FreshPwsh -Script @"
`$ErrorActionPreference = 'Stop'
`$desktop = `$PSEdition -eq 'Desktop'
`$yamlFramework = if (`$desktop) { 'net45' } else { 'netstandard2.1' }
`$jsonFramework = if (`$desktop) { 'net45' } else { 'netstandard2.0' }
`$otherYaml = Join-Path '$packages' "yamldotnet/11.2.1/lib/`$yamlFramework/YamlDotNet.dll"
`$otherJson = Join-Path '$packages' "newtonsoft.json/12.0.3/lib/`$jsonFramework/Newtonsoft.Json.dll"

# Another module got here first: YamlDotNet 11 in the session's default context (as modules that
# Add-Type it do), and Newtonsoft.Json 12. PowerShell 7 holds its own Newtonsoft.Json in the default
# context already, so there the other module keeps 12 in a context of its own.
Add-Type -LiteralPath `$otherYaml
if (`$desktop) { Add-Type -LiteralPath `$otherJson; `$sessionJson = [Newtonsoft.Json.JsonConvert].Assembly }
else { `$sessionJson = [System.Runtime.Loader.AssemblyLoadContext]::new('OtherModule', `$false).LoadFromAssemblyPath(`$otherJson) }
`$sessionYaml = [YamlDotNet.Serialization.DeserializerBuilder].Assembly

$(Get-TestSessionScript -Tenant $Emulator)
`$integration = Get-ImmutaIntegration -Id 1
`$statuses = @(Get-ImmutaIntegration | Get-ImmutaIntegrationStatus)
# Reading a YAML payload file makes the module use its own YamlDotNet.
`$yamlCheck = Test-ImmutaIntegrationPayload -Path '$(Join-Path (Get-TestPath Root) 'examples/payloads/trino.yaml')'

`$engine = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { `$_.GetName().Name -eq 'ImmutaIntegrations.Core' }
`$context = if (`$desktop) { `$null } else { [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext(`$engine) }
`$moduleJson = if (`$desktop) { [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { `$_.GetName().Name -eq 'Newtonsoft.Json' -and `$_.Location -like '*Dependencies*' } } else { `$context.Assemblies | Where-Object { `$_.GetName().Name -eq 'Newtonsoft.Json' } }
`$moduleYaml = if (`$desktop) { [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { `$_.GetName().Name -eq 'YamlDotNet' -and `$_.Location -like '*Dependencies*' } } else { `$context.Assemblies | Where-Object { `$_.GetName().Name -eq 'YamlDotNet' } }

[ordered]@{
    IntegrationType  = `$integration.Type
    StatusCount      = `$statuses.Count
    YamlPayloadValid = `$yamlCheck.IsValid
    EngineContext    = if (`$context) { `$context.GetType().FullName } else { 'AppDomain' }
    EngineLocation   = `$engine.Location
    ModuleJson       = `$moduleJson.GetName().Version.ToString()
    ModuleJsonPath   = `$moduleJson.Location
    ModuleYaml       = `$moduleYaml.GetName().Version.ToString()
    ModuleYamlPath   = `$moduleYaml.Location
    SessionJson      = `$sessionJson.GetName().Version.ToString()
    SessionYaml      = `$sessionYaml.GetName().Version.ToString()
    SessionYamlAfter = [YamlDotNet.Serialization.DeserializerBuilder].Assembly.GetName().Version.ToString()
} | ConvertTo-Json -Compress
"@
        $run.ExitCode | Should -Be 0 -Because ($run.Output -join "`n")
        $report = $run.Output[-1] | ConvertFrom-Json

        $report.IntegrationType | Should -Be 'Snowflake'
        $report.StatusCount | Should -Be 7
        $report.YamlPayloadValid | Should -BeTrue
        $report.SessionYaml | Should -Be '11.0.0.0'
        $report.SessionJson | Should -Be '12.0.0.0'
        # The versions the module ships in Dependencies/, whatever they are, not the session's.
        $shipped = { param($name) [System.Reflection.AssemblyName]::GetAssemblyName((Join-Path $modulePath "Dependencies/$name.dll")).Version.ToString() }
        $report.ModuleYaml | Should -Be (& $shipped 'YamlDotNet')
        $report.ModuleJson | Should -Be (& $shipped 'Newtonsoft.Json')
        $report.ModuleYaml | Should -Not -Be $report.SessionYaml
        $report.SessionYamlAfter | Should -Be '11.0.0.0' -Because "the session's own YamlDotNet is untouched"
        $report.ModuleYamlPath | Should -BeLike (Join-Path $modulePath 'Dependencies*')
        $report.ModuleJsonPath | Should -BeLike (Join-Path $modulePath 'Dependencies*')
        $report.EngineLocation | Should -BeLike (Join-Path $modulePath 'Dependencies*')
        if ($PSEdition -eq 'Core') { $report.EngineContext | Should -Be 'ImmutaIntegrations.Loading.IsolatedLoadContext' }
    }
}
