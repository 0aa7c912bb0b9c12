# A stand-in for PSResourceGet in the tests of the GitHub Action (GitHubAction.Tests.ps1): only Install-PSResource. Found
# before the real module when its folder is the current user's modules folder, first on PSModulePath.
@{
    ModuleVersion     = '99.0.0'
    GUID              = '5b0c5a53-3f5e-4d8e-9a53-0b8f3c2a7e11'
    RootModule        = 'Microsoft.PowerShell.PSResourceGet.psm1'
    FunctionsToExport = @('Install-PSResource')
    CmdletsToExport   = @()
    VariablesToExport = @()
    AliasesToExport   = @()
}
