# The test layers and where the test tools are, shared by build.ps1 -Task Test and tests/pester/Invoke-PesterSuite.ps1.
# - Get-TestToolPath: Pester, the NuGet packages folder and the published SQLite provider, found as build.ps1 places them
#   (Pester and the isolation test's fixtures are restored by build/tools.proj; the provider is published to out/test-tools).
# - Get-PesterSelection: the Pester files of the layers asked for and/or the files given, with what they need, as
#   tests/pester/Layers.psd1 says.
# Written for Windows PowerShell 5.1 as well as PowerShell 7: the 5.1 leg of the CI workflow runs the Pester runner with it.

Set-StrictMode -Version Latest

$script:Root = (Resolve-Path (Join-Path $PSScriptRoot '..')).Path
$script:PesterFolder = Join-Path $script:Root 'tests/pester'
$script:PesterVersion = '5.7.1'

<#
.SYNOPSIS
    The test tools' paths: Pester (Pester.psd1), Packages (the NuGet global packages folder), Sqlite (the published provider),
    Results (out/test-results). They are found, not made: build.ps1 -Task Test restores and publishes them.
#>
function Get-TestToolPath {
    [CmdletBinding()]
    param()
    $packages = $env:NUGET_PACKAGES
    if (-not $packages) {
        $line = & dotnet nuget locals global-packages --list 2>$null | Select-Object -First 1
        $packages = "$line" -replace '^global-packages:\s*', ''
    }
    $packages = "$packages".Trim().TrimEnd('/', '\')
    $out = Join-Path $script:Root 'out'
    [pscustomobject]@{
        Pester   = Join-Path $packages "pester/$script:PesterVersion/tools/Pester.psd1"
        Packages = $packages
        Sqlite   = Join-Path $out 'test-tools/sqlite'
        Results  = Join-Path $out 'test-results'
    }
}

<#
.SYNOPSIS
    The Pester files to run and what they need. With neither -Layer nor -Path: every file (the full run). -Layer takes Module,
    Platform and Long (Unit has no Pester file); -Path adds the files given, and every file under a folder given. Returns Files (full paths), Needs (PostgreSQL,
    Sqlite, AzureDevOpsTask) and All (true when every file is selected).
#>
function Get-PesterSelection {
    [CmdletBinding()]
    param([string[]] $Layer = @(), [string[]] $Path = @())
    $manifest = Import-PowerShellDataFile -LiteralPath (Join-Path $script:PesterFolder 'Layers.psd1')
    $files = @(Get-ChildItem -LiteralPath $script:PesterFolder -Filter '*.Tests.ps1' -Recurse -File | Sort-Object FullName)
    $names = @($files | ForEach-Object Name)
    # Layers.psd1 names a file by its name alone, wherever under tests/pester it is: two files cannot share one.
    $twice = @($names | Group-Object | Where-Object Count -gt 1 | ForEach-Object Name)
    if ($twice) { throw "tests/pester holds more than one file named $($twice -join ', '): Layers.psd1 could not tell them apart." }
    foreach ($named in @($manifest.Needs.Keys) + @($manifest.Long) + @($manifest.WindowsPowerShell)) {
        if ($names -notcontains $named) { throw "tests/pester/Layers.psd1 names $named, which is not a file of tests/pester: update it." }
    }

    $selected = [System.Collections.Generic.List[string]]::new()
    foreach ($file in $files) {
        if (@($Layer) -contains (Get-PesterFileLayer -Name $file.Name -Manifest $manifest)) { $selected.Add($file.FullName) }
    }
    foreach ($given in $Path) {
        $item = Get-Item -LiteralPath $given -ErrorAction SilentlyContinue
        # A folder of tests/pester (Commands, Secrets, ...) gives every Pester file under it.
        $found = if ($item -and $item.PSIsContainer) { @(Get-ChildItem -LiteralPath $item.FullName -Filter '*.Tests.ps1' -Recurse -File | Sort-Object FullName) } else { @($item) }
        if (-not $item -or -not $found -or @($found | Where-Object { $_.Name -notlike '*.Tests.ps1' })) { throw "-TestPath: $given is not a Pester file (*.Tests.ps1) or a folder of them." }
        foreach ($file in $found) { if (-not $selected.Contains($file.FullName)) { $selected.Add($file.FullName) } }
    }
    $all = -not $Layer -and -not $Path
    if ($all) { $selected = [System.Collections.Generic.List[string]]@($files | ForEach-Object FullName) }

    $needs = @($selected | ForEach-Object { $manifest.Needs[(Split-Path -Leaf $_)] } | Where-Object { $_ } | Sort-Object -Unique)
    [pscustomobject]@{ Files = [string[]]$selected; Needs = [string[]]$needs; All = $all }
}

<#
.SYNOPSIS
    The layer of one Pester file (by its name): Long, Platform or Module, as tests/pester/Layers.psd1 says.
#>
function Get-PesterFileLayer {
    [CmdletBinding()]
    param([Parameter(Mandatory)] [string] $Name, [hashtable] $Manifest)
    if (-not $Manifest) { $Manifest = Import-PowerShellDataFile -LiteralPath (Join-Path $script:PesterFolder 'Layers.psd1') }
    if (@($Manifest.Long) -contains $Name) { return 'Long' }
    if (@($Manifest.Needs[$Name]) | Where-Object { $_ -in 'PostgreSQL', 'Sqlite' }) { return 'Platform' }
    'Module'
}

<#
.SYNOPSIS
    The files of tests/pester that the Windows PowerShell 5.1 leg runs (Layers.psd1's WindowsPowerShell list).
#>
function Get-WindowsPowerShellPesterFile {
    $manifest = Import-PowerShellDataFile -LiteralPath (Join-Path $script:PesterFolder 'Layers.psd1')
    $files = @(Get-ChildItem -LiteralPath $script:PesterFolder -Filter '*.Tests.ps1' -Recurse -File)
    @($files | Where-Object { @($manifest.WindowsPowerShell) -contains $_.Name } | Sort-Object FullName | ForEach-Object FullName)
}

Export-ModuleMember -Function Get-TestToolPath, Get-PesterSelection, Get-PesterFileLayer, Get-WindowsPowerShellPesterFile
