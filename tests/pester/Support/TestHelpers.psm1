# Shared by the Pester tests: where the built module and emulator are, starting the emulator on loopback,
# and running a script in a fresh pwsh (for what must happen before the module is first imported).

Set-StrictMode -Version Latest

$script:Root = (Resolve-Path (Join-Path $PSScriptRoot '../../..')).Path
Import-Module (Join-Path $script:Root 'build/BuildTools.psm1')

function Get-TestPath {
    param([ValidateSet('Module', 'Emulator', 'Data', 'Root')] [string] $Name)
    switch ($Name) {
        'Module' { Join-Path $script:Root 'out/ImmutaIntegrations' }
        'Emulator' { Join-Path $script:Root 'out/ImmutaEmulator/ImmutaEmulator.dll' }
        'Data' { Join-Path $script:Root 'tests/data' }
        'Root' { $script:Root }
    }
}

function ConvertTo-TestSecureString([string] $Text) { ConvertTo-SecureString $Text -AsPlainText -Force }

<#
.SYNOPSIS
    Runs a script in a fresh pwsh (the same PowerShell as this one) and returns its output lines and exit code.
#>
function Invoke-FreshPwsh {
    param(
        [Parameter(Mandatory)] [string] $Script,
        [hashtable] $Environment = @{},
        # Run as a console whose input is redirected (a scheduler, a CI agent), not with -NonInteractive.
        [switch] $RedirectedInput
    )
    $file = Join-Path ([System.IO.Path]::GetTempPath()) ("pester-{0}.ps1" -f [guid]::NewGuid().ToString('n'))
    Set-Content -LiteralPath $file -Value $Script -Encoding utf8
    $saved = @{}
    try {
        $saved = Set-ProcessVariable -Variables $Environment
        $pwsh = Get-PwshCommand
        if ($RedirectedInput) {
            # Input that is at its end at once, as from /dev/null: a prompt has nothing to read.
            $start = [System.Diagnostics.ProcessStartInfo]::new($pwsh.Path)
            foreach ($argument in @($pwsh.Arguments) + @('-NoProfile', '-File', $file)) { $start.ArgumentList.Add($argument) }
            $start.RedirectStandardInput = $start.RedirectStandardOutput = $start.RedirectStandardError = $true
            $process = [System.Diagnostics.Process]::Start($start)
            $process.StandardInput.Close()
            $errors = $process.StandardError.ReadToEndAsync()
            $output = @($process.StandardOutput.ReadToEnd() -split "`r?`n") + @($errors.GetAwaiter().GetResult() -split "`r?`n") | Where-Object { $_ }
            $process.WaitForExit()
            return [pscustomobject]@{ Output = @($output); ExitCode = $process.ExitCode }
        }
        $output = & $pwsh.Path $pwsh.Arguments -NoProfile -NonInteractive -File $file 2>&1 | ForEach-Object { "$_" }
        [pscustomobject]@{ Output = @($output); ExitCode = $LASTEXITCODE }
    }
    finally {
        Set-ProcessVariable -Variables $saved | Out-Null
        Remove-Item -LiteralPath $file -ErrorAction SilentlyContinue
    }
}

<#
.SYNOPSIS
    An open connection to a new SQLite database (a real ADO.NET provider, Microsoft.Data.Sqlite), for running
    setup scripts through -DbConnection or recording statements from -Executor.
#>
function New-TestSqliteConnection {
    param([string] $Path = (Join-Path ([System.IO.Path]::GetTempPath()) ("pester-{0}.db" -f [guid]::NewGuid().ToString('n'))))
    if (-not ('Microsoft.Data.Sqlite.SqliteConnection' -as [type])) {
        $folder = $env:IMMUTA_TEST_SQLITE
        if (-not $folder -or -not (Test-Path $folder)) { throw 'IMMUTA_TEST_SQLITE does not name the published SQLite provider (build.ps1 -Task Test sets it).' }
        foreach ($name in 'SQLitePCLRaw.core', 'SQLitePCLRaw.provider.e_sqlite3', 'SQLitePCLRaw.batteries_v2', 'Microsoft.Data.Sqlite') {
            Add-Type -LiteralPath (Join-Path $folder "$name.dll")
        }
        # The native library sits under runtimes/<rid>/native; loaded first, the provider's own lookup finds it.
        $rid = [System.Runtime.InteropServices.RuntimeInformation]::RuntimeIdentifier
        $native = Get-ChildItem (Join-Path $folder "runtimes/$rid/native") -Filter '*e_sqlite3*' | Select-Object -First 1
        if ($native) { [System.Runtime.InteropServices.NativeLibrary]::Load($native.FullName) | Out-Null }
    }
    $connection = [Microsoft.Data.Sqlite.SqliteConnection]::new("Data Source=$Path")
    $connection.Open()
    $connection
}

<#
.SYNOPSIS
    Runs a query on a SQLite connection and returns its rows as objects.
#>
function Invoke-TestSql {
    param([Parameter(Mandatory)] $Connection, [Parameter(Mandatory)] [string] $Sql, [hashtable] $Parameters = @{})
    $command = $Connection.CreateCommand()
    $command.CommandText = $Sql
    foreach ($name in $Parameters.Keys) { $command.Parameters.AddWithValue($name, $Parameters[$name]) | Out-Null }
    $reader = $command.ExecuteReader()
    try {
        while ($reader.Read()) {
            $row = [ordered]@{}
            for ($i = 0; $i -lt $reader.FieldCount; $i++) { $row[$reader.GetName($i)] = $reader.GetValue($i) }
            [pscustomobject]$row
        }
    }
    finally { $reader.Dispose(); $command.Dispose() }
}

<#
.SYNOPSIS
    The emulator's request counts by method and route (GET /_emulator/requests).
#>
function Get-EmulatorRequests {
    param([Parameter(Mandatory)] $Emulator)
    Invoke-RestMethod -Uri "$($Emulator.Url)/_emulator/requests" -Headers @{ Authorization = $Emulator.ApiKey }
}

<#
.SYNOPSIS
    How many requests the emulator has counted for one route, e.g. 'POST /integrations' (0 when none).
#>
function Get-EmulatorRequestCount {
    param([Parameter(Mandatory)] $Emulator, [Parameter(Mandatory)] [string] $Route)
    $counts = Get-EmulatorRequests $Emulator
    $property = $counts.PSObject.Properties[$Route]
    if ($property) { [int]$property.Value } else { 0 }
}

<#
.SYNOPSIS
    The requests an emulator received, in order of arrival (GET /_emulator/history): seq, method, path, route, status...
    -Body adds the body each one carried.
#>
function Get-EmulatorHistory {
    param([Parameter(Mandatory)] $Emulator, [switch] $Body)
    # Invoke-RestMethod writes the list as one object: assigned, it is the list, and written from here, its requests.
    $query = if ($Body) { '?bodies=true' } else { '' }
    $history = Invoke-RestMethod -Uri "$($Emulator.Url)/_emulator/history$query" -Headers @{ Authorization = $Emulator.ApiKey }
    $history
}

<#
.SYNOPSIS
    The requests an emulator received that change integrations (POST, PUT and DELETE on /integrations...), in order; -Body adds each one's body as received (secrets and all).
#>
function Get-EmulatorWrite {
    param([Parameter(Mandatory)] $Emulator, [switch] $Body)
    @(Get-EmulatorHistory $Emulator -Body:$Body | Where-Object { $_.method -in 'POST', 'PUT', 'DELETE' -and $_.path -like '/integrations*' })
}

<#
.SYNOPSIS
    A YAML file read with the module's own YAML library, in a fresh pwsh, and handed back through JSON as hashtables. Not
    valid YAML is an error that shows the parser's message.
#>
function Read-TestYamlFile {
    param([Parameter(Mandatory)] [string] $Path)
    $run = Invoke-FreshPwsh -Script @"
Add-Type -LiteralPath '$(Join-Path (Get-TestPath Module) 'Dependencies/YamlDotNet.dll')'
`$text = Get-Content -Raw -LiteralPath '$Path'
[YamlDotNet.Serialization.DeserializerBuilder]::new().Build().Deserialize([System.IO.StringReader]::new(`$text)) | ConvertTo-Json -Depth 30 -Compress
"@
    if ($run.ExitCode -ne 0) { throw "$Path is not valid YAML: $($run.Output -join "`n")" }
    $run.Output -join '' | ConvertFrom-Json -AsHashtable
}

<#
.SYNOPSIS
    A pipeline file of examples/, as Read-TestYamlFile reads it.
#>
function Read-ExamplePipeline {
    param([Parameter(Mandatory)] [string] $File)
    Read-TestYamlFile (Join-Path $script:Root "examples/$File")
}

<#
.SYNOPSIS
    Runs a pwsh step as its agent runs it: in a fresh pwsh from the checkout, with exactly -Environment, inside Azure
    DevOps's or GitHub's wrapper around the step's script (GitHub's output and summary files made for the step first, in
    the runner's temporary folder). Returns its output lines, its exit code, the output variables it set, its summary (the
    files its uploadsummary lines attach, or its GITHUB_STEP_SUMMARY), the summary files it attached, and GITHUB_OUTPUT's text.
#>
function Invoke-AgentStep {
    param(
        [Parameter(Mandatory)] [ValidateSet('Azure DevOps', 'GitHub Actions')] [string] $Agent,
        [Parameter(Mandatory)] [string] $Checkout,
        # The runner's temporary folder: where GitHub's file commands are (unused on Azure DevOps).
        [string] $Temp,
        [Parameter(Mandatory)] [hashtable] $Environment,
        [Parameter(Mandatory)] [string] $Script
    )
    $environment = $Environment.Clone()
    if ($Agent -eq 'Azure DevOps') {
        $wrapped = "`$ErrorActionPreference = 'Stop'`n`$ProgressPreference = 'SilentlyContinue'`n`$ErrorView = 'NormalView'`n$Script`n" +
            "if (!(Test-Path -LiteralPath variable:\LASTEXITCODE)) {`n    Write-Host '##vso[task.debug]`$LASTEXITCODE is not set.'`n} else {`n" +
            "    Write-Host ('##vso[task.debug]`$LASTEXITCODE: {0}' -f `$LASTEXITCODE)`n    exit `$LASTEXITCODE`n}"
    }
    else {
        # Each step has an output file and a summary file of its own, there before the step starts.
        if (-not $Temp) { throw 'A GitHub step needs the runner''s temporary folder (-Temp).' }
        $commands = Join-Path $Temp '_runner_file_commands'
        New-Item -ItemType Directory -Path $commands -Force | Out-Null
        $environment.GITHUB_OUTPUT = Join-Path $commands "set_output_$([guid]::NewGuid().ToString('n'))"
        $environment.GITHUB_STEP_SUMMARY = Join-Path $commands "step_summary_$([guid]::NewGuid().ToString('n'))"
        New-Item -ItemType File -Path $environment.GITHUB_OUTPUT, $environment.GITHUB_STEP_SUMMARY | Out-Null
        $wrapped = "`$ErrorActionPreference = 'stop'`n$Script`nif ((Test-Path -LiteralPath variable:\LASTEXITCODE)) { exit `$LASTEXITCODE }"
    }

    $run = Invoke-FreshPwsh -Environment $environment -Script "Set-Location -LiteralPath '$Checkout'`n$wrapped"

    $outputs = @{}
    $attached = @()
    $outputFile = ''
    if ($Agent -eq 'Azure DevOps') {
        foreach ($line in $run.Output) {
            $setting = [regex]::Match($line, '^##vso\[task\.setvariable (?<properties>[^\]]*)\](?<value>.*)$')
            if (-not $setting.Success) { continue }
            $properties = @{}
            foreach ($property in $setting.Groups['properties'].Value -split ';' | Where-Object { $_ }) {
                $name, $value = $property -split '=', 2
                $properties[$name] = $value
            }
            if ($properties['isOutput'] -eq 'true') {
                $outputs[$properties['variable']] = $setting.Groups['value'].Value.Replace('%0D', "`r").Replace('%0A', "`n").Replace('%AZP25', '%')
            }
        }
        $attached = @($run.Output | Where-Object { $_ -match '^##vso\[task\.uploadsummary\]' } | ForEach-Object { $_.Substring('##vso[task.uploadsummary]'.Length) })
        $summary = @($attached | ForEach-Object { Get-Content -Raw -LiteralPath $_ }) -join "`n"
    }
    else {
        $outputFile = Get-Content -Raw -LiteralPath $environment.GITHUB_OUTPUT
        $lines = @("$outputFile" -split "`n")
        for ($i = 0; $i -lt $lines.Count; $i++) {
            if ($lines[$i] -match '^(?<name>[\w-]+)<<(?<delimiter>.+)$') {
                $value = @()
                for ($i++; $lines[$i] -ne $Matches.delimiter; $i++) { $value += $lines[$i] }
                $outputs[$Matches.name] = $value -join "`n"
            }
            elseif ($lines[$i] -match '^(?<name>[\w-]+)=(?<value>.*)$') { $outputs[$Matches.name] = $Matches.value }
        }
        $summary = Get-Content -Raw -LiteralPath $environment.GITHUB_STEP_SUMMARY
    }
    [pscustomobject]@{ Output = $run.Output; ExitCode = $run.ExitCode; Outputs = $outputs; Summary = "$summary"; SummaryFiles = $attached; OutputFile = "$outputFile" }
}

<#
.SYNOPSIS
    Forgets every integration and request count of an emulator (POST /_emulator/reset), so a test starts clean.
#>
function Reset-TestEmulator {
    param(
        [Parameter(Mandatory)] $Emulator,
        # Put back the integrations the emulator was seeded with, under their ids.
        [switch] $Seeded
    )
    $query = if ($Seeded) { '?seed=true' } else { '' }
    Invoke-RestMethod -Method Post -Uri "$($Emulator.Url)/_emulator/reset$query" -Headers @{ Authorization = $Emulator.ApiKey } | Out-Null
}

<#
.SYNOPSIS
    Ends every transition under way on an emulator now (POST /_emulator/settle), as its delay would. An emulator
    started with a long --transition-delay-ms keeps integrations creating, editing or deleting until then, so a test
    decides when they settle instead of racing a clock.
#>
function Complete-TestEmulatorTransition {
    param([Parameter(Mandatory)] $Emulator)
    (Invoke-RestMethod -Method Post -Uri "$($Emulator.Url)/_emulator/settle" -Headers @{ Authorization = $Emulator.ApiKey }).settled
}

<#
.SYNOPSIS
    In the background, waits until an emulator has answered at least -AtLeast requests on -Route, then settles its
    transitions (Complete-TestEmulatorTransition). Receive-Job -Wait gives Reached: whether the count was reached
    before the settling. The wait has a backstop (-PatienceSec): at its end the transitions are settled anyway, so
    a command waiting for them is never left hanging, and Reached says the count never came.
.DESCRIPTION
    Requests are counted from the history (GET /_emulator/history) once answered, not on arrival: a change counted has
    begun its transition, so the settling ends it.

    With -Stage, it settles once per stage, in order, each stage a hashtable @{ Route = ...; AtLeast = n } with a
    patience of its own, and gives one result per stage: also the requests that had arrived by then, by route
    (Arrived), and how many transitions it ended (Settled). Once a stage's count has not come, the later stages end
    transitions as they begin (and say so: Settled is then larger).
#>
function Start-TestEmulatorSettle {
    [CmdletBinding(DefaultParameterSetName = 'Route')]
    param(
        [Parameter(Mandatory)] $Emulator,
        [Parameter(Mandatory, ParameterSetName = 'Route')] [string] $Route,
        [Parameter(Mandatory, ParameterSetName = 'Route')] [int] $AtLeast,
        [Parameter(Mandatory, ParameterSetName = 'Stage')] [hashtable[]] $Stage,
        [int] $PatienceSec = 120
    )
    if ($PSCmdlet.ParameterSetName -eq 'Route') { $Stage = @(@{ Route = $Route; AtLeast = $AtLeast }) }
    Start-ThreadJob -ArgumentList $Emulator.Url, $Emulator.ApiKey, $Stage, $PatienceSec -ScriptBlock {
        param($Url, $ApiKey, $Stages, $PatienceSec)
        $headers = @{ Authorization = $ApiKey }
        function Complete-Transition { (Invoke-RestMethod -Method Post -Uri "$Url/_emulator/settle" -Headers $headers).settled }
        $releasing = $false
        foreach ($stage in $Stages) {
            $patience = [System.Diagnostics.Stopwatch]::StartNew()
            $arrived = @{}
            $count = $settled = 0
            try {
                while ($patience.Elapsed.TotalSeconds -lt $PatienceSec) {
                    $arrived = @{}
                    $count = 0
                    # Invoke-RestMethod writes the list as one object: assigned, it is the list itself.
                    $history = Invoke-RestMethod -Uri "$Url/_emulator/history" -Headers $headers
                    foreach ($request in $history) {
                        $arrived[$request.route] = 1 + $(if ($arrived.ContainsKey($request.route)) { $arrived[$request.route] } else { 0 })
                        if ($request.route -eq $stage.Route -and $request.PSObject.Properties['endedMs']) { $count++ }
                    }
                    if ($count -ge $stage.AtLeast) { break }
                    # After a stage whose count never came, transitions are ended as they begin, so a command that holds
                    # fewer at once than the stages expect ends in a few seconds instead of waiting out its timeouts.
                    if ($releasing) { $settled += Complete-Transition }
                    Start-Sleep -Milliseconds 20
                }
            }
            finally { $settled += Complete-Transition }
            if ($count -lt $stage.AtLeast) { $releasing = $true }
            [pscustomobject]@{ Route = $stage.Route; Reached = $count -ge $stage.AtLeast; Count = $count; Settled = $settled; Arrived = $arrived }
        }
    }
}

<#
.SYNOPSIS
    A port on loopback that refuses connections for as long as the returned socket is open: bound, never listening,
    so no other process can take it meanwhile (a port found free and closed again can be taken by anything).
    Dispose the socket when done.
#>
function New-TestRefusingPort {
    $socket = [System.Net.Sockets.Socket]::new([System.Net.Sockets.AddressFamily]::InterNetwork, [System.Net.Sockets.SocketType]::Stream, [System.Net.Sockets.ProtocolType]::Tcp)
    $socket.Bind([System.Net.IPEndPoint]::new([System.Net.IPAddress]::Loopback, 0))
    [pscustomobject]@{ Port = $socket.LocalEndPoint.Port; Socket = $socket }
}

<#
.SYNOPSIS
    Starts a script in a pipeline of its own, with the module imported and -Variables set, as a user's prompt runs a
    command, so that a test can stop it (Ctrl+C: .Shell.Stop()) or act while it runs. Its host (.Host) keeps the warning
    lines written to it directly, as a command stopped part way writes them; .Output fills with its output as it is
    written. End it with Stop-TestPipeline.
#>
function Start-TestPipeline {
    param([Parameter(Mandatory)] [string] $Script, [hashtable] $Variables = @{})
    if (-not ('ImmutaIntegrations.Tests.RecordingHost' -as [type])) { Add-Type -Path (Join-Path $script:Root 'tests/Shared/RecordingHost.cs') }
    $recorder = [ImmutaIntegrations.Tests.RecordingHost]::new()
    $runspace = [runspacefactory]::CreateRunspace($recorder)
    $runspace.Open()
    foreach ($name in $Variables.Keys) { $runspace.SessionStateProxy.SetVariable($name, $Variables[$name]) }
    $shell = [powershell]::Create()
    $shell.Runspace = $runspace
    # One script, not a batch of two statements: a stopped batch's work item reads $? from the runspace Stop-TestPipeline
    # has closed, and that exception ends the process.
    $null = $shell.AddScript("Import-Module '$(Get-TestPath Module)'`n$Script")
    $in, $out = [System.Management.Automation.PSDataCollection[psobject]]::new(), [System.Management.Automation.PSDataCollection[psobject]]::new()
    $in.Complete()
    [pscustomobject]@{ Shell = $shell; Runspace = $runspace; Host = $recorder; Output = $out; Pending = $shell.BeginInvoke($in, $out) }
}

function Stop-TestPipeline {
    param([Parameter(Mandatory)] $Pipeline)
    if ($Pipeline.Shell.InvocationStateInfo.State -eq 'Running') { $Pipeline.Shell.Stop() }
    $Pipeline.Shell.Dispose()
    $Pipeline.Runspace.Dispose()
}

<#
.SYNOPSIS
    A sample payload of the contract (tests/data/examples/create-<type>.json) as a hashtable to change and send.
#>
function Get-TestPayload {
    param([Parameter(Mandatory)] [ValidateSet('snowflake', 'databricks', 'redshift', 'synapse', 'bigquery', 's3', 'trino')] [string] $Type)
    Get-Content -LiteralPath (Get-TestExample $Type) -Raw | ConvertFrom-Json -AsHashtable
}

<#
.SYNOPSIS
    The path of a sample payload file of the contract, tests/data/examples/create-<type>.json, as New-ImmutaIntegration
    -Path and Test-ImmutaIntegration -Path take it.
#>
function Get-TestExample {
    param([Parameter(Mandatory)] [ValidateSet('snowflake', 'databricks', 'redshift', 'synapse', 'bigquery', 's3', 'trino')] [string] $Type)
    Join-Path (Get-TestPath Data) "examples/create-$($Type.ToLowerInvariant()).json"
}

<#
.SYNOPSIS
    A credential with this secret as its password (admin@acme.com unless -UserName): privileged credentials for a
    change, or a payload's user and secret.
#>
function New-TestCredential {
    param([Parameter(Mandatory)] [string] $Secret, [string] $UserName = 'admin@acme.com')
    [pscredential]::new($UserName, (ConvertTo-TestSecureString $Secret))
}

<#
.SYNOPSIS
    Runs a script block and returns its output and what the host showed meanwhile (WhatIf messages go to the host,
    not to a stream), as read from a transcript.
#>
function Invoke-TestTranscript {
    param([Parameter(Mandatory)] [scriptblock] $ScriptBlock)
    $file = Join-Path ([System.IO.Path]::GetTempPath()) ("pester-transcript-{0}.txt" -f [guid]::NewGuid().ToString('n'))
    Start-Transcript -LiteralPath $file -UseMinimalHeader | Out-Null
    try { $output = @(& $ScriptBlock) }
    finally { Stop-Transcript | Out-Null }
    try { [pscustomobject]@{ Output = $output; Text = Get-Content -LiteralPath $file -Raw } }
    finally { Remove-Item -LiteralPath $file -ErrorAction SilentlyContinue }
}

<#
.SYNOPSIS
    The plain text of a SecureString (an API key the module returned), to compare.
#>
function ConvertFrom-TestSecureString([securestring] $Value) { [System.Net.NetworkCredential]::new('', $Value).Password }

<#
.SYNOPSIS
    The sample Snowflake payload (Get-TestPayload) on a host of its own, <Name>.us-east-1.snowflakecomputing.com, so that
    several can exist at once; a -Warehouse beginning with 'fail-' makes the emulator fail its creation.
#>
function New-TestSnowflakePayload {
    param([Parameter(Mandatory)] [string] $Name, [string] $Warehouse = 'SAMPLE_WAREHOUSE')
    $payload = Get-TestPayload snowflake
    $payload.config.host = "$Name.us-east-1.snowflakecomputing.com"
    $payload.config.warehouse = $Warehouse
    $payload
}

<#
.SYNOPSIS
    Waits until -Condition is true: for what the emulator or a command under test will do, never for a time. The two
    minutes are only a backstop for a state that never comes (the error says which, from -Because).
#>
function Wait-TestState {
    param([Parameter(Mandatory)] [scriptblock] $Condition, [string] $Because = 'the state waited for')
    $patience = [System.Diagnostics.Stopwatch]::StartNew()
    while (-not (& $Condition)) {
        if ($patience.Elapsed.TotalMinutes -ge 2) { throw "Never came: $Because." }
        Start-Sleep -Milliseconds 20
    }
}

<#
.SYNOPSIS
    The ids of the integrations whose wait has had its first look (GET /integrations/{id}), in order: a client sends it
    only once it has read the answer to its change.
#>
function Get-EmulatorFirstLook {
    param([Parameter(Mandatory)] $Emulator)
    @(Get-EmulatorHistory $Emulator | Where-Object route -EQ 'GET /integrations/{id}' | ForEach-Object { ($_.path -split '/')[2] } | Select-Object -Unique)
}

<#
.SYNOPSIS
    How many requests that change integrations (POST, PUT and DELETE on /integrations...) the emulator has counted.
#>
function Get-EmulatorChangeCount {
    param([Parameter(Mandatory)] $Emulator)
    $sum = 0
    foreach ($count in (Get-EmulatorRequests $Emulator).PSObject.Properties) {
        if ($count.Name -match '^(POST|PUT|DELETE) /integrations') { $sum += [int]$count.Value }
    }
    $sum
}

<#
.SYNOPSIS
    The environment of a job's step run in a fresh pwsh (Invoke-FreshPwsh, Invoke-CheckPwsh): the module found by name,
    as if installed, and with -Tenant the tenant's address and key in IMMUTA_URL and IMMUTA_API_KEY; -Variables adds
    more (or, set to $null, removes them).
#>
function Get-TestJobEnvironment {
    param($Tenant, [hashtable] $Variables = @{})
    $environment = @{ PSModulePath = (Split-Path (Get-TestPath Module)) + [System.IO.Path]::PathSeparator + $env:PSModulePath }
    if ($Tenant) { $environment.IMMUTA_URL = $Tenant.Url; $environment.IMMUTA_API_KEY = $Tenant.ApiKey }
    foreach ($name in $Variables.Keys) { $environment[$name] = $Variables[$name] }
    $environment
}

<#
.SYNOPSIS
    The YAML of a Databricks payload (token authentication, catalog immuta), as tests that sync many integrations write
    them: a file's text, or with -ListItem an item of a seed file's list.
#>
function Get-TestDatabricksYaml {
    param(
        [Parameter(Mandatory)] [string] $WorkspaceUrl,
        [Parameter(Mandatory)] [string] $HttpPath,
        [string] $Token = '${env:DATABRICKS_TOKEN}',
        [switch] $ListItem
    )
    $lines = @('type: Databricks', 'autoBootstrap: true', 'config:') +
        @("workspaceUrl: $WorkspaceUrl", "httpPath: $HttpPath", 'authenticationType: token', "token: $Token", 'catalog: immuta' | ForEach-Object { "  $_" })
    if ($ListItem) { $lines = @("- $($lines[0])") + @($lines | Select-Object -Skip 1 | ForEach-Object { "  $_" }) }
    $lines -join "`n"
}

Export-ModuleMember -Function New-TestSqliteConnection, Invoke-TestSql, Get-EmulatorRequests, Get-EmulatorRequestCount, Get-EmulatorHistory, Get-EmulatorWrite,
    Read-TestYamlFile, Read-ExamplePipeline, Invoke-AgentStep,
    Reset-TestEmulator, Get-TestPayload, Get-TestExample, New-TestCredential, Invoke-TestTranscript, Get-TestPath, ConvertTo-TestSecureString,
    Invoke-FreshPwsh, Complete-TestEmulatorTransition, Start-TestEmulatorSettle, New-TestRefusingPort, Start-TestPipeline,
    Stop-TestPipeline, ConvertFrom-TestSecureString, New-TestSnowflakePayload,
    Wait-TestState, Get-EmulatorFirstLook, Get-EmulatorChangeCount, Get-TestJobEnvironment, Get-TestDatabricksYaml
