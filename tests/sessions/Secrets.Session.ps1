<#
.SYNOPSIS
    A whole session with every command of the module, written the way a user writes one, that proves no
    secret ever shows: not in any stream, not in any error, not in any file the session writes, not in the
    transcript.

.DESCRIPTION
    Starts the emulator on loopback with a random API key, connects (the raw key, then a bearer token), and
    runs every exported command with -Verbose -Debug, every stream shown, under Start-Transcript: payloads
    built from SecureString parameters and read from files (secrets plain in the file and as ${env:NAME}
    references), every workflow with -WhatIf and for real, and failing calls (an unknown id, an invalid
    payload, a malformed file, a payload the emulator rejects, one whose creation fails later).

    Everything each step produced is kept: the records of every stream (*>&1), each one as shown, as
    Format-List * -Force and as JSON (ConvertTo-Json -Depth 10), error records with their exceptions, inner
    exceptions and Get-Error; then $Error, the files the session wrote, and the transcript. Each of those
    texts is searched for every secret of the session (and the API key in base64). A leak is reported by the
    secret's name and where it was found, with the text around it; no secret is ever printed.

    The last line is "Secrets session: N commands run, M texts searched, K secrets, L leaks". Exits 0 when
    there is no leak, every exported command ran, and every step failed or succeeded as it should; 1 otherwise.

    -SelfTest plants the API key in the debug stream of one extra step: the session then passes only if the
    search reports the API key exactly there (in that step, and in the transcript that showed it), and every
    command ran as it should. Other leaks are still reported, but are not what -SelfTest is about.
#>
[CmdletBinding()]
param(
    [string] $ModulePath = "$PSScriptRoot/../../out/ImmutaIntegrations",
    [string] $EmulatorPath = "$PSScriptRoot/../../out/ImmutaEmulator/ImmutaEmulator.dll",
    [string] $TranscriptPath = (Join-Path ([System.IO.Path]::GetTempPath()) ("secrets-session-{0}.txt" -f [guid]::NewGuid().ToString('n'))),
    [string] $ResultPath,
    [switch] $SelfTest
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Continue'
$root = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
$clock = [System.Diagnostics.Stopwatch]::StartNew()
$keepTranscript = $PSBoundParameters.ContainsKey('TranscriptPath')

Import-Module (Join-Path $root 'build/BuildTools.psm1') -Force
Import-Module $ModulePath -Force
$exported = @((Get-Module ImmutaIntegrations).ExportedCommands.Keys | Sort-Object)

# ---------------------------------------------------------------------------------------------------------
# The session's secrets: every value that must never show. Each is random, so that finding one anywhere can
# only mean it leaked from where it was given. A random secret is also searched by its first 16 random
# characters, which is what shows of it when a table or a message cuts it short.

$secrets = [ordered]@{}
$fragments = @{}
function Add-Secret {
    param([Parameter(Mandatory)] [string] $Name, [Parameter(Mandatory)] [AllowEmptyString()] [string] $Value, [int] $RandomFrom = -1)
    if ($Value.Length -lt 8) { $problems.Add("The secret '$Name' is too short to search for ($($Value.Length) characters)."); return }
    $secrets[$Name] = $Value
    if ($RandomFrom -ge 0 -and $Value.Length -ge $RandomFrom + 24) { $fragments[$Name] = $Value.Substring($RandomFrom, 16) }
}
function New-Secret {
    param([Parameter(Mandatory)] [string] $Name, [string] $Prefix = 's')
    $value = $Prefix + [guid]::NewGuid().ToString('n')
    Add-Secret $Name $value -RandomFrom $Prefix.Length
    $value
}
function ConvertTo-SecretString([string] $Text) { ConvertTo-SecureString $Text -AsPlainText -Force }

# Replaces every secret in a text by its name, for anything this script prints about what it found.
function Hide-Secret {
    param([AllowEmptyString()] [string] $Text)
    foreach ($secret in $secrets.GetEnumerator()) {
        $Text = [regex]::Replace($Text, [regex]::Escape($secret.Value), "<secret: $($secret.Key)>", 'IgnoreCase')
    }
    foreach ($fragment in $fragments.GetEnumerator()) {
        $Text = [regex]::Replace($Text, [regex]::Escape($fragment.Value), "<part of secret: $($fragment.Key)>", 'IgnoreCase')
    }
    $Text
}

$problems = [System.Collections.Generic.List[string]]::new()
$apiKey = New-Secret 'Immuta API key' -Prefix 'session-key-'
$secrets['Immuta API key (base64)'] = [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes($apiKey)).TrimEnd('=')

# Seeded integrations carry secrets too (tests/data/integrations.yaml): none may come back.
$seedPath = Join-Path $root 'tests/data/integrations.yaml'
foreach ($line in Get-Content -LiteralPath $seedPath) {
    if ($line -match '^\s+(password|token|credential|awsSecretAccessKey|secretKey|privateKey):\s*(\S+)\s*$') {
        Add-Secret "seeded $($Matches[1]) ($($Matches[2] -replace '-secret$' -replace '^pester-'))" $Matches[2]
    }
}

# ---------------------------------------------------------------------------------------------------------
# The steps. Each runs with every stream shown and merged into the output (*>&1); what it produced is shown
# on the host (so the transcript has it, as a user would see it) and kept for the search. A step names the
# error ids it must end in, if any; any other error is a problem of the session.

$steps = [System.Collections.Generic.List[object]]::new()
$written = [System.Collections.Generic.List[string]]::new()
$commandsRun = [System.Collections.Generic.HashSet[string]]::new([StringComparer]::OrdinalIgnoreCase)
$streamTypes = @([System.Management.Automation.ErrorRecord], [System.Management.Automation.WarningRecord], [System.Management.Automation.VerboseRecord],
    [System.Management.Automation.DebugRecord], [System.Management.Automation.InformationRecord])

function Test-StreamRecord($Record) { foreach ($type in $streamTypes) { if ($Record -is $type) { return $true } }; $false }

function Step {
    param(
        [Parameter(Mandatory, Position = 0)] [string] $Label,
        [Parameter(Mandatory, Position = 1)] [scriptblock] $ScriptBlock,
        # Error ids (the start of FullyQualifiedErrorId) the step must end in.
        [string[]] $ExpectError = @(),
        # The output is a secret the user asked for (Reset-ImmutaIntegrationApiKey -AsPlainText): it is returned,
        # neither shown nor searched; the step's other streams are.
        [switch] $SecretOutput
    )
    $records = [System.Collections.Generic.List[object]]::new()
    Write-Host "`n==> $Label" -ForegroundColor Cyan
    try {
        & $ScriptBlock *>&1 | ForEach-Object { $records.Add($_) }
    }
    catch {
        $records.Add($_)
    }
    $kept = @(if ($SecretOutput) { $records | Where-Object { Test-StreamRecord $_ } } else { $records })
    $kept | Out-Host
    $steps.Add([pscustomobject]@{ Label = $Label; Records = $kept })

    $errors = @($records | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
    foreach ($id in $ExpectError) {
        if (-not ($errors | Where-Object { $_.FullyQualifiedErrorId -like "$id*" })) {
            $problems.Add("$Label`: expected an error $id, got $(if ($errors) { ($errors | ForEach-Object { $_.FullyQualifiedErrorId }) -join ', ' } else { 'none' }).")
        }
    }
    foreach ($errorRecord in $errors) {
        if (-not ($ExpectError | Where-Object { $errorRecord.FullyQualifiedErrorId -like "$_*" })) {
            $problems.Add((Hide-Secret "$Label`: unexpected error $($errorRecord.FullyQualifiedErrorId): $($errorRecord.Exception.Message)"))
        }
    }
    $records | Where-Object { -not (Test-StreamRecord $_) }
}

# The same objects a user would look at, as text: shown, every property, JSON.
$reflectionTypes = @([type], [System.Reflection.MemberInfo], [System.Reflection.Assembly], [System.Reflection.Module],
    [System.Management.Automation.CommandInfo], [System.Management.Automation.PSModuleInfo], [scriptblock],
    [System.Management.Automation.SessionState], [System.Management.Automation.EngineIntrinsics], [System.Management.Automation.Host.PSHost])

# ConvertTo-Json -Depth 10 walks records' InvocationInfo.MyCommand and exceptions' TargetSite into the whole
# type system; this copy stops at reflection objects (kept as their names) and keeps everything else, depth 10.
function ConvertTo-JsonSafeValue {
    param($Value, [int] $Depth = 0)
    if ($null -eq $Value) { return $null }
    if ($Value -is [string] -or $Value -is [ValueType] -or $Value -is [uri] -or $Value -is [version] -or $Value -is [securestring]) { return $Value }
    foreach ($type in $reflectionTypes) { if ($Value -is $type) { return "$Value" } }
    if ($Depth -ge 10) { return "$Value" }
    if ($Value -is [System.Collections.IDictionary]) {
        $map = [ordered]@{}
        foreach ($key in @($Value.Keys)) { $map["$key"] = ConvertTo-JsonSafeValue $Value[$key] ($Depth + 1) }
        return $map
    }
    if ($Value -is [System.Collections.IEnumerable]) {
        return , @(foreach ($item in $Value) { ConvertTo-JsonSafeValue $item ($Depth + 1) })
    }
    $map = [ordered]@{}
    foreach ($property in $Value.PSObject.Properties) {
        $item = try { $property.Value } catch { "(cannot read: $($_.Exception.Message))" }
        $map[$property.Name] = ConvertTo-JsonSafeValue $item ($Depth + 1)
    }
    $map
}

function ConvertTo-SessionJson($Value) {
    $plain = $Value -is [System.Management.Automation.PSCustomObject] -or $Value -is [System.Collections.IDictionary] -or
        ($Value.GetType().Namespace -like 'ImmutaIntegrations*' -and $Value -isnot [System.Exception])
    if ($plain) { ConvertTo-Json -InputObject $Value -Depth 10 -WarningAction SilentlyContinue }
    else { ConvertTo-Json -InputObject (ConvertTo-JsonSafeValue $Value) -Depth 12 -WarningAction SilentlyContinue }
}

function Get-RecordText {
    # One object as texts to search: @{ View = text }.
    param($Record)
    $views = [ordered]@{
        'Format-List' = $Record | Format-List -Property * -Force | Out-String -Width 4096
        'JSON'        = ConvertTo-SessionJson $Record
    }
    if ($Record -is [System.Management.Automation.ErrorRecord]) {
        $views['Get-Error'] = $Record | Get-Error | Out-String -Width 4096
        $views['Format-List of InvocationInfo'] = $Record.InvocationInfo | Format-List -Property * | Out-String -Width 4096
        if ($null -ne $Record.TargetObject) { $views['Format-List of TargetObject'] = $Record.TargetObject | Format-List -Property * -Force | Out-String -Width 4096 }
        if ($null -ne $Record.ErrorDetails) { $views['Format-List of ErrorDetails'] = $Record.ErrorDetails | Format-List -Property * -Force | Out-String -Width 4096 }
        $exception = $Record.Exception
        $level = 0
        while ($null -ne $exception) {
            $views["Format-List of Exception ($level)"] = $exception | Format-List -Property * -Force | Out-String -Width 4096
            $views["ToString of Exception ($level)"] = $exception.ToString()
            $exception = $exception.InnerException
            $level++
        }
    }
    $views
}

# ---------------------------------------------------------------------------------------------------------
# What the search looks for and how it reports. Kept on its own so that -SelfTest can show it fails.

function Find-Leak {
    <#
    .SYNOPSIS
        Every secret found in the texts: one finding per secret and place, with the views it was found in and
        the text around the first occurrence (every secret in it replaced by its name). Where a secret is not
        found whole, its fragment (a part that shows when the secret is cut short) is looked for; such a view
        is marked "(a part)".
    #>
    param(
        [Parameter(Mandatory)] [AllowEmptyCollection()] [object[]] $Texts,
        [Parameter(Mandatory)] [System.Collections.IDictionary] $Secrets,
        [System.Collections.IDictionary] $Fragments = @{}
    )
    foreach ($secret in $Secrets.GetEnumerator()) {
        $places = [ordered]@{}
        foreach ($text in $Texts) {
            if ([string]::IsNullOrEmpty($text.Text)) { continue }
            $found = $secret.Value
            $view = $text.View
            $at = $text.Text.IndexOf($found, [StringComparison]::OrdinalIgnoreCase)
            if ($at -lt 0 -and $Fragments.Contains($secret.Key)) {
                $found = $Fragments[$secret.Key]
                $view = "$view (a part)"
                $at = $text.Text.IndexOf($found, [StringComparison]::OrdinalIgnoreCase)
            }
            if ($at -lt 0) { continue }
            if (-not $places.Contains($text.Place)) {
                $start = [Math]::Max(0, $at - 120)
                $end = [Math]::Min($text.Text.Length, $at + $found.Length + 120)
                $places[$text.Place] = [pscustomobject]@{
                    Secret  = $secret.Key
                    Place   = $text.Place
                    Views   = [System.Collections.Generic.List[string]]::new()
                    Context = Hide-Secret ($text.Text.Substring($start, $end - $start))
                }
            }
            $places[$text.Place].Views.Add($view)
        }
        $places.Values
    }
}

# ---------------------------------------------------------------------------------------------------------
# The session.

$work = Join-Path ([System.IO.Path]::GetTempPath()) ("secrets-session-{0}" -f [guid]::NewGuid().ToString('n'))
New-Item -ItemType Directory -Path $work | Out-Null
$emulator = $null
$absentProxy = $null
$texts = [System.Collections.Generic.List[object]]::new()
$transcribing = $false

$Error.Clear()
$VerbosePreference = 'Continue'
$DebugPreference = 'Continue'
$InformationPreference = 'Continue'
$WarningPreference = 'Continue'
# -Debug makes a compiled cmdlet ask before each warning; -WarningAction Continue shows them instead, as
# $WarningPreference does for everything else.
$shown = @{ Verbose = $true; Debug = $true; WarningAction = 'Continue' }
$wait = @{ Wait = $true; Timeout = 10; PollInterval = 0.1 }

# Which exported commands the session really ran: every command PowerShell looks up to invoke.
$ExecutionContext.InvokeCommand.PostCommandLookupAction = {
    param($name, $lookup)
    if ($lookup.Command -and $lookup.Command.ModuleName -eq 'ImmutaIntegrations') { [void]$commandsRun.Add($lookup.Command.Name) }
}.GetNewClosure()

try {
    Start-Transcript -LiteralPath $TranscriptPath -IncludeInvocationHeader | Out-Null
    $transcribing = $true

    $emulator = Start-EmulatorProcess -EmulatorPath $EmulatorPath -ApiKey $apiKey -SeedPath $seedPath -ArgumentList '--transition-delay-ms', '0'
    $url = $emulator.Url
    Write-Host "Emulator on $url (process $($emulator.ProcessId))"

    # -- the secrets of the payloads, in the environment for ${env:NAME} references ----------------------
    $env:SESSION_SNOWFLAKE_PASSWORD = New-Secret 'Snowflake password (env reference)'
    $env:SESSION_SYNAPSE_PASSWORD = New-Secret 'Synapse password (env reference)'
    $env:SESSION_S3_SECRET = New-Secret 'S3 secret access key (env reference)'
    $env:SESSION_OAUTH_PRIVATE_KEY = New-Secret 'Snowflake OAuth private key (env reference)'
    $env:SESSION_DATABRICKS_CLIENT_SECRET = New-Secret 'Databricks OAuth client secret (env reference)'
    Remove-Item Env:SESSION_NOT_SET -ErrorAction SilentlyContinue

    $plainSnowflake = New-Secret 'Snowflake password (plain in file)'
    $plainDatabricks = New-Secret 'Databricks token (plain in file)'
    $plainRedshift = New-Secret 'Redshift password (plain in file)'
    $bigQueryKey = New-Secret 'BigQuery private key (plain in file)' -Prefix 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASC'
    $invalidPassword = New-Secret 'password in an invalid payload'
    $malformedYamlPassword = New-Secret 'password in a malformed YAML file'
    $malformedJsonPassword = New-Secret 'password in a malformed JSON file'
    $rejectedPassword = New-Secret 'password in a rejected payload'
    $failingPassword = New-Secret 'password in a payload whose creation fails'
    $scriptPassword = New-Secret 'password in a SQL script file'
    $failingManualPassword = New-Secret 'password in a manual payload whose creation fails'

    function Write-SessionFile([string] $Name, [string] $Text) {
        $path = Join-Path $work $Name
        Set-Content -LiteralPath $path -Value $Text -Encoding utf8NoBOM
        $path
    }

    $files = @{
        SnowflakeEnv    = Write-SessionFile 'snowflake-env.yaml' @'
type: Snowflake
autoBootstrap: true
config:
  host: session-env.us-east-1.snowflakecomputing.com
  warehouse: SESSION_WH
  database: IMMUTA
  role: ACCOUNTADMIN
  authenticationType: userPassword
  username: bootstrap@session.example
  password: ${env:SESSION_SNOWFLAKE_PASSWORD}
'@
        SnowflakeManual = Write-SessionFile 'snowflake-manual.yaml' @"
type: Snowflake
autoBootstrap: false
config:
  host: session-manual.us-east-1.snowflakecomputing.com
  warehouse: SESSION_WH
  database: IMMUTA_MANUAL
  authenticationType: userPassword
  username: immuta_system
  password: $plainSnowflake
"@
        DatabricksPlain = Write-SessionFile 'databricks-plain.json' @"
{
  "type": "Databricks",
  "autoBootstrap": true,
  "config": {
    "workspaceUrl": "session.cloud.databricks.com",
    "httpPath": "sql/protocolv1/o/0/0101-session",
    "authenticationType": "token",
    "token": "$plainDatabricks",
    "catalog": "immuta_session"
  }
}
"@
        RedshiftPlain   = Write-SessionFile 'redshift-plain.yaml' @"
type: Redshift
autoBootstrap: true
config:
  host: session.abc123.us-east-1.redshift.amazonaws.com
  database: immuta
  initialDatabase: dev
  authenticationType: userPassword
  username: awsuser
  password: "$plainRedshift"
"@
        SynapseManual   = Write-SessionFile 'synapse-manual.yaml' @'
type: Azure Synapse Analytics
autoBootstrap: false
config:
  host: session.sql.azuresynapse.net
  database: analytics
  schema: immuta
  authenticationType: userPassword
  username: immuta_system
  password: ${env:SESSION_SYNAPSE_PASSWORD}
'@
        BigQueryPlain   = Write-SessionFile 'bigquery-plain.yaml' @"
type: Google BigQuery
autoBootstrap: false
config:
  role: immuta_role
  datasetSuffix: _secure
  dataset: immuta_session
  location: us-east1
  credential: |
    {"type": "service_account", "project_id": "session-project", "private_key_id": "0123456789abcdef",
     "private_key": "-----BEGIN PRIVATE KEY-----\n$bigQueryKey\n-----END PRIVATE KEY-----\n",
     "client_email": "immuta@session-project.iam.gserviceaccount.com"}
"@
        S3Env           = Write-SessionFile 's3-env.yaml' @'
type: Native S3
autoBootstrap: false
config:
  name: session-lake
  awsAccountId: "210987654321"
  awsRegion: us-east-1
  awsLocationRole: arn:aws:iam::210987654321:role/session-grants
  awsLocationPath: s3://session-lake/
  authenticationType: accessKey
  awsAccessKeyId: AKIASESSIONEXAMPLE
  awsSecretAccessKey: ${env:SESSION_S3_SECRET}
'@
        Trino           = Write-SessionFile 'trino.yaml' 'type: Trino'
        Invalid         = Write-SessionFile 'invalid.yaml' @"
type: Snowflake
autoBootstrap: true
config:
  host: session-invalid.us-east-1.snowflakecomputing.com
  port: not-a-port
  database: IMMUTA
  authenticationType: userPassword
  username: admin
  password: $invalidPassword
  colour: blue
"@
        MalformedYaml   = Write-SessionFile 'malformed.yaml' @"
type: Snowflake
config:
  host: session-malformed.us-east-1.snowflakecomputing.com
  password: "$malformedYamlPassword
  username: admin
"@
        MalformedJson   = Write-SessionFile 'malformed.json' @"
{ "type": "Snowflake", "config": { "host": "session-malformed.us-east-1.snowflakecomputing.com", "password": "$malformedJsonPassword" "username": "admin" } }
"@
        Rejected        = Write-SessionFile 'rejected.yaml' @"
type: Snowflake
autoBootstrap: true
config:
  host: session-rejected.us-east-1.snowflakecomputing.com
  warehouse: reject-warehouse
  database: IMMUTA
  authenticationType: userPassword
  username: admin
  password: $rejectedPassword
"@
        Failing         = Write-SessionFile 'failing.yaml' @"
type: Snowflake
autoBootstrap: true
config:
  host: session-failing.us-east-1.snowflakecomputing.com
  warehouse: fail-warehouse
  database: IMMUTA
  authenticationType: userPassword
  username: admin
  password: $failingPassword
"@
        FailingManual   = Write-SessionFile 'failing-manual.yaml' @"
type: Snowflake
autoBootstrap: false
config:
  host: session-failing-manual.us-east-1.snowflakecomputing.com
  warehouse: fail-warehouse
  database: IMMUTA_FAILING
  authenticationType: userPassword
  username: immuta_system
  password: $failingManualPassword
"@
        MissingEnv      = Write-SessionFile 'missing-env.yaml' @'
type: Snowflake
autoBootstrap: true
config:
  host: session-missing.us-east-1.snowflakecomputing.com
  warehouse: WH
  database: IMMUTA
  authenticationType: userPassword
  username: admin
  password: ${env:SESSION_NOT_SET}
'@
        ScriptWithPassword = Write-SessionFile 'create-user.sql' @"
CREATE USER session_system PASSWORD = '$scriptPassword' DEFAULT_ROLE = PUBLIC;
GRANT ROLE IMMUTA_SYSTEM TO USER session_system;
"@
    }

    # -- secrets kept in files: a service-account key beside the payloads (${file:PATH}, relative to the payload's folder),
    # and a token in a file whose path a variable gives (${file:${env:NAME}}), as a pipeline's secure file is ---------------
    $fileKey = New-Secret 'BigQuery private key (file reference)' -Prefix 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASC'
    $fileToken = New-Secret 'Databricks token (file reference)' -Prefix 'dapi'
    New-Item -ItemType Directory -Path (Join-Path $work 'keys') | Out-Null
    Write-SessionFile 'keys/session-bq-key.json' @"
{
  "type": "service_account",
  "project_id": "session-project",
  "private_key": "-----BEGIN PRIVATE KEY-----\n$fileKey\n-----END PRIVATE KEY-----\n",
  "client_email": "immuta@session-project.iam.gserviceaccount.com"
}
"@ | Out-Null
    $env:SESSION_TOKEN_PATH = Write-SessionFile 'keys/databricks-token.txt' $fileToken
    $files.BigQueryFile = Write-SessionFile 'bigquery-file.yaml' @'
type: Google BigQuery
autoBootstrap: false
config:
  role: immuta_role
  datasetSuffix: _secure
  dataset: immuta_session_file
  location: us-east1
  credential: ${file:keys/session-bq-key.json}
'@
    $files.DatabricksFile = Write-SessionFile 'databricks-file.yaml' @'
type: Databricks
autoBootstrap: true
config:
  workspaceUrl: session-file.cloud.databricks.com
  httpPath: sql/protocolv1/o/0/0101-session-file
  authenticationType: token
  token: ${file:${env:SESSION_TOKEN_PATH}}
  catalog: immuta_session_file
'@
    $files.MissingFile = Write-SessionFile 'missing-file.yaml' ((Get-Content -Raw -LiteralPath $files.BigQueryFile) -replace 'session-bq-key', 'not-there' -replace 'immuta_session_file', 'immuta_session_missing')

    # -- connecting --------------------------------------------------------------------------------------
    $apiKeySecure = ConvertTo-SecretString $apiKey
    $wrongKey = New-Secret 'wrong Immuta API key'
    $proxyPassword = New-Secret 'proxy password'

    Step 'Connect-Immuta with a wrong API key' {
        Connect-Immuta -Url $url -ApiKey (ConvertTo-SecretString $wrongKey) -MaxRetries 0 @shown
    } -ExpectError AuthenticationFailed | Out-Null

    # A proxy that is not there: a loopback port the session holds without listening, so connections to it are
    # refused and nothing else on the machine can take it (a fixed port number may have a listener).
    $absentProxy = [System.Net.Sockets.Socket]::new([System.Net.Sockets.AddressFamily]::InterNetwork, [System.Net.Sockets.SocketType]::Stream, [System.Net.Sockets.ProtocolType]::Tcp)
    $absentProxy.Bind([System.Net.IPEndPoint]::new([System.Net.IPAddress]::Loopback, 0))
    $absentProxyUrl = 'http://127.0.0.1:{0}' -f $absentProxy.LocalEndPoint.Port
    Step 'Connect-Immuta through a proxy that is not there, with proxy credentials' {
        Connect-Immuta -Url 'https://tenant.session.invalid' -ApiKey $apiKeySecure -Proxy $absentProxyUrl `
            -ProxyCredential ([pscredential]::new('proxy-user', (ConvertTo-SecretString $proxyPassword))) -MaxRetries 0 -TimeoutSec 5 @shown
    } -ExpectError ConnectionFailed | Out-Null

    $keyConnection = Step 'Connect-Immuta with the API key as a credential' {
        Connect-Immuta -Url $url -Credential ([pscredential]::new('unused', $apiKeySecure)) @shown
    }
    $bearer = Step 'Connect-Immuta -AuthMode Bearer' {
        Connect-Immuta -Url $url -ApiKey $apiKeySecure -AuthMode Bearer -TimeoutSec 10 @shown
    }

    # The token the emulator issued for this connection. The module keeps it to itself (the emulator only
    # hands it out, and no route lists it), so it is read from the connection's client's token cache by reflection.
    $flags = [System.Reflection.BindingFlags]'NonPublic, Instance'
    $clientField = $bearer.GetType().GetField('_client', $flags)
    $client = if ($clientField) { $clientField.GetValue($bearer) }
    $cacheField = if ($client) { $client.GetType().GetField('_tokens', $flags) }
    $cache = if ($cacheField) { $cacheField.GetValue($client) }
    $tokenField = if ($cache) { $cache.GetType().GetField('_token', $flags) }
    $token = if ($tokenField) { $tokenField.GetValue($cache) }
    if ($token -is [string] -and $token.Length -ge 16) { Add-Secret 'bearer token' $token -RandomFrom 0 }
    else { $problems.Add('The bearer token could not be read from the connection: it is not searched for.') }

    Step 'Get-ImmutaConnection' { Get-ImmutaConnection @shown } | Out-Null

    # -- payloads, offline -------------------------------------------------------------------------------
    $payloads = [ordered]@{}
    $payloads.Snowflake = Step 'New-ImmutaIntegrationPayload Snowflake with -Password (SecureString)' {
        New-ImmutaIntegrationPayload -Type Snowflake -AutoBootstrap -Host session-built.us-east-1.snowflakecomputing.com -Warehouse WH -Database IMMUTA_BUILT `
            -Role ACCOUNTADMIN -AuthenticationType userPassword -Username admin -Password (ConvertTo-SecretString (New-Secret 'Snowflake password (SecureString)')) @shown
    }
    $payloads.SnowflakeKeyPair = Step 'New-ImmutaIntegrationPayload Snowflake key pair with -PrivateKey and -PrivateKeyPassword' {
        $pem = "-----BEGIN PRIVATE KEY-----`n$(New-Secret 'Snowflake private key (SecureString)')`n-----END PRIVATE KEY-----"
        New-ImmutaIntegrationPayload -Type Snowflake -AutoBootstrap -Host session-keypair.us-east-1.snowflakecomputing.com -Warehouse WH -Database IMMUTA_KEYPAIR `
            -AuthenticationType keyPair -Username admin -PrivateKey (ConvertTo-SecretString $pem) `
            -PrivateKeyPassword (ConvertTo-SecretString (New-Secret 'Snowflake private key passphrase (SecureString)')) @shown
    }
    $payloads.SnowflakeOAuth = Step 'New-ImmutaIntegrationPayload Snowflake OAuth with -Credential and an env reference' {
        New-ImmutaIntegrationPayload -Type Snowflake -AutoBootstrap -Host session-oauth.us-east-1.snowflakecomputing.com -Warehouse WH -Database IMMUTA_OAUTH `
            -AuthenticationType oAuthClientCredentials `
            -Config @{ oAuthClientConfig = @{ provider = 'Okta'; authorityUrl = 'https://session.okta.example/token'; scope = 'session:all'; useCertificate = $false; oauthPrivateKey = '${env:SESSION_OAUTH_PRIVATE_KEY}' } } `
            -Credential ([pscredential]::new('session-client-id', (ConvertTo-SecretString (New-Secret 'Snowflake OAuth client secret (credential)')))) @shown
    }
    $payloads.Databricks = Step 'New-ImmutaIntegrationPayload Databricks with -Token (SecureString)' {
        New-ImmutaIntegrationPayload -Type Databricks -AutoBootstrap -WorkspaceUrl session-built.cloud.databricks.com -HttpPath sql/protocolv1/o/0/1 -Catalog immuta_built `
            -AuthenticationType token -Token (ConvertTo-SecretString (New-Secret 'Databricks token (SecureString)')) @shown
    }
    $payloads.DatabricksOAuth = Step 'New-ImmutaIntegrationPayload Databricks OAuth M2M with an env reference' {
        New-ImmutaIntegrationPayload -Type Databricks -AutoBootstrap -WorkspaceUrl session-oauth.cloud.databricks.com -HttpPath sql/protocolv1/o/0/2 -Catalog immuta_oauth `
            -AuthenticationType oAuthM2M -Config @{ oAuthClientConfig = @{ clientId = 'session-app'; clientSecret = '${env:SESSION_DATABRICKS_CLIENT_SECRET}'; authorityUrl = 'https://login.session.example/token'; scope = 'all-apis' } } @shown
    }
    $payloads.Redshift = Step 'New-ImmutaIntegrationPayload Redshift access key with -SecretKey and -SessionToken' {
        New-ImmutaIntegrationPayload -Type Redshift -AutoBootstrap -Host session-built.redshift.amazonaws.com -Database immuta_built -InitialDatabase dev `
            -AuthenticationType accessKey -DatabaseUser immuta -AccessKeyId AKIASESSION `
            -SecretKey (ConvertTo-SecretString (New-Secret 'Redshift secret key (SecureString)')) -SessionToken (ConvertTo-SecretString (New-Secret 'Redshift session token (SecureString)')) @shown
    }
    $payloads.Synapse = Step 'New-ImmutaIntegrationPayload Synapse with -Credential' {
        New-ImmutaIntegrationPayload -Type Synapse -AutoBootstrap -Host session-built.sql.azuresynapse.net -Database analytics_built -Schema immuta `
            -Credential ([pscredential]::new('synapse_admin', (ConvertTo-SecretString (New-Secret 'Synapse password (credential)')))) @shown
    }
    $payloads.SynapseManual = Step 'New-ImmutaIntegrationPayload Synapse for a manual setup with -Password (SecureString)' {
        New-ImmutaIntegrationPayload -Type Synapse -Host session-manual-built.sql.azuresynapse.net -Database analytics_manual -Schema immuta `
            -AuthenticationType userPassword -Username immuta_system -Password (ConvertTo-SecretString (New-Secret 'Synapse password (SecureString)')) @shown
    }
    $payloads.BigQuery = Step 'New-ImmutaIntegrationPayload BigQuery with -Credential' {
        New-ImmutaIntegrationPayload -Type BigQuery -Role immuta_role -DatasetSuffix _secure -Dataset immuta_built -Location us-east1 `
            -Credential ([pscredential]::new('unused', (ConvertTo-SecretString (New-Secret 'BigQuery service account key (credential)')))) @shown
    }
    $payloads.S3 = Step 'New-ImmutaIntegrationPayload S3 with -AwsSecretAccessKey (SecureString)' {
        New-ImmutaIntegrationPayload -Type S3 -Name session-built -AwsAccountId 123456789012 -AwsRegion us-east-1 -AwsLocationRole arn:aws:iam::123456789012:role/built `
            -AwsLocationPath s3://session-built/ -AuthenticationType accessKey -AwsAccessKeyId AKIABUILT `
            -AwsSecretAccessKey (ConvertTo-SecretString (New-Secret 'S3 secret access key (SecureString)')) @shown
    }
    $payloads.Trino = Step 'New-ImmutaIntegrationPayload Starburst' { New-ImmutaIntegrationPayload -Type Starburst @shown }
    Step 'New-ImmutaIntegrationPayload with a field the type does not have' {
        New-ImmutaIntegrationPayload -Type S3 -Name session-warned -AwsAccountId 123456789012 -AwsRegion us-east-1 -AwsLocationRole arn:aws:iam::123456789012:role/warned `
            -AwsLocationPath s3://session-warned/ -AuthenticationType auto -AwsRoleToAssume arn:aws:iam::123456789012:role/assumed -Config @{ colour = 'blue' } @shown
    } | Out-Null
    Step 'New-ImmutaIntegrationPayload of an unknown type' { New-ImmutaIntegrationPayload -Type Oracle @shown } -ExpectError PayloadTypeUnknown | Out-Null

    Step 'Test-ImmutaIntegrationPayload of the built payloads' { $payloads.Values | Test-ImmutaIntegrationPayload @shown } | Out-Null
    Step 'Test-ImmutaIntegrationPayload of the payload files' {
        Test-ImmutaIntegrationPayload -Path $files.SnowflakeEnv, $files.SnowflakeManual, $files.DatabricksPlain, $files.RedshiftPlain, $files.SynapseManual, $files.BigQueryPlain, $files.S3Env, $files.Trino @shown
    } | Out-Null
    Step 'Test-ImmutaIntegrationPayload -ResolveSecrets of payloads whose secrets are in files, one of them missing' {
        Test-ImmutaIntegrationPayload -Path $files.BigQueryFile, $files.DatabricksFile, $files.MissingFile -ResolveSecrets @shown
    } | Out-Null
    Step 'Test-ImmutaIntegrationPayload of an invalid payload' { Test-ImmutaIntegrationPayload -Path $files.Invalid @shown } | Out-Null
    Step 'Test-ImmutaIntegrationPayload of malformed files' {
        Test-ImmutaIntegrationPayload -Path $files.MalformedYaml, $files.MalformedJson @shown
    } | Out-Null
    Step 'Test-ImmutaIntegrationPayload -Quiet' { Test-ImmutaIntegrationPayload -Path $files.Invalid, $files.SnowflakeEnv -Quiet @shown } | Out-Null

    # A user keeps payloads and integrations in files.
    $exportedPayloads = Join-Path $work 'payloads.json'
    $payloads.Values | ConvertTo-Json -Depth 10 | Set-Content -LiteralPath $exportedPayloads
    $written.Add($exportedPayloads)
    $exportedPayloadsXml = Join-Path $work 'payloads.clixml'
    $payloads.Values | Export-Clixml -LiteralPath $exportedPayloadsXml
    $written.Add($exportedPayloadsXml)

    # -- reading -----------------------------------------------------------------------------------------
    $seeded = Step 'Get-ImmutaIntegration' { Get-ImmutaIntegration @shown }
    $seededTrino = $seeded | Where-Object Type -eq 'Trino' | Select-Object -First 1
    if ($seededTrino -and $seededTrino.ApiKey) { Add-Secret 'Trino API key (seeded)' (ConvertFrom-SecureString $seededTrino.ApiKey -AsPlainText) -RandomFrom 0 }
    else { $problems.Add('The seeded Trino integration or its API key is missing.') }
    Step 'Get-ImmutaIntegration -Id with an unknown id, -Type' {
        Get-ImmutaIntegration -Id 1, 9999, $seededTrino.Id @shown
        Get-ImmutaIntegration -Type 'Snow*', Trino -Connection $keyConnection @shown
    } -ExpectError IntegrationNotFound | Out-Null
    Step 'Get-ImmutaIntegrationStatus' { $seeded | Get-ImmutaIntegrationStatus @shown; Get-ImmutaIntegrationStatus -Id 9999 @shown } -ExpectError IntegrationNotFound | Out-Null
    Step 'Wait-ImmutaIntegration for settled and failed integrations, and an unknown id' {
        Wait-ImmutaIntegration -Id ($seeded.Id + '9999') -Timeout 5 -PollInterval 0.1 @shown
    } -ExpectError IntegrationFailed, IntegrationNotFound | Out-Null
    Step 'Test-ImmutaConnection of the seeded tenant, with the API key and with a bearer token' {
        Test-ImmutaConnection @shown
        Test-ImmutaConnection -Connection $bearer -Quiet @shown
    } | Out-Null
    Step 'Test-ImmutaIntegrationHealth of the seeded tenant, and of an unknown id' {
        Test-ImmutaIntegrationHealth -StuckAfter 1 -PollInterval 0.1 @shown
        Test-ImmutaIntegrationHealth -Id 9999 -Quiet -Connection $bearer @shown
    } -ExpectError IntegrationNotFound | Out-Null

    # -- trying before changing --------------------------------------------------------------------------
    Step 'Test-ImmutaIntegration of files and built payloads' {
        Test-ImmutaIntegration -Path $files.SnowflakeEnv @shown
        Test-ImmutaIntegration -Path $files.DatabricksPlain @shown
        $payloads.Synapse, $payloads.S3 | Test-ImmutaIntegration @shown
    } | Out-Null
    Step 'Test-ImmutaIntegration of an update that changes the host' {
        Test-ImmutaIntegration -Id 1 -Path $files.SnowflakeEnv @shown
    } -ExpectError PayloadRejected | Out-Null
    Step 'Test-ImmutaIntegration of an invalid, a rejected, a missing-variable and a missing-file payload' {
        Test-ImmutaIntegration -Path $files.Invalid @shown
        Test-ImmutaIntegration -Path $files.Rejected @shown
        Test-ImmutaIntegration -Path $files.MissingEnv @shown
        Test-ImmutaIntegration -Path $files.MissingFile @shown
    } -ExpectError PayloadInvalid, PrerequisiteFailed, SecretReferenceMissing, SecretFileUnreadable | Out-Null

    Step 'New-ImmutaIntegration -WhatIf' {
        New-ImmutaIntegration -Path $files.SnowflakeEnv, $files.DatabricksPlain -WhatIf @shown
        $payloads.Snowflake, $payloads.SnowflakeKeyPair, $payloads.Redshift | New-ImmutaIntegration -WhatIf @shown
    } | Out-Null
    Step 'New-ImmutaIntegration -DryRun' { New-ImmutaIntegration -Path $files.RedshiftPlain -DryRun -Force @shown; $payloads.SnowflakeOAuth | New-ImmutaIntegration -DryRun -Force @shown } | Out-Null

    # -- creating ----------------------------------------------------------------------------------------
    $executed = [System.Collections.Generic.List[int]]::new()   # what the -Executor script blocks ran
    $created = @(Step 'New-ImmutaIntegration from files with -Wait' {
            New-ImmutaIntegration -Path $files.SnowflakeEnv, $files.DatabricksPlain, $files.RedshiftPlain, $files.BigQueryPlain, $files.S3Env -Force @wait @shown
        })
    $byType = @{}
    foreach ($integration in $created) { $byType[$integration.Type] = $integration }
    $fromFiles = @(Step 'New-ImmutaIntegration with secrets kept in files' {
            New-ImmutaIntegration -Path $files.BigQueryFile, $files.DatabricksFile -Force @wait @shown
        })
    if ($fromFiles.Count -ne 2) { $problems.Add("New-ImmutaIntegration with secrets kept in files created $($fromFiles.Count) integrations, not 2.") }
    $builtCreated = @(Step 'New-ImmutaIntegration from built payloads' {
            $payloads.Synapse, $payloads.SnowflakeKeyPair | New-ImmutaIntegration -Force @wait @shown
        })
    $manual = Step 'New-ImmutaIntegration -ManualSetup -Executor' {
        New-ImmutaIntegration -Path $files.SynapseManual -ManualSetup -Executor { param($statement) $executed.Add($statement.Length) } -Force @wait @shown
    }
    Step 'New-ImmutaIntegration of an invalid, a rejected, a malformed, a missing-variable and a missing-file payload' {
        New-ImmutaIntegration -Path $files.Invalid -Force @shown
        New-ImmutaIntegration -Path $files.Rejected -Force @shown
        New-ImmutaIntegration -Path $files.MalformedYaml -Force @shown
        New-ImmutaIntegration -Path $files.MissingEnv -Force @shown
        New-ImmutaIntegration -Path $files.MissingFile -Force @shown
    } -ExpectError PayloadInvalid, PrerequisiteFailed, PayloadFileInvalid, SecretReferenceMissing, SecretFileUnreadable | Out-Null
    Step 'New-ImmutaIntegration whose creation fails on the platform' {
        New-ImmutaIntegration -Path $files.Failing -Force @wait @shown
    } -ExpectError IntegrationFailed | Out-Null
    Step 'New-ImmutaIntegration -ManualSetup whose creation fails, then cleans up' {
        New-ImmutaIntegration -Path $files.FailingManual -ManualSetup -Executor { param($statement) $executed.Add($statement.Length) } -Force @wait @shown
    } -ExpectError IntegrationFailed | Out-Null
    # One Starburst integration per tenant: the seeded one goes first.
    Step 'Remove-ImmutaIntegration of the seeded Starburst integration' { Remove-ImmutaIntegration -Id $seededTrino.Id -Force @wait @shown } | Out-Null
    $trino = Step 'New-ImmutaIntegration Starburst' { New-ImmutaIntegration -Path $files.Trino -Force @wait @shown }
    if ($trino -and $trino.ApiKey) { Add-Secret 'Trino API key (created)' (ConvertFrom-SecureString $trino.ApiKey -AsPlainText) -RandomFrom 0 }
    else { $problems.Add('The created Trino integration has no API key.') }

    Step 'Test-ImmutaIntegration of an update with -Credential' {
        Test-ImmutaIntegration -Id $byType['Snowflake'].Id -Path $files.SnowflakeEnv `
            -Credential ([pscredential]::new('admin', (ConvertTo-SecretString (New-Secret 'privileged password (Test-ImmutaIntegration -Credential)')))) @shown
    } | Out-Null

    # -- scripts -----------------------------------------------------------------------------------------
    $createSql = Join-Path $work 'create.sql'
    $deleteSql = Join-Path $work 'delete.sql'
    $written.Add($createSql)
    $written.Add($deleteSql)
    $createScript = Step 'Get-ImmutaIntegrationScript -Kind Create -OutFile' {
        Get-ImmutaIntegrationScript -Kind Create -Path $files.SnowflakeManual -OutFile $createSql @shown
    }
    Step 'Get-ImmutaIntegrationScript for a payload object, for an integration, and a kind the type lacks' {
        $payloads.SynapseManual | Get-ImmutaIntegrationScript -Kind InitialCreate @shown
        Get-ImmutaIntegrationScript -Kind Delete -Id $manual.Id -OutFile $deleteSql @shown
        Get-ImmutaIntegrationScript -Kind Create -Path $files.BigQueryPlain @shown
    } -ExpectError ScriptNotAvailable | Out-Null
    Step 'Invoke-ImmutaScript -WhatIf' { $createScript | Invoke-ImmutaScript -Executor { param($statement) } -WhatIf @shown } | Out-Null
    Step 'Invoke-ImmutaScript -Executor' { $createScript | Invoke-ImmutaScript -Executor { param($statement) $executed.Add($statement.Length) } @shown } | Out-Null
    Step 'Invoke-ImmutaScript -Path with a password, -WhatIf' {
        Invoke-ImmutaScript -Path $files.ScriptWithPassword -Executor { param($statement) } -WhatIf @shown
    } | Out-Null
    Step 'Invoke-ImmutaScript -Path with a password, failing at its second statement' {
        Invoke-ImmutaScript -Path $files.ScriptWithPassword -Executor {
            param($statement)
            if ($statement -like 'GRANT*') { throw 'Insufficient privileges to operate on role IMMUTA_SYSTEM.' }
        } @shown
    } -ExpectError ScriptStatementFailed | Out-Null
    Step 'Invoke-ImmutaScript -Text without an executor' { Invoke-ImmutaScript -Text 'SELECT 1;' @shown } -ExpectError ScriptExecutorMissing | Out-Null

    # -- raw calls ---------------------------------------------------------------------------------------
    # A SecureString in a raw body is not revealed: it goes as <REDACTED>, which Immuta refuses.
    $bodyPassword = New-Secret 'password in an Invoke-ImmutaApi body (SecureString)'
    $body = @{
        type = 'Snowflake'; autoBootstrap = $true
        config = @{ host = 'session-raw.us-east-1.snowflakecomputing.com'; warehouse = 'WH'; database = 'IMMUTA_RAW'; authenticationType = 'userPassword'
            username = 'admin'; password = ConvertTo-SecretString $bodyPassword }
    }
    Step 'Invoke-ImmutaApi GET' { Invoke-ImmutaApi -Path "/integrations/$($byType['Snowflake'].Id)/status" @shown } | Out-Null
    Step 'Invoke-ImmutaApi POST -WhatIf, and a dry run' {
        Invoke-ImmutaApi -Path '/integrations?dryRun=true' -Method POST -Body $body -WhatIf @shown
        Invoke-ImmutaApi -Path '/integrations?dryRun=true' -Method POST -Force @shown -Body @{
            type = 'Native S3'; autoBootstrap = $false
            config = @{ name = 'session-raw'; awsAccountId = '123456789012'; awsRegion = 'us-east-1'; awsLocationRole = 'arn:aws:iam::123456789012:role/raw'
                awsLocationPath = 's3://session-raw/'; authenticationType = 'auto'; awsRoleToAssume = 'arn:aws:iam::123456789012:role/raw-assume' }
        }
    } | Out-Null
    Step 'Invoke-ImmutaApi POST with a SecureString in the body' {
        Invoke-ImmutaApi -Path '/integrations?dryRun=true' -Method POST -Body $body -Force @shown
    } -ExpectError InvalidRequest | Out-Null
    Step 'Invoke-ImmutaApi of a path that is not there' { Invoke-ImmutaApi -Path '/integrations/9999' @shown } -ExpectError NotFound | Out-Null
    Step 'Invoke-ImmutaApi GET of the integrations, and of the Starburst one' {
        Invoke-ImmutaApi -Path '/integrations' @shown
        Invoke-ImmutaApi -Path "/integrations/$($trino.Id)" @shown
    } | Out-Null

    # -- changing ----------------------------------------------------------------------------------------
    $privilegedSet = [pscredential]::new('admin@session.example', (ConvertTo-SecretString (New-Secret 'privileged password (Set-ImmutaIntegration -Credential)')))
    Step 'Set-ImmutaIntegration -WhatIf' {
        Get-ImmutaIntegration -Id $byType['Snowflake'].Id @shown | ForEach-Object { $_.Config.warehouse = 'EDITED_WH'; $_ } | Set-ImmutaIntegration -Credential $privilegedSet -WhatIf @shown
    } | Out-Null
    Step 'Set-ImmutaIntegration of an edited integration with -Credential' {
        Get-ImmutaIntegration -Id $byType['Snowflake'].Id @shown | ForEach-Object { $_.Config.warehouse = 'EDITED_WH'; $_ } | Set-ImmutaIntegration -Credential $privilegedSet -Force @wait @shown
    } | Out-Null
    Step 'Set-ImmutaIntegration -Path -DryRun and for real' {
        Set-ImmutaIntegration -Id $byType['Redshift'].Id -Path $files.RedshiftPlain -DryRun -Force @shown
        Set-ImmutaIntegration -Id $byType['Redshift'].Id -Path $files.RedshiftPlain -Force @wait @shown
    } | Out-Null
    Step 'Set-ImmutaIntegration whose edit fails, and of an unknown id' {
        Get-ImmutaIntegration -Id $byType['Databricks'].Id @shown | ForEach-Object { $_.Config.httpPath = 'fail-path'; $_ } |
            Set-ImmutaIntegration -Credential ([pscredential]::new('unused', (ConvertTo-SecretString (New-Secret 'Databricks token (Set-ImmutaIntegration -Credential)')))) -Force @wait @shown
        Set-ImmutaIntegration -Id 9999 -Path $files.SnowflakeEnv -Force @shown
    } -ExpectError IntegrationFailed, IntegrationNotFound | Out-Null

    Step 'Reset-ImmutaIntegrationApiKey -WhatIf, and of a type that has no key' {
        Reset-ImmutaIntegrationApiKey -Id $trino.Id -WhatIf @shown
        Reset-ImmutaIntegrationApiKey -Id $byType['Snowflake'].Id -Force @shown
    } -ExpectError InvalidRequest | Out-Null
    $resetKey = Step 'Reset-ImmutaIntegrationApiKey' { Reset-ImmutaIntegrationApiKey -Id $trino.Id -Force @shown }
    if ($resetKey -is [securestring]) { Add-Secret 'Trino API key (Reset)' (ConvertFrom-SecureString $resetKey -AsPlainText) -RandomFrom 0 }
    else { $problems.Add('Reset-ImmutaIntegrationApiKey did not return a SecureString.') }
    $plainKey = Step 'Reset-ImmutaIntegrationApiKey -AsPlainText' { Reset-ImmutaIntegrationApiKey -Id $trino.Id -AsPlainText -Force @shown } -SecretOutput
    if ($plainKey -is [string]) { Add-Secret 'Trino API key (Reset -AsPlainText)' $plainKey -RandomFrom 0 }
    else { $problems.Add('Reset-ImmutaIntegrationApiKey -AsPlainText did not return a string.') }
    $plainKey = $null
    $rawAnswer = Step 'Invoke-ImmutaApi POST of a regenerate (the raw call)' { Invoke-ImmutaApi -Path "/integrations/$($trino.Id)/regenerate" -Method POST -Force @shown }
    if ($rawAnswer.newKey -is [securestring]) { Add-Secret 'Trino API key (raw regenerate)' (ConvertFrom-SecureString $rawAnswer.newKey -AsPlainText) -RandomFrom 0 }
    else { $problems.Add('Invoke-ImmutaApi returned a regenerated key that is not a SecureString.') }
    $rawAnswer = $null

    # -- integrations as code: export, plan, sync ------------------------------------------------------------
    $exportFolder = Join-Path $work 'exported'
    $exportedFiles = @(Step 'Export-ImmutaIntegration' { Export-ImmutaIntegration -Path $exportFolder @shown })
    foreach ($file in Get-ChildItem $exportFolder -Recurse -File -ErrorAction SilentlyContinue) { $written.Add($file.FullName) }
    if ($exportedFiles.Count -eq 0) { $problems.Add('Export-ImmutaIntegration wrote no file.') }
    $syncFolder = Join-Path $work 'as-code'
    New-Item -ItemType Directory -Path $syncFolder | Out-Null
    $syncedPassword = New-Secret 'password in a synced payload file'
    $syncFile = Join-Path $syncFolder 'snowflake-as-code.yaml'
    Set-Content -LiteralPath $syncFile -Encoding utf8NoBOM -Value @"
type: Snowflake
autoBootstrap: true
config:
  host: session-as-code.us-east-1.snowflakecomputing.com
  warehouse: SESSION_WH
  database: IMMUTA
  role: ACCOUNTADMIN
  authenticationType: userPassword
  username: bootstrap@session.example
  password: $syncedPassword
"@
    Copy-Item $files.SnowflakeEnv (Join-Path $syncFolder 'snowflake-env.yaml')
    Step 'Compare-ImmutaIntegration of a folder, with -Prune' {
        Compare-ImmutaIntegration -Path $syncFolder -Prune @shown | Format-Table | Out-String -Width 200
        Compare-ImmutaIntegration -Path $syncFolder -Prune @shown | Format-List | Out-String -Width 200
    } | Out-Null
    Step 'Sync-ImmutaIntegration -WhatIf' { Sync-ImmutaIntegration -Path $syncFolder -Prune -WhatIf @shown } | Out-Null
    Step 'Sync-ImmutaIntegration' { Sync-ImmutaIntegration -Path $syncFolder -Timeout 10 -PollInterval 0.1 -Force @shown | Format-Table | Out-String -Width 200 } | Out-Null
    $failingSync = Join-Path $work 'as-code-failing'
    New-Item -ItemType Directory -Path $failingSync | Out-Null
    Set-Content -LiteralPath (Join-Path $failingSync 'snowflake-failing.yaml') -Encoding utf8NoBOM -Value ((Get-Content -Raw $syncFile) -replace 'session-as-code', 'session-as-code-failing' -replace 'SESSION_WH', 'fail-warehouse')
    Step 'Sync-ImmutaIntegration whose creation fails on the platform' {
        Sync-ImmutaIntegration -Path $failingSync -Timeout 10 -PollInterval 0.1 -Force @shown
    } -ExpectError IntegrationFailed | Out-Null

    # -- a saved plan: written, read back, applied, refused as stale ---------------------------------------------
    $planFile = Join-Path $work 'plan.json'
    Step 'Compare-ImmutaIntegration -OutFile of a folder with a secret in plain text' {
        Compare-ImmutaIntegration -Path $syncFolder -OutFile $planFile @shown
    } -ExpectError PayloadInvalid | Out-Null
    if (Test-Path -LiteralPath $planFile) { $problems.Add('Compare-ImmutaIntegration -OutFile wrote a plan from a file holding a secret.') }
    $planFolder = Join-Path $work 'as-code-planned'
    New-Item -ItemType Directory -Path $planFolder | Out-Null
    Set-Content -LiteralPath (Join-Path $planFolder 'snowflake-env.yaml') -Encoding utf8NoBOM -Value ((Get-Content -Raw $files.SnowflakeEnv) -replace 'SESSION_WH', 'PLANNED_WH')
    Step 'Compare-ImmutaIntegration -OutFile' { Compare-ImmutaIntegration -Path $planFolder -OutFile $planFile @shown | Format-Table | Out-String -Width 200 } | Out-Null
    $written.Add($planFile)
    Step 'Import-ImmutaIntegrationPlan, as items, in full and as Markdown' {
        Import-ImmutaIntegrationPlan -Path $planFile @shown | Format-List * | Out-String -Width 200
        (Import-ImmutaIntegrationPlan -Path $planFile @shown).Current | Format-List * | Out-String -Width 200
        Import-ImmutaIntegrationPlan -Path $planFile -AsMarkdown @shown
    } | Out-Null
    Step 'Sync-ImmutaIntegration -Plan -WhatIf' { Sync-ImmutaIntegration -Plan $planFile -WhatIf @shown } | Out-Null
    Step 'Sync-ImmutaIntegration -Plan' { Sync-ImmutaIntegration -Plan $planFile -Timeout 10 -PollInterval 0.1 -Force @shown | Format-List | Out-String -Width 200 } | Out-Null
    Step 'Sync-ImmutaIntegration -Plan of a plan applied already (stale)' {
        Sync-ImmutaIntegration -Plan $planFile -Timeout 10 -PollInterval 0.1 -Force @shown
    } -ExpectError PlanStale | Out-Null

    # -- removing ----------------------------------------------------------------------------------------
    $privilegedRemove = [pscredential]::new('admin@session.example', (ConvertTo-SecretString (New-Secret 'privileged password (Remove-ImmutaIntegration -Credential)')))
    $failingRemove = [pscredential]::new('admin@session.example', (ConvertTo-SecretString (New-Secret 'privileged password whose delete fails' -Prefix 'fail-')))
    Step 'Remove-ImmutaIntegration -WhatIf' {
        Remove-ImmutaIntegration -Id $byType['Snowflake'].Id -Credential $privilegedRemove -WhatIf @shown
        $created | Remove-ImmutaIntegration -Credential $privilegedRemove -WhatIf @shown
    } | Out-Null
    Step 'Remove-ImmutaIntegration of an automatic integration without -Credential, and of an unknown id' {
        Remove-ImmutaIntegration -Id $byType['Snowflake'].Id -Force @shown
        Remove-ImmutaIntegration -Id 9999 -Force @shown
    } -ExpectError CredentialsRequired, IntegrationNotFound | Out-Null
    Step 'Remove-ImmutaIntegration with credentials the platform refuses' {
        Remove-ImmutaIntegration -Id $byType['Snowflake'].Id -Credential $failingRemove -Force @wait @shown
    } -ExpectError IntegrationFailed | Out-Null
    Step 'Remove-ImmutaIntegration -Credential -Wait' {
        Remove-ImmutaIntegration -Id $byType['Snowflake'].Id, $byType['Redshift'].Id -Credential $privilegedRemove -Force @wait @shown
        Remove-ImmutaIntegration -Id $builtCreated.Id -Credential $privilegedRemove -Force @wait @shown
    } | Out-Null
    Step 'Remove-ImmutaIntegration -DryRun and -ForceDisable' {
        Remove-ImmutaIntegration -Id $byType['Google BigQuery'].Id -DryRun -Force @shown
        Remove-ImmutaIntegration -Id $byType['Google BigQuery'].Id, $byType['Databricks'].Id, $trino.Id -Credential $privilegedRemove -ForceDisable -Force @wait @shown
    } | Out-Null
    Step 'Remove-ImmutaIntegration -ManualCleanup -Executor' {
        Remove-ImmutaIntegration -Id $manual.Id -ManualCleanup -Executor { param($statement) $executed.Add($statement.Length) } -Force @wait @shown
        Remove-ImmutaIntegration -Id $byType['Native S3'].Id -Force @wait @shown
    } | Out-Null

    # -- a user keeps what they read in files --------------------------------------------------------------
    $exportedIntegrations = Join-Path $work 'integrations.json'
    $written.Add($exportedIntegrations)
    Step 'Get-ImmutaIntegration to a JSON file' {
        Get-ImmutaIntegration @shown | ConvertTo-Json -Depth 10 | Set-Content -LiteralPath $exportedIntegrations
    } | Out-Null

    # -- the connection from the environment, and disconnecting ------------------------------------------
    Step 'Disconnect-Immuta' {
        Disconnect-Immuta -Connection $keyConnection @shown
        Disconnect-Immuta @shown
        Disconnect-Immuta @shown
    } | Out-Null
    Step 'Get-ImmutaIntegration when not connected' { Get-ImmutaIntegration @shown } -ExpectError NotConnected | Out-Null
    $env:IMMUTA_URL = $url
    $env:IMMUTA_API_KEY = $apiKey
    try {
        Step 'Get-ImmutaConnection and Get-ImmutaIntegration from IMMUTA_URL and IMMUTA_API_KEY' {
            Get-ImmutaConnection @shown
            Get-ImmutaIntegration -Id 1 @shown
        } | Out-Null
    }
    finally {
        Remove-Item Env:IMMUTA_URL, Env:IMMUTA_API_KEY -ErrorAction SilentlyContinue
    }
    $env:IMMUTA_URL = $url
    $env:IMMUTA_API_KEY = $wrongKey
    try {
        Step 'Get-ImmutaIntegration with a wrong IMMUTA_API_KEY' { Get-ImmutaIntegration @shown } -ExpectError Unauthorized | Out-Null
    }
    finally {
        Remove-Item Env:IMMUTA_URL, Env:IMMUTA_API_KEY -ErrorAction SilentlyContinue
    }

    if ($SelfTest) {
        Step 'Self-test: a secret planted in the debug stream' { Write-Debug "Authorization: $apiKey" } | Out-Null
    }
    if ($executed.Count -eq 0) { $problems.Add('No executor ran a statement.') }
}
catch {
    $problems.Add((Hide-Secret "The session stopped: $_ ($($_.InvocationInfo.PositionMessage))"))
}
finally {
    $sessionSeconds = $clock.Elapsed.TotalSeconds
    $ExecutionContext.InvokeCommand.PostCommandLookupAction = $null
    if ($emulator) { Stop-EmulatorProcess $emulator }
    if ($absentProxy) { $absentProxy.Dispose() }
    foreach ($name in 'SESSION_SNOWFLAKE_PASSWORD', 'SESSION_SYNAPSE_PASSWORD', 'SESSION_S3_SECRET', 'SESSION_OAUTH_PRIVATE_KEY', 'SESSION_DATABRICKS_CLIENT_SECRET') {
        Remove-Item "Env:$name" -ErrorAction SilentlyContinue
    }
    if ($transcribing) { Stop-Transcript | Out-Null }
}

# ---------------------------------------------------------------------------------------------------------
# Everything the session produced, as texts, and the search.

$passed = $false
try {
    $VerbosePreference = 'SilentlyContinue'
    $DebugPreference = 'SilentlyContinue'
    $index = 0
    foreach ($step in $steps) {
        $index++
        $place = 'step {0:d2}: {1}' -f $index, $step.Label
        $texts.Add([pscustomobject]@{ Place = $place; View = 'shown'; Text = $step.Records | Out-String -Width 4096 })
        $number = 0
        foreach ($record in $step.Records) {
            $number++
            foreach ($view in (Get-RecordText $record).GetEnumerator()) {
                $texts.Add([pscustomobject]@{ Place = $place; View = "$($view.Key) of record $number ($($record.GetType().Name))"; Text = $view.Value })
            }
        }
    }
    $number = 0
    foreach ($entry in @($Error)) {
        $number++
        foreach ($view in (Get-RecordText $entry).GetEnumerator()) {
            $texts.Add([pscustomobject]@{ Place = '$Error'; View = "$($view.Key) of `$Error[$($number - 1)]"; Text = $view.Value })
        }
    }
    foreach ($file in $written) {
        if (Test-Path -LiteralPath $file) { $texts.Add([pscustomobject]@{ Place = "file $(Split-Path -Leaf $file)"; View = 'content'; Text = Get-Content -LiteralPath $file -Raw }) }
        else { $problems.Add("The session should have written $(Split-Path -Leaf $file), which is not there.") }
    }
    if (Test-Path -LiteralPath $TranscriptPath) {
        $transcript = Get-Content -LiteralPath $TranscriptPath -Raw
        $texts.Add([pscustomobject]@{ Place = 'transcript'; View = 'content'; Text = $transcript })
        # The host wraps long lines (an error's message behind its "|" gutter, a list's values) and may colour them: a
        # secret cut by a wrap is whole again once the line breaks, the indentation after them and the colours go.
        $joined = [regex]::Replace($transcript, '\x1b\[[0-9;]*m', '')
        $joined = [regex]::Replace($joined, '\r?\n[ \t]*(\|[ \t]?)?', '')
        $texts.Add([pscustomobject]@{ Place = 'transcript'; View = 'content with wrapped lines joined'; Text = $joined })
    }
    else { $problems.Add('The transcript was not written.') }

    # How many records of each stream the steps produced (Output is what the commands returned).
    $recordCounts = [ordered]@{ Output = 0; Error = 0; Warning = 0; Verbose = 0; Debug = 0; Information = 0 }
    foreach ($record in @(foreach ($step in $steps) { $step.Records })) {
        $stream = switch ($record) {
            { $_ -is [System.Management.Automation.ErrorRecord] } { 'Error'; break }
            { $_ -is [System.Management.Automation.WarningRecord] } { 'Warning'; break }
            { $_ -is [System.Management.Automation.VerboseRecord] } { 'Verbose'; break }
            { $_ -is [System.Management.Automation.DebugRecord] } { 'Debug'; break }
            { $_ -is [System.Management.Automation.InformationRecord] } { 'Information'; break }
            default { 'Output' }
        }
        $recordCounts[$stream]++
    }

    $leaks = @(Find-Leak -Texts $texts.ToArray() -Secrets $secrets -Fragments $fragments)
    $missing = @($exported | Where-Object { -not $commandsRun.Contains($_) })
    foreach ($name in $missing) { $problems.Add("$name was not run.") }

    if ($SelfTest) {
        # The planted key must be reported exactly where it was planted and in the transcript that showed it. Other
        # leaks, if any, are reported as in any session: they are not what the self-test is about.
        $planted = @($leaks | Where-Object Secret -eq 'Immuta API key')
        $places = @($planted.Place | Sort-Object)
        if ($places.Count -ne 2 -or $places[0] -notlike '*Self-test*' -or $places[1] -ne 'transcript') {
            $problems.Add("Self-test: expected the planted API key in its step and in the transcript, found it in: $(if ($places) { $places -join '; ' } else { 'nothing' }).")
        }
    }

    foreach ($leak in $leaks) {
        Write-Host ("LEAK: {0} in {1} ({2}):`n    ...{3}..." -f $leak.Secret, $leak.Place, ($leak.Views -join ', '), ($leak.Context -replace '\r?\n', '\n'))
    }
    foreach ($problem in $problems) { Write-Host "PROBLEM: $problem" }

    $passed = $problems.Count -eq 0 -and ($SelfTest -or $leaks.Count -eq 0)
    $result = [ordered]@{
        CommandsRun      = @($exported | Where-Object { $commandsRun.Contains($_) })
        ExportedCommands = $exported
        MissingCommands  = $missing
        Steps            = $steps.Count
        Records          = $recordCounts
        TextsSearched    = $texts.Count
        # How many of those texts show a secret as <REDACTED>: the secrets were there to leak, and were hidden.
        TextsRedacting   = @($texts | Where-Object { $_.Text -and $_.Text.Contains('<REDACTED>') }).Count
        Secrets          = @($secrets.Keys)
        Leaks            = @($leaks | ForEach-Object { [ordered]@{ Secret = $_.Secret; Place = $_.Place; Views = @($_.Views); Context = $_.Context } })
        Problems         = @($problems)
        SelfTest         = [bool]$SelfTest
        SessionSeconds   = [Math]::Round($sessionSeconds, 1)
        Seconds          = [Math]::Round($clock.Elapsed.TotalSeconds, 1)
        Passed           = $passed
    }
    if ($ResultPath) { $result | ConvertTo-Json -Depth 6 | Set-Content -LiteralPath $ResultPath -Encoding utf8NoBOM }

    if ($leaks.Count -eq 0 -and -not $keepTranscript) { Remove-Item -LiteralPath $TranscriptPath -ErrorAction SilentlyContinue }
    elseif ($leaks.Count -gt 0) { Write-Host "Transcript kept: $TranscriptPath" }

    Write-Host ("Secrets session: {0} commands run, {1} texts searched, {2} secrets, {3} leaks" -f $result.CommandsRun.Count, $texts.Count, $secrets.Count, $leaks.Count)
}
finally {
    # The payload files hold secrets in plain text.
    Remove-Item -LiteralPath $work -Recurse -Force -ErrorAction SilentlyContinue
}
exit $(if ($passed) { 0 } else { 1 })
