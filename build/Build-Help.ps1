<#
.SYNOPSIS
    Compiles the help pages (module/en-US/<Cmdlet>.md, platyPS's layout) into the MAML file Get-Help reads
    (<module>/en-US/ImmutaIntegrations.dll-Help.xml), and copies the about topics beside it.
.DESCRIPTION
    Runs in its own pwsh, with the built module imported: the syntax, types, parameter sets, positions and
    pipeline input come from the cmdlets themselves, and the words (synopsis, description, parameter
    descriptions, examples, inputs, outputs, notes, links) from the pages, so the two cannot drift apart on
    what the binder does. A page that is malformed is an error naming the file and line; an exported cmdlet
    without a page is reported (the Help tests fail on it).
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $Source,
    [Parameter(Mandatory)] [string] $Destination
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$module = Import-Module $ModulePath -PassThru
# -WhatIf and -Confirm (the optional common parameters) are documented on each page that has them; the others are not.
$commonParameters = [System.Management.Automation.PSCmdlet]::CommonParameters

# A page as sections: '## NAME' -> its lines, each with its line number.
function Read-Page([string] $Path) {
    $sections = [ordered]@{}
    $current = $null
    $number = 0
    $inFence = $false
    foreach ($line in [System.IO.File]::ReadAllLines($Path)) {
        $number++
        if ($line.StartsWith('```')) { $inFence = -not $inFence }
        if (-not $inFence -and $line -match '^## (.+)$') {
            $current = $Matches[1].Trim()
            $sections[$current] = [System.Collections.Generic.List[object]]::new()
            continue
        }
        if ($null -ne $current) { $sections[$current].Add([pscustomobject]@{ Number = $number; Text = $line }) }
    }
    if ($inFence) { throw "${Path}: a code block is not closed." }
    $sections
}

# Markdown text to plain paragraphs: `code` and [links](...) keep their words.
function ConvertTo-Paragraphs([object[]] $Lines) {
    $paragraphs = [System.Collections.Generic.List[string]]::new()
    $current = [System.Collections.Generic.List[string]]::new()
    foreach ($line in $Lines) {
        $text = $line.Text.Trim()
        if ($text -eq '') {
            if ($current.Count) { $paragraphs.Add($current -join ' '); $current.Clear() }
            continue
        }
        # A list item starts a paragraph of its own.
        if ($text -match '^[-*] ' -and $current.Count) { $paragraphs.Add($current -join ' '); $current.Clear() }
        $current.Add(($text -replace '\[([^\]]+)\]\([^)]*\)', '$1' -replace '`([^`]+)`', '$1'))
    }
    if ($current.Count) { $paragraphs.Add($current -join ' ') }
    , $paragraphs.ToArray()
}

function Split-Subsections([object[]] $Lines) {
    $result = [System.Collections.Generic.List[object]]::new()
    $current = $null
    $inFence = $false
    foreach ($line in $Lines) {
        if ($line.Text.StartsWith('```')) { $inFence = -not $inFence }
        if (-not $inFence -and $line.Text -match '^### (.+)$') {
            $current = [pscustomobject]@{ Title = $Matches[1].Trim(); Number = $line.Number; Lines = [System.Collections.Generic.List[object]]::new() }
            $result.Add($current)
            continue
        }
        if ($current) { $current.Lines.Add($line) }
    }
    , $result.ToArray()
}

# The fenced blocks of some lines, and the lines outside them.
function Split-Fences([object[]] $Lines) {
    $fences = [System.Collections.Generic.List[object]]::new()
    $prose = [System.Collections.Generic.List[object]]::new()
    $fence = $null
    foreach ($line in $Lines) {
        if ($line.Text.StartsWith('```')) {
            if ($null -eq $fence) { $fence = [pscustomobject]@{ Language = $line.Text.Substring(3).Trim(); Number = $line.Number; Lines = [System.Collections.Generic.List[string]]::new() } }
            else { $fences.Add($fence); $fence = $null }
            continue
        }
        if ($null -ne $fence) { $fence.Lines.Add($line.Text) } else { $prose.Add($line) }
    }
    [pscustomobject]@{ Fences = $fences.ToArray(); Prose = $prose.ToArray() }
}

$settings = [System.Xml.XmlWriterSettings]@{ Indent = $true; Encoding = [System.Text.UTF8Encoding]::new($false) }
$stream = [System.IO.MemoryStream]::new()
$writer = [System.Xml.XmlWriter]::Create($stream, $settings)
$maml = 'http://schemas.microsoft.com/maml/2004/10'
$commandNs = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
$dev = 'http://schemas.microsoft.com/maml/dev/2004/10'

function Write-Paras([string[]] $Paragraphs) {
    foreach ($paragraph in $Paragraphs) { $writer.WriteElementString('maml', 'para', $maml, $paragraph) }
}

function Write-Description([string[]] $Paragraphs) {
    $writer.WriteStartElement('maml', 'description', $maml)
    Write-Paras $Paragraphs
    $writer.WriteEndElement()
}

function Write-Type([string] $Name, [string[]] $Paragraphs) {
    $writer.WriteStartElement('dev', 'type', $dev)
    $writer.WriteElementString('maml', 'name', $maml, $Name)
    $writer.WriteEndElement()
    Write-Description $Paragraphs
}

function Get-TypeName([type] $Type) {
    if ($Type -eq [System.Management.Automation.SwitchParameter]) { return 'SwitchParameter' }
    $Type.Name
}

function Write-Parameter($Parameter, $SetParameter, [hashtable] $Words) {
    $info = $Words[$Parameter.Name]
    $pipeline = @(
        if ($SetParameter.ValueFromPipeline) { 'ByValue' }
        if ($SetParameter.ValueFromPipelineByPropertyName) { 'ByPropertyName' }
    )
    $writer.WriteStartElement('command', 'parameter', $commandNs)
    $writer.WriteAttributeString('required', ([string]$SetParameter.IsMandatory).ToLowerInvariant())
    $writer.WriteAttributeString('variableLength', ([string]$Parameter.ParameterType.IsArray).ToLowerInvariant())
    $writer.WriteAttributeString('globbing', ([string]($info -and $info.Wildcards)).ToLowerInvariant())
    $writer.WriteAttributeString('pipelineInput', $(if ($pipeline) { "True ($($pipeline -join ', '))" } else { 'False' }))
    $writer.WriteAttributeString('position', $(if ($SetParameter.Position -ge 0) { [string]$SetParameter.Position } else { 'named' }))
    $writer.WriteAttributeString('aliases', $(if ($Parameter.Aliases.Count) { $Parameter.Aliases -join ', ' } else { 'none' }))
    $writer.WriteElementString('maml', 'name', $maml, $Parameter.Name)
    Write-Description $(if ($info) { $info.Paragraphs } else { @() })
    $typeName = Get-TypeName $Parameter.ParameterType
    if ($Parameter.ParameterType -ne [System.Management.Automation.SwitchParameter]) {
        $writer.WriteStartElement('command', 'parameterValue', $commandNs)
        $writer.WriteAttributeString('required', 'true')
        $writer.WriteAttributeString('variableLength', ([string]$Parameter.ParameterType.IsArray).ToLowerInvariant())
        $writer.WriteString($typeName)
        $writer.WriteEndElement()
    }
    $writer.WriteStartElement('dev', 'type', $dev)
    $writer.WriteElementString('maml', 'name', $maml, $typeName)
    $writer.WriteEndElement()
    $writer.WriteElementString('dev', 'defaultValue', $dev, $(if ($info -and $info.Default) { $info.Default } else { 'None' }))
    $writer.WriteEndElement()
}

$pages = 0
$missing = [System.Collections.Generic.List[string]]::new()
$writer.WriteStartDocument()
$writer.WriteStartElement('helpItems', 'http://msh')
$writer.WriteAttributeString('schema', 'maml')
foreach ($command in ($module.ExportedCmdlets.Values | Sort-Object Name)) {
    $path = Join-Path $Source "$($command.Name).md"
    if (-not (Test-Path -LiteralPath $path)) { $missing.Add($command.Name); continue }
    $page = Read-Page $path
    foreach ($name in 'SYNOPSIS', 'DESCRIPTION', 'EXAMPLES', 'PARAMETERS') {
        if (-not $page.Contains($name)) { throw "${path}: the page has no '## $name' section." }
    }
    $synopsis = ConvertTo-Paragraphs $page['SYNOPSIS']
    if (-not $synopsis) { throw "${path}: the SYNOPSIS is empty." }

    # Parameters: their words from the page.
    $words = @{}
    foreach ($section in (Split-Subsections $page['PARAMETERS'])) {
        if ($section.Title -eq 'CommonParameters') { continue }
        if ($section.Title -notmatch '^-(\w+)$') { throw "${path}:$($section.Number): a parameter section is '### -Name', not '### $($section.Title)'." }
        $name = $Matches[1]
        $parts = Split-Fences $section.Lines
        $yaml = @{}
        foreach ($fence in $parts.Fences | Where-Object Language -eq 'yaml') {
            foreach ($line in $fence.Lines) { if ($line -match '^([^:]+):\s*(.*)$') { $yaml[$Matches[1].Trim()] = $Matches[2].Trim() } }
        }
        $words[$name] = [pscustomobject]@{
            Paragraphs = ConvertTo-Paragraphs $parts.Prose
            Default    = $yaml['Default value']
            Wildcards  = $yaml['Accept wildcard characters'] -eq 'True'
        }
    }

    $writer.WriteStartElement('command', 'command', $commandNs)
    $writer.WriteAttributeString('xmlns', 'maml', $null, $maml)
    $writer.WriteAttributeString('xmlns', 'dev', $null, $dev)
    $writer.WriteStartElement('command', 'details', $commandNs)
    $writer.WriteElementString('command', 'name', $commandNs, $command.Name)
    $writer.WriteElementString('command', 'verb', $commandNs, $command.Verb)
    $writer.WriteElementString('command', 'noun', $commandNs, $command.Noun)
    Write-Description $synopsis
    $writer.WriteEndElement()
    Write-Description (ConvertTo-Paragraphs $page['DESCRIPTION'])

    # Syntax: one item per parameter set, as the binder sees it.
    $writer.WriteStartElement('command', 'syntax', $commandNs)
    foreach ($set in $command.ParameterSets) {
        $writer.WriteStartElement('command', 'syntaxItem', $commandNs)
        $writer.WriteElementString('maml', 'name', $maml, $command.Name)
        foreach ($setParameter in $set.Parameters | Where-Object { $_.Name -notin $commonParameters }) {
            Write-Parameter $command.Parameters[$setParameter.Name] $setParameter $words
        }
        $writer.WriteEndElement()
    }
    $writer.WriteEndElement()

    # Each parameter once, as in its first set.
    $writer.WriteStartElement('command', 'parameters', $commandNs)
    foreach ($parameter in $command.Parameters.Values | Where-Object { $_.Name -notin $commonParameters } | Sort-Object Name) {
        $setParameter = $command.ParameterSets.Parameters | Where-Object Name -eq $parameter.Name | Select-Object -First 1
        Write-Parameter $parameter $setParameter $words
    }
    $writer.WriteEndElement()

    foreach ($pair in @(@('INPUTS', 'inputTypes', 'inputType'), @('OUTPUTS', 'returnValues', 'returnValue'))) {
        if (-not $page.Contains($pair[0])) { continue }
        $writer.WriteStartElement('command', $pair[1], $commandNs)
        foreach ($type in (Split-Subsections $page[$pair[0]])) {
            $writer.WriteStartElement('command', $pair[2], $commandNs)
            Write-Type $type.Title (ConvertTo-Paragraphs $type.Lines)
            $writer.WriteEndElement()
        }
        $writer.WriteEndElement()
    }
    if ($page.Contains('NOTES')) {
        $notes = ConvertTo-Paragraphs $page['NOTES']
        if ($notes) {
            $writer.WriteStartElement('maml', 'alertSet', $maml)
            $writer.WriteStartElement('maml', 'alert', $maml)
            Write-Paras $notes
            $writer.WriteEndElement()
            $writer.WriteEndElement()
        }
    }

    $writer.WriteStartElement('command', 'examples', $commandNs)
    foreach ($example in (Split-Subsections $page['EXAMPLES'])) {
        $parts = Split-Fences $example.Lines
        $code = @($parts.Fences | Where-Object Language -in 'powershell', 'PowerShell', 'ps1')
        if ($code.Count -ne 1) { throw "${path}:$($example.Number): an example has one 'powershell' code block; '$($example.Title)' has $($code.Count)." }
        $writer.WriteStartElement('command', 'example', $commandNs)
        $writer.WriteElementString('maml', 'title', $maml, "-------------------------- $($example.Title) --------------------------")
        $writer.WriteElementString('dev', 'code', $dev, ($code[0].Lines -join "`n"))
        $writer.WriteStartElement('dev', 'remarks', $dev)
        Write-Paras (ConvertTo-Paragraphs $parts.Prose)
        $writer.WriteEndElement()
        $writer.WriteEndElement()
    }
    $writer.WriteEndElement()

    $writer.WriteStartElement('command', 'relatedLinks', $commandNs)
    if ($page.Contains('RELATED LINKS')) {
        foreach ($line in $page['RELATED LINKS']) {
            if ($line.Text -notmatch '^\[([^\]]+)\]\(([^)]*)\)') { continue }
            $writer.WriteStartElement('maml', 'navigationLink', $maml)
            $writer.WriteElementString('maml', 'linkText', $maml, $Matches[1])
            $writer.WriteElementString('maml', 'uri', $maml, $(if ($Matches[2] -match '^https?://') { $Matches[2] } else { '' }))
            $writer.WriteEndElement()
        }
    }
    $writer.WriteEndElement()
    $writer.WriteEndElement()
    $pages++
}
$writer.WriteEndElement()
$writer.WriteEndDocument()
$writer.Flush()

New-Item -ItemType Directory -Path $Destination -Force | Out-Null
[System.IO.File]::WriteAllBytes((Join-Path $Destination 'ImmutaIntegrations.dll-Help.xml'), $stream.ToArray())
$abouts = @(Get-ChildItem -LiteralPath $Source -Filter 'about_*.help.txt')
foreach ($about in $abouts) { Copy-Item -LiteralPath $about.FullName -Destination $Destination }
Write-Host "Help: $pages cmdlet page(s) compiled, $($abouts.Count) about topic(s)$(if ($missing.Count) { "; no page yet for $($missing -join ', ')" })."
