@{
    # The one version of everything: build.ps1 stamps it into every assembly and package.
    ModuleVersion        = '0.1.0'
    RootModule           = 'ImmutaIntegrations.dll'
    GUID                 = 'd22a20a2-f27a-4d5c-8de8-f185989b07d6'
    Author               = 'ImmutaIntegrations contributors'
    CompanyName          = 'ImmutaIntegrations contributors'
    Copyright            = '(c) ImmutaIntegrations contributors. MIT License.'
    Description          = 'Manage Immuta data-platform integrations (Snowflake, Databricks Unity Catalog, Redshift, Azure Synapse Analytics, Google BigQuery, Amazon S3, Starburst/Trino) through the Immuta Integrations API: typed objects, -WhatIf, completion, help, and an emulator for offline testing.'
    PowerShellVersion    = '5.1'
    CompatiblePSEditions = @('Desktop', 'Core')
    DotNetFrameworkVersion = '4.7.2'
    CmdletsToExport      = @(
        'Compare-ImmutaIntegration'
        'Connect-Immuta'
        'Disconnect-Immuta'
        'Export-ImmutaIntegration'
        'Get-ImmutaConnection'
        'Get-ImmutaIntegration'
        'Get-ImmutaIntegrationScript'
        'Get-ImmutaIntegrationStatus'
        'Import-ImmutaIntegrationPlan'
        'Invoke-ImmutaApi'
        'Invoke-ImmutaScript'
        'New-ImmutaIntegration'
        'New-ImmutaIntegrationPayload'
        'Remove-ImmutaIntegration'
        'Reset-ImmutaIntegrationApiKey'
        'Set-ImmutaIntegration'
        'Sync-ImmutaIntegration'
        'Test-ImmutaConnection'
        'Test-ImmutaIntegration'
        'Test-ImmutaIntegrationHealth'
        'Test-ImmutaIntegrationPayload'
        'Wait-ImmutaIntegration'
    )
    FunctionsToExport    = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('Immuta', 'Integrations', 'Snowflake', 'Databricks', 'UnityCatalog', 'Redshift', 'Synapse', 'BigQuery', 'S3', 'Starburst', 'Trino', 'DataGovernance', 'DataSecurity', 'GitOps', 'PSEdition_Desktop', 'PSEdition_Core', 'Windows', 'Linux', 'MacOS')
            # No ProjectUri or LicenseUri until the project has a public address; LICENSE and CHANGELOG.md ship in the module.
            ReleaseNotes = 'What changed in each version: CHANGELOG.md, in the module folder. License: MIT (LICENSE, in the module folder).'
        }
    }
}
