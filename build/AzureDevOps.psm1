# The Azure DevOps extension (extensions/azure-devops): its task compiled and assembled, and the .vsix packed.
# - Build-AzureDevOpsTask: npm ci (only when node_modules is older than package-lock.json), tsc, and the extension's folder
#   assembled in out/azure-devops: the manifest, the task's compiled handler with its production node_modules, task.json,
#   pipelines/Invoke-ImmutaCommand.ps1 and a copy of the built module, the versions stamped from the module's manifest.
#   build.ps1 runs it for Test (the tests run the staged task) and Package.
# - New-AzureDevOpsExtension: tfx-cli (a pinned devDependency, run by npx from the extension's folder) packs that folder
#   into immuta-integrations-<version>.vsix.
# Needs Node.js 20 or later and npm on PATH; the npm registry is reached by npm ci only.

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

$script:Root = (Resolve-Path (Join-Path $PSScriptRoot '..')).Path
$script:Source = Join-Path $script:Root 'extensions/azure-devops'
$script:TaskFolderName = 'tasks/ImmutaIntegrationsV1'

# A plain function, so that arguments pass through untouched. What npm and node print is shown only when they fail.
function Invoke-Node {
    param([Parameter(Mandatory)] [string] $Command, [string[]] $Arguments = @(), [string] $What)
    Push-Location -LiteralPath $script:Source
    try { $output = & $Command @Arguments 2>&1 | ForEach-Object { "$_" } }
    finally { Pop-Location }
    if ($LASTEXITCODE -ne 0) {
        $output | Out-Host
        throw "Azure DevOps task: $What failed (exit code $LASTEXITCODE)."
    }
    $output
}

function Assert-Node {
    foreach ($tool in 'node', 'npm') {
        if (-not (Get-Command $tool -ErrorAction SilentlyContinue)) {
            throw "Azure DevOps task: $tool is not on PATH. The task is built with Node.js 20 or later and npm; install them and run again."
        }
    }
}

<#
.SYNOPSIS
    Compiles the task and assembles the extension's folder (out/azure-devops by default); returns that folder.
#>
function Build-AzureDevOpsTask {
    [CmdletBinding()]
    param(
        # The built module (build.ps1 -Task Build), copied into the task.
        [string] $ModulePath = (Join-Path $script:Root 'out/ImmutaIntegrations'),
        [string] $Destination = (Join-Path $script:Root 'out/azure-devops')
    )
    $manifest = Join-Path $ModulePath 'ImmutaIntegrations.psd1'
    if (-not (Test-Path -LiteralPath $manifest)) { throw "Azure DevOps task: the module is not built: $manifest does not exist. Run ./build.ps1 -Task Build." }
    Assert-Node
    $version = [version](Import-PowerShellDataFile -LiteralPath $manifest).ModuleVersion

    # npm ci starts from nothing each time: skipped while node_modules is newer than the lock file it was installed from.
    $installed = Join-Path $script:Source 'node_modules/.package-lock.json'
    $lock = Join-Path $script:Source 'package-lock.json'
    if (-not (Test-Path -LiteralPath $installed) -or (Get-Item -LiteralPath $installed -Force).LastWriteTimeUtc -lt (Get-Item -LiteralPath $lock).LastWriteTimeUtc) {
        Invoke-Node npm 'ci', '--no-audit', '--no-fund', '--loglevel=error' -What 'npm ci' | Out-Null
    }
    $dist = Join-Path $script:Source 'dist'
    if (Test-Path -LiteralPath $dist) { Remove-Item -LiteralPath $dist -Recurse -Force }
    Invoke-Node node (Join-Path $script:Source 'node_modules/typescript/bin/tsc'), '-p', (Join-Path $script:Source 'tsconfig.json') -What 'tsc' | Out-Null

    if (Test-Path -LiteralPath $Destination) { Remove-Item -LiteralPath $Destination -Recurse -Force }
    $task = New-Item -ItemType Directory -Path (Join-Path $Destination $script:TaskFolderName) -Force
    # The extension: its manifest at the module's version, its overview, icon and license.
    $extension = Get-Content -Raw -LiteralPath (Join-Path $script:Source 'vss-extension.json') | ConvertFrom-Json
    $extension.version = "$version"
    $extension | ConvertTo-Json -Depth 20 | Set-Content -LiteralPath (Join-Path $Destination 'vss-extension.json') -Encoding utf8NoBOM
    Copy-Item -LiteralPath (Join-Path $script:Source 'overview.md'), (Join-Path $script:Root 'LICENSE') -Destination $Destination
    Copy-Item -LiteralPath (Join-Path $script:Source 'images') -Destination $Destination -Recurse

    # The task: task.json at 1.<minor>.<patch> of the module (its major stays the task's interface), its icon, the handler.
    $definition = Get-Content -Raw -LiteralPath (Join-Path $script:Source "$script:TaskFolderName/task.json") | ConvertFrom-Json
    $definition.version.Minor = $version.Minor
    $definition.version.Patch = [Math]::Max(0, $version.Build)
    $definition | ConvertTo-Json -Depth 20 | Set-Content -LiteralPath (Join-Path $task 'task.json') -Encoding utf8NoBOM
    Copy-Item -LiteralPath (Join-Path $script:Source "$script:TaskFolderName/icon.png") -Destination $task
    Copy-Item -Path (Join-Path $dist '*.js') -Destination $task

    # The handler's production dependencies only, as npm resolved them (no TypeScript, no tfx-cli).
    $production = @(Invoke-Node npm 'ls', '--omit=dev', '--all', '--parseable' -What 'npm ls' |
        Where-Object { $_ -and $_ -ne $script:Source } |
        ForEach-Object { [System.IO.Path]::GetRelativePath($script:Source, $_).Replace('\', '/') } | Sort-Object Length)
    $copied = [System.Collections.Generic.List[string]]::new()
    foreach ($package in $production) {
        if ($copied | Where-Object { $package.StartsWith("$_/") }) { continue }
        $target = Join-Path $task $package
        New-Item -ItemType Directory -Path (Split-Path -Parent $target) -Force | Out-Null
        Copy-Item -LiteralPath (Join-Path $script:Source $package) -Destination $target -Recurse
        $copied.Add($package)
    }
    # What the dependencies carry besides their code: their own tests, source maps and TypeScript sources.
    $modules = Join-Path $task 'node_modules'
    Get-ChildItem -LiteralPath $modules -Recurse -Directory -Force | Where-Object Name -In 'test', 'tests', '__tests__', '.github' |
        Remove-Item -Recurse -Force -ErrorAction SilentlyContinue
    Get-ChildItem -LiteralPath $modules -Recurse -File -Force | Where-Object { $_.Name -like '*.map' -or ($_.Name -like '*.ts' -and $_.Name -notlike '*.d.ts') } |
        Remove-Item -Force

    # What the handler runs: the script both pipeline integrations share, and the module it imports.
    New-Item -ItemType Directory -Path (Join-Path $task 'pipelines'), (Join-Path $task 'module') -Force | Out-Null
    Copy-Item -LiteralPath (Join-Path $script:Root 'pipelines/Invoke-ImmutaCommand.ps1') -Destination (Join-Path $task 'pipelines')
    Copy-Item -LiteralPath $ModulePath -Destination (Join-Path $task 'module/ImmutaIntegrations') -Recurse
    Get-Item -LiteralPath $Destination
}

<#
.SYNOPSIS
    Packs an assembled extension folder (Build-AzureDevOpsTask) into immuta-integrations-<version>.vsix in -Destination;
    returns the file.
#>
function New-AzureDevOpsExtension {
    [CmdletBinding()]
    param(
        [string] $ExtensionPath = (Join-Path $script:Root 'out/azure-devops'),
        [string] $Destination = (Join-Path $script:Root 'out/packages')
    )
    $manifest = Join-Path $ExtensionPath 'vss-extension.json'
    if (-not (Test-Path -LiteralPath $manifest)) { throw "Azure DevOps extension: $manifest does not exist; Build-AzureDevOpsTask assembles it." }
    Assert-Node
    $extension = Get-Content -Raw -LiteralPath $manifest | ConvertFrom-Json
    $Destination = (New-Item -ItemType Directory -Path $Destination -Force).FullName
    $vsix = Join-Path $Destination "$($extension.id)-$($extension.version).vsix"
    if (Test-Path -LiteralPath $vsix) { Remove-Item -LiteralPath $vsix -Force }
    # --no: npx runs the tfx-cli npm ci installed, and never fetches one.
    Invoke-Node npx '--no', '--', 'tfx', 'extension', 'create', '--root', (Resolve-Path -LiteralPath $ExtensionPath).Path,
        '--manifest-globs', 'vss-extension.json', '--output-path', $vsix, '--no-prompt', '--no-color' -What 'tfx extension create' | Out-Null
    if (-not (Test-Path -LiteralPath $vsix)) { throw "Azure DevOps extension: tfx did not write $vsix." }
    Get-Item -LiteralPath $vsix
}

Export-ModuleMember -Function Build-AzureDevOpsTask, New-AzureDevOpsExtension
