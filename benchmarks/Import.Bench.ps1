<#
.SYNOPSIS
    Cold import: a fresh pwsh that imports the module, against a fresh pwsh that imports
    Microsoft.PowerShell.ThreadJob (target: ratio at most 1.10) and against a bare pwsh (reported only). Also checks
    that importing loads none of the engine's assemblies and that the manifest names what it exports.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $ResultFile,
    [string] $EmulatorPath,
    [string] $WorkDirectory,
    [int] $Runs = 10,
    [int] $Warmup = 2
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
Import-Module (Join-Path $PSScriptRoot '../build/BuildTools.psm1') -Force
Import-Module (Join-Path $PSScriptRoot 'BenchTools.psm1') -Force

$ModulePath = (Resolve-Path -LiteralPath $ModulePath).Path
$quoted = "'" + ($ModulePath -replace "'", "''") + "'"
$pwsh = Get-PwshCommand
Write-Host "Import: $($pwsh.Path) $($pwsh.Arguments -join ' ') -NoProfile -Command ..."

$importModule = "Import-Module $quoted"
$importThreadJob = 'Import-Module Microsoft.PowerShell.ThreadJob'
# Each fresh pwsh must succeed, or its time means nothing.
function Measure-Pwsh([string] $Command) {
    $watch = [System.Diagnostics.Stopwatch]::StartNew()
    & $pwsh.Path $pwsh.Arguments -NoProfile -Command $Command
    $watch.Stop()
    if ($LASTEXITCODE -ne 0) { throw "pwsh -NoProfile -Command `"$Command`" failed (exit code $LASTEXITCODE)." }
    $watch.Elapsed.TotalMilliseconds
}

$measured = Invoke-Interleaved -Runs $Runs -Warmup $Warmup -Label 'Import' -Variant @(
    @{ Name = 'module'; Script = { Measure-Pwsh $importModule } }
    @{ Name = 'ThreadJob'; Script = { Measure-Pwsh $importThreadJob } }
    @{ Name = 'bare'; Script = { Measure-Pwsh 'exit' } }
)

$rows = [System.Collections.Generic.List[object]]::new()
$rows.Add((New-BenchRow -Benchmark 'Cold import' -Module $measured['module'] -Baseline $measured['ThreadJob'] -BaselineName 'Import-Module Microsoft.PowerShell.ThreadJob' -Target 1.10))
$rows.Add((New-BenchRow -Benchmark 'Cold import vs bare pwsh (no target)' -Module $measured['module'] -Baseline $measured['bare'] -BaselineName 'pwsh -NoProfile -Command exit'))

# The assemblies in a fresh process after the import, against those of a bare pwsh: the engine (Core, YamlDotNet,
# Newtonsoft.Json) is loaded on first use, not at import. PowerShell itself may load its own copy of one of them (from
# $PSHOME, in the bare process too): that copy is not the module's doing.
$listAssemblies = '[AppDomain]::CurrentDomain.GetAssemblies() | ForEach-Object { $_.GetName().Name + ''|'' + $_.Location }'
function Get-LoadedAssembly([string] $Command) {
    $lines = & $pwsh.Path $pwsh.Arguments -NoProfile -Command $Command
    if ($LASTEXITCODE -ne 0) { throw "Listing the assemblies failed (exit code $LASTEXITCODE): $($lines -join "`n")" }
    foreach ($line in $lines) {
        $name, $location = $line -split '\|', 2
        [pscustomobject]@{ Name = $name; Location = $location }
    }
}
$afterImport = @(Get-LoadedAssembly "$importModule; $listAssemblies")
$bare = @(Get-LoadedAssembly $listAssemblies)
$forbidden = 'ImmutaIntegrations.Core', 'Newtonsoft.Json', 'YamlDotNet'
$dependencies = Join-Path $ModulePath 'Dependencies'
$problems = [System.Collections.Generic.List[string]]::new()
$notes = [System.Collections.Generic.List[string]]::new()
if (-not ($afterImport | Where-Object Name -EQ 'ImmutaIntegrations')) { $problems.Add('the module assembly itself is not loaded after Import-Module') }
foreach ($assembly in $afterImport | Where-Object { $_.Name -in $forbidden }) {
    $ownCopy = $bare | Where-Object { $_.Name -eq $assembly.Name -and $_.Location -eq $assembly.Location }
    if ($ownCopy -and -not $assembly.Location.StartsWith($ModulePath, [StringComparison]::Ordinal)) {
        $notes.Add("$($assembly.Name) is loaded by pwsh itself from $($assembly.Location) (in a bare pwsh too), not from the module")
    }
    else {
        $problems.Add("$($assembly.Name) is loaded from $($assembly.Location)")
    }
}
foreach ($assembly in $afterImport | Where-Object { $_.Location -and $_.Location.StartsWith($dependencies, [StringComparison]::Ordinal) -and $_.Name -notin $forbidden }) {
    $problems.Add("$($assembly.Name) is loaded from the module's Dependencies folder")
}
$added = @($afterImport | Where-Object { $a = $_; -not ($bare | Where-Object { $_.Name -eq $a.Name }) } | ForEach-Object Name | Sort-Object)
$detail = if ($problems.Count) { $problems -join '; ' } else { 'none of ImmutaIntegrations.Core, Newtonsoft.Json, YamlDotNet loaded by the import' }
$detail += "; the import adds: $($added -join ', ')"
if ($notes.Count) { $detail += '; ' + ($notes -join '; ') }
$rows.Add((New-BenchCheck -Benchmark 'Cold import: no engine assembly loaded' -Passed ($problems.Count -eq 0) -Detail $detail))

# The manifest names its cmdlets, and exports no functions, aliases or variables by wildcard.
$manifestPath = Join-Path $ModulePath 'ImmutaIntegrations.psd1'
$manifest = Import-PowerShellDataFile -LiteralPath $manifestPath
$manifestProblems = [System.Collections.Generic.List[string]]::new()
foreach ($key in 'CmdletsToExport', 'FunctionsToExport', 'AliasesToExport', 'VariablesToExport') {
    if (-not $manifest.ContainsKey($key)) { $manifestProblems.Add("$key is missing (PowerShell then exports everything)"); continue }
    $values = @($manifest[$key])
    $wild = @($values | Where-Object { $null -eq $_ -or [WildcardPattern]::ContainsWildcardCharacters([string]$_) })
    if ($wild.Count) { $manifestProblems.Add("$key has a wildcard: $($wild -join ', ')") }
    if ($key -eq 'CmdletsToExport' -and $values.Count -eq 0) { $manifestProblems.Add('CmdletsToExport is empty') }
}
$manifestDetail = if ($manifestProblems.Count) { $manifestProblems -join '; ' }
                  else { "CmdletsToExport lists $(@($manifest.CmdletsToExport).Count) cmdlets; FunctionsToExport, AliasesToExport, VariablesToExport: $(@($manifest.FunctionsToExport).Count), $(@($manifest.AliasesToExport).Count), $(@($manifest.VariablesToExport).Count) entries, no wildcard" }
$rows.Add((New-BenchCheck -Benchmark 'Cold import: explicit manifest exports' -Passed ($manifestProblems.Count -eq 0) -Detail $manifestDetail))

$markdown = @(
    "Cold import: $Runs interleaved runs of each (module, ThreadJob, bare pwsh) after $Warmup warm-up rounds, each a fresh ``pwsh -NoProfile -Command`` started directly (``$(Split-Path -Leaf $pwsh.Path) $($pwsh.Arguments -join ' ')``), timed from start to exit."
)
Save-BenchResult -Path $ResultFile -Name 'Import' -Rows $rows -Markdown $markdown
