<#
.SYNOPSIS
    Export and Compare: the emulator holds 1,000 integrations of six types; Export-ImmutaIntegration of them all to a fresh
    folder, and Compare-ImmutaIntegration of a folder of their 1,000 payload files against them, each against
    Get-ImmutaIntegration listing the same 1,000 (target: at most 1.5x). Every run's output is checked. Two rows without a target
    show where the time goes: the disk creating the same 1,000 files, and YamlDotNet parsing them.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $EmulatorPath,
    [Parameter(Mandatory)] [string] $WorkDirectory,
    [Parameter(Mandatory)] [string] $ResultFile,
    [int] $Runs = 10,
    [int] $Count = 1000
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
Import-Module (Join-Path $PSScriptRoot '../build/BuildTools.psm1') -Force
Import-Module (Join-Path $PSScriptRoot 'BenchTools.psm1') -Force
Import-Module $ModulePath
$ProgressPreference = 'SilentlyContinue'

$seed = Join-Path $WorkDirectory "mixed-seed-$Count.json"
New-MixedSeed -Path $seed -Count $Count
$emulator = Start-BenchTenant -EmulatorPath $EmulatorPath -SeedPath $seed
try {
    $connection = $emulator.Connection
    # The files compared: the tenant's own export, so every one matches its integration.
    $files = Join-Path $WorkDirectory "compare-$Count"
    $null = Export-ImmutaIntegration -Path $files -Connection $connection
    $script:exports = 0

    function Assert-Count([object[]] $Output, [string] $What, [scriptblock] $Wrong) {
        $bad = @($Output | Where-Object $Wrong)
        if ($Output.Count -ne $Count -or $bad.Count) {
            throw "$What returned $($Output.Count) objects, not $Count, or not as expected ($($bad.Count); first: $($bad | Select-Object -First 1))."
        }
    }
    function Measure-Export {
        $script:exports++
        $folder = Join-Path $WorkDirectory "export-$script:exports"
        $ms = Measure-Milliseconds { $script:exported = @(Export-ImmutaIntegration -Path $folder -Connection $connection) }
        Assert-Count $exported 'Export-ImmutaIntegration' { -not $_.Changed -or -not [System.IO.File]::Exists($_.Path) }
        $written = [System.IO.Directory]::GetFiles($folder, '*.yaml').Count
        if ($written -ne $Count) { throw "Export-ImmutaIntegration wrote $written payload files, not $Count." }
        $ms
    }
    function Measure-Compare {
        $ms = Measure-Milliseconds { $script:plan = @(Compare-ImmutaIntegration -Path $files -Connection $connection) }
        Assert-Count $plan 'Compare-ImmutaIntegration' { "$($_.Action)" -ne 'NoChange' }
        $ms
    }
    # What the disk alone takes: the same 1,000 files created in a fresh folder by a compiled loop, nothing else.
    $texts = @(Get-ChildItem -LiteralPath $files -Filter '*.yaml' | ForEach-Object { [pscustomobject]@{ Name = $_.Name; Bytes = [System.IO.File]::ReadAllBytes($_.FullName) } })
    Add-Type -TypeDefinition @'
public static class BenchFileFloor
{
    public static void Create(string folder, string[] names, byte[][] contents)
    {
        System.IO.Directory.CreateDirectory(folder);
        for (int i = 0; i < names.Length; i++)
        {
            using (var stream = new System.IO.FileStream(System.IO.Path.Combine(folder, names[i]), System.IO.FileMode.CreateNew,
                System.IO.FileAccess.Write, System.IO.FileShare.None, 1))
            {
                stream.Write(contents[i], 0, contents[i].Length);
            }
        }
    }
}
'@
    [string[]] $names = $texts.Name
    [byte[][]] $contents = $texts.Bytes
    function Measure-Disk {
        $script:exports++
        $folder = Join-Path $WorkDirectory "export-$script:exports"
        Measure-Milliseconds { [BenchFileFloor]::Create($folder, $names, $contents) }
    }
    # What reading the files takes at the least: each of the same 1,000 read and run through YamlDotNet's parser (the one the
    # module reads YAML with), in a compiled loop, nothing else.
    $yaml = Join-Path $ModulePath 'Dependencies/YamlDotNet.dll'
    Add-Type -Path $yaml
    Add-Type -ReferencedAssemblies $yaml, 'netstandard' -TypeDefinition @'
public static class BenchParseFloor
{
    public static int Parse(string[] paths)
    {
        int events = 0;
        foreach (string path in paths)
        {
            var parser = new YamlDotNet.Core.Parser(new System.IO.StringReader(System.IO.File.ReadAllText(path)));
            while (parser.MoveNext()) events++;
        }
        return events;
    }
}
'@
    [string[]] $paths = @(Get-ChildItem -LiteralPath $files -Filter '*.yaml').FullName
    function Measure-Parse {
        $ms = Measure-Milliseconds { $script:events = [BenchParseFloor]::Parse($paths) }
        if ($events -lt $Count * 10) { throw "YamlDotNet gave $events events for $Count files." }
        $ms
    }
    $measured = Invoke-Interleaved -Runs $Runs -Warmup 1 -Label 'ExportCompare' -Variant @(
        @{ Name = 'list'; Script = { Measure-BenchList -Connection $connection -Count $Count -Wrong { $_.Status -ne 'enabled' } } }
        @{ Name = 'export'; Script = { Measure-Export } }
        @{ Name = 'disk'; Script = { Measure-Disk } }
        @{ Name = 'compare'; Script = { Measure-Compare } }
        @{ Name = 'parse'; Script = { Measure-Parse } }
    )
    $types = (Get-ImmutaIntegration -Connection $connection | Group-Object Type | Sort-Object Name | ForEach-Object { "$($_.Count) $($_.Name)" }) -join ', '
}
finally {
    Stop-BenchTenant $emulator
    # Deleted only now: the file system's work of deleting 1,000 files would fall on the runs that follow.
    Get-ChildItem -LiteralPath $WorkDirectory -Directory -Filter 'export-*' | ForEach-Object { [System.IO.Directory]::Delete($_.FullName, $true) }
}

$rows = @(
    New-BenchRow -Benchmark "Export-ImmutaIntegration ($Count, to a fresh folder)" -Module $measured['export'] -Baseline $measured['list'] `
        -BaselineName "Get-ImmutaIntegration (the same $Count)" -Target 1.5
    New-BenchRow -Benchmark "Export's floor: the disk creating the same $Count files, nothing else (no target)" -Module $measured['disk'] `
        -Baseline $measured['list'] -BaselineName "Get-ImmutaIntegration (the same $Count)"
    New-BenchRow -Benchmark "Compare-ImmutaIntegration ($Count files against $Count integrations)" -Module $measured['compare'] -Baseline $measured['list'] `
        -BaselineName "Get-ImmutaIntegration (the same $Count)" -Target 1.5
    New-BenchRow -Benchmark "Compare's floor: YamlDotNet parsing the same $Count files, nothing else (no target)" -Module $measured['parse'] `
        -Baseline $measured['list'] -BaselineName "Get-ImmutaIntegration (the same $Count)"
)
$markdown = @(
    @(
        "Export and Compare: one pwsh, emulator seeded with $Count integrations ($types; ``--transition-delay-ms 0``); one warm-up each, then"
        "$Runs interleaved runs, each command's output collected into an array. Export writes every integration's file (and the schemas) into"
        "a folder of its own each run (all deleted at the end). Compare reads a folder of the $Count files an export of the same tenant wrote."
        "Every run was checked: the list held all $Count, enabled; the export wrote $Count new files, each on disk; the plan was $Count items,"
        "all NoChange. The rows without a target show where the time goes: ``Export's floor`` creates the same $Count files (the bytes the"
        "export wrote) in a fresh folder with a compiled loop (``FileMode.CreateNew``, as the module does), and"
        "``Compare's floor`` reads each of the $Count files and runs it through YamlDotNet's parser (which the module reads YAML with), in a"
        "compiled loop; Compare also validates each payload, reads the tenant's list meanwhile, and plans."
    ) -join ' '
)
Save-BenchResult -Path $ResultFile -Name 'ExportCompare' -Rows $rows -Markdown $markdown
