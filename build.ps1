<#
.SYNOPSIS
    The one entry point for building, testing and demonstrating ImmutaIntegrations.
.DESCRIPTION
    Build  assembles the importable module in out/ImmutaIntegrations and publishes the emulator to out/ImmutaEmulator.
    Test   builds (the Azure DevOps task too: npm ci and tsc, see build/AzureDevOps.psm1), runs the xunit tests, then the
           Pester tests in a fresh pwsh (with a throwaway PostgreSQL server, see build/TestPostgres.psm1), and ends with
           "N passed, N failed". -Layer, -TestPath and -TestName run a part, building and starting only what it needs:
           ./build.ps1 -Task Test -Layer Unit
           ./build.ps1 -Task Test -TestPath tests/ImmutaIntegrations.Core.Tests -TestName PayloadValidatorTests
           ./build.ps1 -Task Test -TestPath tests/pester/Commands/Export-ImmutaIntegration.Tests.ps1 -TestName 'secret'
    Demo   builds, starts the emulator with sample integrations, and shows the module reading them.
    Bench  builds, runs benchmarks/ against the module and the emulator on loopback, writes benchmarks/results.md,
           and exits non-zero when a target is missed.
    Package builds, then writes out/packages: the module as a PowerShell Gallery .nupkg, the emulator as a dotnet tool, and
           the Azure DevOps extension as a .vsix (tfx-cli).
    Clean  removes every build output.
    Needs the .NET SDK, and for Test and Package Node.js 20 or later with npm: run it as
    `dotnet tool restore && dotnet pwsh ./build.ps1 -Task <task>`.
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Demo', 'Bench', 'Package', 'Clean')]
    [string] $Task = 'Build',

    [ValidateSet('Release', 'Debug')]
    [string] $Configuration = 'Release',

    # Test: only these layers (any of them, together). Unit: the xunit projects (Core, cmdlets, emulator), nothing started.
    # Module: the Pester files against the built module and the emulator. Platform: the Pester files that need PostgreSQL
    # (Linux and macOS only) or the SQLite provider. Long: the fault suite and the long sessions. Which file is in which
    # layer: tests/pester/Layers.psd1.
    # Several are given as a list, or joined by commas after `dotnet pwsh ./build.ps1`, which passes one string.
    [ValidatePattern('^(Unit|Module|Platform|Long)(,(Unit|Module|Platform|Long))*$')]
    [string[]] $Layer = @(),

    # Test: these Pester files, folders of them or xunit projects (a tests/*.Tests folder) too, or only these without
    # -Layer, with what they need started. Several, as for -Layer: a list, or joined by commas.
    [string[]] $TestPath = @(),

    # Test: only the tests whose name contains this: Pester's full name (or a -like pattern), xunit's fully qualified name
    # (or a dotnet test --filter expression such as "FullyQualifiedName~Plan&Category!=Slow").
    [string] $TestName
)

$ErrorActionPreference = 'Stop'
$Layer = @($Layer | ForEach-Object { $_ -split ',' } | Where-Object { $_ })
$TestPath = @($TestPath | ForEach-Object { $_ -split ',' } | Where-Object { $_ })
Set-StrictMode -Version Latest

$Root = $PSScriptRoot
$Out = Join-Path $Root 'out'
$ModuleOut = Join-Path $Out 'ImmutaIntegrations'
$EmulatorOut = Join-Path $Out 'ImmutaEmulator'
$EmulatorDll = Join-Path $EmulatorOut 'ImmutaEmulator.dll'
$ResultsDir = Join-Path $Out 'test-results'

Import-Module (Join-Path $Root 'build/BuildTools.psm1') -Force
Import-Module (Join-Path $Root 'build/TestPostgres.psm1') -Force
Import-Module (Join-Path $Root 'build/AzureDevOps.psm1') -Force
Import-Module (Join-Path $Root 'build/TestLayers.psm1') -Force

$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'
$env:DOTNET_NOLOGO = '1'
$env:DOTNET_SKIP_FIRST_TIME_EXPERIENCE = '1'

# What goes into the module folder: the cmdlets and public types at the root, where PowerShell loads them;
# the engine and its dependencies in their own folder, loaded in isolation (see DependencyLoader.cs).
$ModuleFiles = @('ImmutaIntegrations.dll', 'ImmutaIntegrations.Models.dll')
$DependencyFiles = @('ImmutaIntegrations.Core.dll', 'YamlDotNet.dll', 'Newtonsoft.Json.dll')
$PowerShellFiles = @('ImmutaIntegrations.format.ps1xml', 'ImmutaIntegrations.types.ps1xml')

# A plain function (not an advanced one), so arguments such as -o pass through to dotnet untouched.
function Invoke-Dotnet {
    & dotnet @args | Out-Host
    if ($LASTEXITCODE -ne 0) { throw "dotnet $($args -join ' ') failed (exit code $LASTEXITCODE)." }
}

function Get-ModuleVersion {
    (Import-PowerShellDataFile -LiteralPath (Join-Path $Root 'ImmutaIntegrations.psd1')).ModuleVersion
}

function Invoke-Clean {
    foreach ($path in @($Out, (Join-Path $Root 'extensions/azure-devops/dist')) + (Get-ChildItem -Path (Join-Path $Root 'src'), (Join-Path $Root 'tests') -Directory -Recurse -Include bin, obj).FullName) {
        if ($path -and (Test-Path -LiteralPath $path)) { Remove-Item -LiteralPath $path -Recurse -Force }
    }
    Write-Host 'Clean: removed out/, the Azure DevOps task''s compiled dist/, and every bin/ and obj/.'
}

function Invoke-Build {
    $version = Get-ModuleVersion
    $staging = Join-Path $Out 'staging/module'
    if (Test-Path -LiteralPath $staging) { Remove-Item -LiteralPath $staging -Recurse -Force }
    Write-Host "Build: ImmutaIntegrations $version ($Configuration)"
    Invoke-Dotnet publish (Join-Path $Root 'src/ImmutaIntegrations/ImmutaIntegrations.csproj') -c $Configuration -o $staging "-p:Version=$version" --nologo --verbosity minimal

    # Everything published must be accounted for, so a new dependency is never silently left out.
    $published = Get-ChildItem -LiteralPath $staging -Filter *.dll | ForEach-Object Name
    $unexpected = $published | Where-Object { $_ -notin ($ModuleFiles + $DependencyFiles) }
    if ($unexpected) { throw "Build: publish produced assemblies the module layout does not place: $($unexpected -join ', ')" }

    if (Test-Path -LiteralPath $ModuleOut) { Remove-Item -LiteralPath $ModuleOut -Recurse -Force }
    $dependencies = New-Item -ItemType Directory -Path (Join-Path $ModuleOut 'Dependencies') -Force
    foreach ($file in $ModuleFiles) { Copy-Item -LiteralPath (Join-Path $staging $file) -Destination $ModuleOut }
    # The public types' documentation, for editors that load the module's types (beside the assembly, as they look for it).
    Copy-Item -LiteralPath (Join-Path $staging 'ImmutaIntegrations.Models.xml') -Destination $ModuleOut
    foreach ($file in $DependencyFiles) { Copy-Item -LiteralPath (Join-Path $staging $file) -Destination $dependencies }
    foreach ($file in $PowerShellFiles) { Copy-Item -LiteralPath (Join-Path $Root "module/$file") -Destination $ModuleOut }
    Copy-Item -LiteralPath (Join-Path $Root 'ImmutaIntegrations.psd1') -Destination $ModuleOut
    # The license and the changelog travel with the module (the manifest names no web address for them).
    foreach ($file in 'LICENSE', 'CHANGELOG.md') { Copy-Item -LiteralPath (Join-Path $Root $file) -Destination $ModuleOut }

    # The payload files' JSON Schemas come from the engine's type descriptions, so they cannot drift from it.
    $pwsh = Get-PwshCommand
    & $pwsh.Path $pwsh.Arguments -NoProfile -NonInteractive -File (Join-Path $Root 'build/Write-Schemas.ps1') -AssemblyFolder $staging -Destination (Join-Path $ModuleOut 'schemas')
    if ($LASTEXITCODE -ne 0) { throw 'Build: writing the JSON Schemas failed.' }

    # Get-Help's MAML, from the pages in module/en-US and the cmdlets' own parameter metadata.
    & $pwsh.Path $pwsh.Arguments -NoProfile -NonInteractive -File (Join-Path $Root 'build/Build-Help.ps1') -ModulePath $ModuleOut `
        -Source (Join-Path $Root 'module/en-US') -Destination (Join-Path $ModuleOut 'en-US')
    if ($LASTEXITCODE -ne 0) { throw 'Build: compiling the help failed.' }

    Invoke-Dotnet publish (Join-Path $Root 'src/ImmutaIntegrations.Emulator/ImmutaIntegrations.Emulator.csproj') -c $Configuration -o $EmulatorOut "-p:Version=$version" --nologo --verbosity minimal
    Write-Host "Build: module in $ModuleOut, emulator in $EmulatorOut"
}

# Pester (and the fixtures of the isolation test) come from NuGet through a restore-only project; the SQLite provider
# (for the files that need it) is published to out/test-tools/sqlite. Where they are: build/TestLayers.psm1.
function Install-TestTools {
    param([switch] $Sqlite)
    Invoke-Dotnet restore (Join-Path $Root 'build/tools.proj') --nologo --verbosity minimal
    $tools = Get-TestToolPath
    if (-not (Test-Path -LiteralPath $tools.Pester)) { throw "Pester was restored but $($tools.Pester) is missing." }
    if ($Sqlite) {
        Invoke-Dotnet publish (Join-Path $Root 'tests/SqliteProvider/SqliteProvider.csproj') -c $Configuration -o $tools.Sqlite --nologo --verbosity minimal
    }
    $tools
}

function Get-TrxCounts {
    param([string] $Directory)
    $passed = 0; $failed = 0; $other = 0
    foreach ($file in Get-ChildItem -LiteralPath $Directory -Filter *.trx -ErrorAction SilentlyContinue) {
        $counters = ([xml](Get-Content -LiteralPath $file.FullName -Raw)).TestRun.ResultSummary.Counters
        $passed += [int]$counters.passed
        $failed += [int]$counters.failed + [int]$counters.error + [int]$counters.timeout + [int]$counters.aborted
        $other += [int]$counters.notExecuted + [int]$counters.inconclusive
    }
    [pscustomobject]@{ Passed = $passed; Failed = $failed; NotRun = $other }
}

# The Azure DevOps extension's folder, out/azure-devops: the task compiled and assembled with the built module.
function Invoke-AzureDevOpsBuild {
    $clock = [System.Diagnostics.Stopwatch]::StartNew()
    $extension = Build-AzureDevOpsTask -ModulePath $ModuleOut -Destination (Join-Path $Out 'azure-devops')
    Write-Host ('Build: Azure DevOps task in {0} ({1:N0} s)' -f $extension.FullName, $clock.Elapsed.TotalSeconds)
    $extension
}

# What a test run runs: the xunit projects (Unit, or those given in -TestPath) and the Pester files of the layers or paths
# asked for, with what they need (tests/pester/Layers.psd1). With neither -Layer nor -TestPath, everything: the full run.
function Get-TestPlan {
    $full = -not $Layer -and -not $TestPath
    $allProjects = @(Get-ChildItem -Path (Join-Path $Root 'tests/*/*.Tests.csproj') | ForEach-Object FullName)
    $projects = @(); $pesterPaths = @()
    foreach ($given in $TestPath) {
        # An xunit project is given by its folder or its .csproj; anything else is a Pester file.
        $item = Get-Item -LiteralPath $given -ErrorAction SilentlyContinue
        $project = if (-not $item) { $null } elseif ($item.PSIsContainer) { Get-ChildItem -LiteralPath $item.FullName -Filter '*.Tests.csproj' | Select-Object -First 1 } elseif ($item.Name -like '*.Tests.csproj') { $item }
        if ($project) { $projects += $project.FullName } else { $pesterPaths += $given }
    }
    if ($full -or $Layer -contains 'Unit') { $projects = $allProjects }
    $pesterLayers = @($Layer | Where-Object { $_ -ne 'Unit' })
    $pester = if ($full -or $pesterLayers -or $pesterPaths) { Get-PesterSelection -Layer $pesterLayers -Path $pesterPaths } else { $null }
    if ($pester -and $pester.Files.Count -eq 0) { $pester = $null }
    if ($pester -and $pester.Needs -contains 'PostgreSQL' -and $IsWindows) {
        throw 'Test: the selected Pester files need PostgreSQL, which the tests start on Linux or macOS only; run -Layer Unit, Module or Long here.'
    }
    [pscustomobject]@{ Projects = [string[]]@($projects | Select-Object -Unique); Pester = $pester }
}

function Invoke-XunitTests {
    param([string[]] $ProjectPath, [string] $Directory)
    $exit = 0
    # A bare name is looked for in the tests' full names; a filter expression (Name=..., A|B) goes to dotnet test as it is.
    $filter = if (-not $TestName) { @() } elseif ($TestName -match '[=~!|&]') { '--filter', $TestName } else { '--filter', "FullyQualifiedName~$TestName" }
    foreach ($project in Get-Item -LiteralPath $ProjectPath) {
        Write-Host "Test: xunit $($project.BaseName)"
        & dotnet test $project.FullName -c $Configuration --nologo @filter --logger "trx;LogFileName=$($project.BaseName).trx" --logger 'console;verbosity=minimal' --results-directory $Directory | Out-Host
        if ($LASTEXITCODE -ne 0) { $exit = $LASTEXITCODE }
    }
    $counts = Get-TrxCounts $Directory
    if ($exit -ne 0 -and $counts.Failed -eq 0) {
        # The run failed before or outside the tests (a build error, a crashed test host): that is a failure too.
        $counts.Failed = 1
        Write-Host "xunit: dotnet test failed (exit code $exit) without a failed test to show for it."
    }
    Write-Host ("xunit: {0} passed, {1} failed, {2} not run" -f $counts.Passed, $counts.Failed, $counts.NotRun)
    $counts
}

# The Pester files selected, in a fresh pwsh, with a temporary folder of the run's own and, when a file needs it, PostgreSQL.
function Invoke-PesterRun {
    param([Parameter(Mandatory)] $Selection, [Parameter(Mandatory)] $Tools)
    Write-Host ('Test: Pester (in a fresh pwsh), {0}' -f $(if ($Selection.All) { 'every file' } else { "$($Selection.Files.Count) files" }))
    $pesterResult = Join-Path $ResultsDir 'pester.json'
    $pwsh = Get-PwshCommand
    # What the Pester run writes to the temporary folder (payload repositories, exports, databases, the server's data)
    # goes into a folder of this run's own, removed when the run ends however it ends: runs leave nothing behind. (Its name
    # is short: the server's socket lives in it, and a socket's path is limited to 107 bytes.) .NET reads TMPDIR on Linux
    # and macOS, TMP then TEMP on Windows.
    $runTemp = New-Item -ItemType Directory -Path (Join-Path ([System.IO.Path]::GetTempPath()) ('immuta-tests-' + [guid]::NewGuid().ToString('n').Substring(0, 12)))
    $tempVariables = if ($IsWindows) { 'TMP', 'TEMP' } else { , 'TMPDIR' }
    $savedTemp = @{}
    foreach ($name in $tempVariables) { $savedTemp[$name] = [Environment]::GetEnvironmentVariable($name); [Environment]::SetEnvironmentVariable($name, $runTemp.FullName) }
    # Manual setups run end to end on a real PostgreSQL server through Npgsql: a throwaway one, for this run only, whose
    # connection details reach the tests in IMMUTA_TEST_PG_*. It is stopped however the run ends.
    $postgres = $null
    $pesterClock = [System.Diagnostics.Stopwatch]::StartNew()
    $arguments = @{ PesterPath = $Tools.Pester; PackagesPath = $Tools.Packages; SqlitePath = $Tools.Sqlite; ResultPath = $pesterResult }
    $paths = if ($Selection.All) { , (Join-Path $Root 'tests/pester') } else { $Selection.Files }
    # Pester matches a test's full name with -like: a bare name is looked for anywhere in it.
    $fullName = if (-not $TestName) { @() } elseif ($TestName -match '[*?\[]') { '-FullName', $TestName } else { '-FullName', "*$TestName*" }
    try {
        if ($Selection.Needs -contains 'PostgreSQL') {
            $postgres = Start-TestPostgres
            Set-TestPostgresEnvironment $postgres | Out-Host
        }
        & $pwsh.Path $pwsh.Arguments -NoProfile -NonInteractive -File (Join-Path $Root 'tests/pester/Invoke-PesterSuite.ps1') `
            -PesterPath $arguments.PesterPath -PackagesPath $arguments.PackagesPath -SqlitePath $arguments.SqlitePath -ResultPath $arguments.ResultPath `
            -Path ($paths -join [System.IO.Path]::PathSeparator) @fullName | Out-Host
        $pesterExit = $LASTEXITCODE
    }
    finally {
        if ($postgres) {
            Write-Host ('PostgreSQL: up for the Pester run, {0:N0} s' -f $pesterClock.Elapsed.TotalSeconds)
            Set-TestPostgresEnvironment $null
            Stop-TestPostgres $postgres | Out-Host
        }
        foreach ($name in $tempVariables) { [Environment]::SetEnvironmentVariable($name, $savedTemp[$name]) }
        Remove-Item -LiteralPath $runTemp.FullName -Recurse -Force -ErrorAction SilentlyContinue
        if (Test-Path -LiteralPath $runTemp.FullName) { Write-Host "Test: could not remove all of $($runTemp.FullName)." }
    }
    $counts = if (Test-Path -LiteralPath $pesterResult) { Get-Content -LiteralPath $pesterResult -Raw | ConvertFrom-Json } else { [pscustomobject]@{ Passed = 0; Failed = 1; NotRun = 0 } }
    if ($pesterExit -ne 0 -and $counts.Failed -eq 0) { $counts.Failed = 1; Write-Host "Pester: the run failed (exit code $pesterExit)." }
    $counts
}

function Invoke-Test {
    $plan = Get-TestPlan
    $tools = $null
    if ($plan.Pester) {
        Invoke-Build
        if ($plan.Pester.Needs -contains 'AzureDevOpsTask') { Invoke-AzureDevOpsBuild | Out-Null }
        $tools = Install-TestTools -Sqlite:($plan.Pester.Needs -contains 'Sqlite')
    }
    if (Test-Path -LiteralPath $ResultsDir) { Remove-Item -LiteralPath $ResultsDir -Recurse -Force }
    New-Item -ItemType Directory -Path $ResultsDir -Force | Out-Null
    # The tests' own invalid files, plans and syncs are not the run's: when the tests run under a pipeline agent, they must
    # not become its annotations and summaries (CiAgent.Tests sets the agents' variables for the sessions it starts).
    $env:IMMUTA_CI_ANNOTATIONS = '0'

    $none = [pscustomobject]@{ Passed = 0; Failed = 0; NotRun = 0 }
    $xunit = if ($plan.Projects) { Invoke-XunitTests -ProjectPath $plan.Projects -Directory (Join-Path $ResultsDir 'xunit') } else { $none }
    $pester = if ($plan.Pester) { Invoke-PesterRun -Selection $plan.Pester -Tools $tools } else { $none }

    $passed = $xunit.Passed + $pester.Passed
    $failed = $xunit.Failed + $pester.Failed
    # A test that did not run has not passed: it counts as a failure.
    $notRun = $xunit.NotRun + $pester.NotRun
    if ($notRun -gt 0) { Write-Host "$notRun tests did not run (skipped or inconclusive); they count as failed."; $failed += $notRun }
    Write-Host "$passed passed, $failed failed"
    if ($failed -gt 0) { exit 1 }
}

function Invoke-Demo {
    Invoke-Build
    $emulator = Start-EmulatorProcess -EmulatorPath $EmulatorDll -ApiKey 'demo-api-key' -ArgumentList '--transition-delay-ms', '300'
    try {
        Write-Host "Demo: emulator listening on $($emulator.Url) (process $($emulator.ProcessId))"
        $pwsh = Get-PwshCommand
        & $pwsh.Path $pwsh.Arguments -NoProfile -NonInteractive -File (Join-Path $Root 'examples/demo.ps1') -Url $emulator.Url -ModulePath $ModuleOut
        if ($LASTEXITCODE -ne 0) { throw "The demo failed (exit code $LASTEXITCODE)." }
    }
    finally {
        Stop-EmulatorProcess $emulator
        Write-Host 'Demo: emulator stopped.'
    }
}

function Invoke-Bench {
    Invoke-Build
    Write-Host 'Bench: benchmarks (in a fresh pwsh)'
    $pwsh = Get-PwshCommand
    & $pwsh.Path $pwsh.Arguments -NoProfile -NonInteractive -File (Join-Path $Root 'benchmarks/Invoke-Benchmarks.ps1') `
        -ModulePath $ModuleOut -EmulatorPath $EmulatorDll -ResultPath (Join-Path $Root 'benchmarks/results.md')
    if ($LASTEXITCODE -ne 0) {
        Write-Host "Bench: a target was missed or a benchmark failed (exit code $LASTEXITCODE); see benchmarks/results.md."
        exit 1
    }
}

function Invoke-Package {
    Invoke-Build
    & (Join-Path $Root 'build/Package.ps1') -ModulePath $ModuleOut -Destination (Join-Path $Out 'packages') -Version (Get-ModuleVersion) -Configuration $Configuration | Out-Null
    $vsix = New-AzureDevOpsExtension -ExtensionPath (Invoke-AzureDevOpsBuild).FullName -Destination (Join-Path $Out 'packages')
    Write-Host ("Package: {0} ({1:N0} bytes)" -f $vsix.FullName, $vsix.Length)
}

Push-Location $Root
try {
    switch ($Task) {
        'Clean' { Invoke-Clean }
        'Build' { Invoke-Build }
        'Test' { Invoke-Test }
        'Demo' { Invoke-Demo }
        'Bench' { Invoke-Bench }
        'Package' { Invoke-Package }
    }
}
finally {
    Pop-Location
}
