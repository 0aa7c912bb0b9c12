# A test stand-in for SecretManagement (see the .psm1): the same module name, so that the module's module-qualified
# Microsoft.PowerShell.SecretManagement\Get-Secret finds it on PSModulePath. Never published; tests only.
@{
    RootModule        = 'Microsoft.PowerShell.SecretManagement.psm1'
    ModuleVersion     = '0.0.1'
    GUID              = '3f0f5c1e-8f43-4c8e-9a43-51b0e1a1c0d7'
    Author            = 'ImmutaIntegrations tests'
    Description       = 'Test stand-in for Microsoft.PowerShell.SecretManagement: a file-backed store with its Get-Secret parameters, return types and errors.'
    PowerShellVersion = '7.0'
    FunctionsToExport = @('Get-Secret', 'Set-Secret', 'Register-SecretVault', 'Get-SecretVault', 'Unlock-SecretVault')
    CmdletsToExport   = @()
    VariablesToExport = @()
    AliasesToExport   = @()
}
