<#
.SYNOPSIS
    Packs the built module and emulator: the module as a PowerShell Gallery .nupkg, the emulator as a dotnet tool.
.DESCRIPTION
    Works on what build.ps1 -Task Build left in out/ and builds nothing of the module: build.ps1 -Task Package builds
    first and then runs this into out/packages; the Pester test runs it on the already built out/ into a temporary
    folder. Writes ImmutaIntegrations.<version>.nupkg and ImmutaEmulator.<version>.nupkg and returns their files.

    The module package is made by PSResourceGet (it ships with PowerShell 7.4 and later, and works offline):
    Publish-PSResource into a temporary local file repository, which packs the folder and writes the nuspec from the
    manifest the way the Gallery expects. Registering a repository writes to the user's PSResourceGet settings, so it
    happens in a fresh pwsh whose home is a temporary folder (off Windows PSResourceGet keeps its settings under
    $HOME/.local/share); the repository is unregistered at the end in any case.

    The emulator is packed by dotnet pack (PackAsTool and ToolCommandName immuta-emulator in its project) with the
    module's version. It reads no files of its own at run time (scripts and documents are generated in code; the
    seed and state files are the user's), so the published output is all the tool needs.
#>
[CmdletBinding()]
param(
    # The assembled module folder (its name is the package id, its manifest the package's metadata).
    [string] $ModulePath = (Join-Path $PSScriptRoot '../out/ImmutaIntegrations'),
    [string] $Destination = (Join-Path $PSScriptRoot '../out/packages'),
    # Of both packages; the module's manifest must carry the same. By default the manifest's ModuleVersion.
    [string] $Version,
    [ValidateSet('Release', 'Debug')]
    [string] $Configuration = 'Release'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

Import-Module (Join-Path $PSScriptRoot 'BuildTools.psm1')

$manifestPath = Join-Path $ModulePath 'ImmutaIntegrations.psd1'
if (-not (Test-Path -LiteralPath $manifestPath)) { throw "Package: the module is not built: $manifestPath does not exist. Run ./build.ps1 -Task Build." }
$ModulePath = (Resolve-Path -LiteralPath $ModulePath).Path
$moduleVersion = (Import-PowerShellDataFile -LiteralPath $manifestPath).ModuleVersion
if (-not $Version) { $Version = $moduleVersion }
if ($Version -ne $moduleVersion) { throw "Package: version $Version was asked for, but the built module's manifest says $moduleVersion. Build again." }

$Destination = (New-Item -ItemType Directory -Path $Destination -Force).FullName
foreach ($stale in Get-ChildItem -LiteralPath $Destination -File -Filter '*.nupkg' | Where-Object Name -Match '^(ImmutaIntegrations|ImmutaEmulator)\.\d') {
    Remove-Item -LiteralPath $stale.FullName -Force
}

# The module: Publish-PSResource into a temporary repository, in a fresh pwsh with its own PSResourceGet settings.
$work = Join-Path ([System.IO.Path]::GetTempPath()) ("immuta-package-{0}" -f [guid]::NewGuid().ToString('n'))
$repository = New-Item -ItemType Directory -Path (Join-Path $work 'repository') -Force
$publish = @'
$ErrorActionPreference = 'Stop'
Import-Module Microsoft.PowerShell.PSResourceGet
$name = 'ImmutaPackage-' + [guid]::NewGuid().ToString('n')
Register-PSResourceRepository -Name $name -Uri $env:IMMUTA_PACKAGE_REPOSITORY -Trusted
try { Publish-PSResource -Path $env:IMMUTA_PACKAGE_MODULE -Repository $name }
finally { Unregister-PSResourceRepository -Name $name }
'@
$saved = @{}
$environment = @{ IMMUTA_PACKAGE_REPOSITORY = $repository.FullName; IMMUTA_PACKAGE_MODULE = $ModulePath }
if (-not $IsWindows) {
    # The folders must exist: where they do not, .NET gives an empty LocalApplicationData or ApplicationData, and
    # PSResourceGet and NuGet write their settings into the current directory.
    $environment['HOME'] = Join-Path $work 'home'
    $environment['XDG_DATA_HOME'] = (New-Item -ItemType Directory -Path (Join-Path $work 'home/.local/share') -Force).FullName
    $environment['XDG_CONFIG_HOME'] = (New-Item -ItemType Directory -Path (Join-Path $work 'home/.config') -Force).FullName
}
try {
    $saved = Set-ProcessVariable -Variables $environment
    $pwsh = Get-PwshCommand
    $encoded = [Convert]::ToBase64String([System.Text.Encoding]::Unicode.GetBytes($publish))
    & $pwsh.Path $pwsh.Arguments -NoProfile -NonInteractive -EncodedCommand $encoded | Out-Host
    if ($LASTEXITCODE -ne 0) { throw "Package: Publish-PSResource of $ModulePath failed (exit code $LASTEXITCODE)." }
    $modulePackage = Join-Path $repository.FullName "ImmutaIntegrations.$Version.nupkg"
    if (-not (Test-Path -LiteralPath $modulePackage)) { throw "Package: Publish-PSResource did not write $modulePackage." }
    Copy-Item -LiteralPath $modulePackage -Destination $Destination
}
finally {
    Set-ProcessVariable -Variables $saved | Out-Null
    Remove-Item -LiteralPath $work -Recurse -Force -ErrorAction SilentlyContinue
}

# The emulator: a dotnet tool package. An up-to-date build is reused, so after build.ps1 -Task Build this only packs.
$project = Join-Path $PSScriptRoot '../src/ImmutaIntegrations.Emulator/ImmutaIntegrations.Emulator.csproj'
& dotnet pack $project -c $Configuration -o $Destination "-p:Version=$Version" --nologo --verbosity minimal | Out-Host
if ($LASTEXITCODE -ne 0) { throw "Package: dotnet pack of the emulator failed (exit code $LASTEXITCODE)." }

$packages = foreach ($id in 'ImmutaIntegrations', 'ImmutaEmulator') {
    $file = Join-Path $Destination "$id.$Version.nupkg"
    if (-not (Test-Path -LiteralPath $file)) { throw "Package: $file was not written." }
    Get-Item -LiteralPath $file
}
foreach ($package in $packages) { Write-Host ("Package: {0} ({1:N0} bytes)" -f $package.FullName, $package.Length) }
$packages
