# Shared by the tests of manual setups run on SQLite (New-ImmutaIntegration.ManualSetup, Invoke-ImmutaScript,
# Get-ImmutaIntegrationScript, Secrets/ManualSetup): the contract's payloads set up manually, the scripts' endpoint names,
# and SQLite databases to run the scripts in. Needs the fixture (TestFixture.psm1) started: the databases are files of its
# work folder.

Set-StrictMode -Version Latest

$script:Databases = [System.Collections.Generic.List[object]]::new()

<#
.SYNOPSIS
    A sample payload of the contract (Get-TestPayload), set up manually (autoBootstrap false) where the type has the flag.
#>
function Get-ManualPayload {
    param([Parameter(Mandatory)] [string] $Slug)
    $payload = Get-TestPayload $Slug
    if ($payload.Contains('autoBootstrap')) { $payload.autoBootstrap = $false }
    $payload
}

<#
.SYNOPSIS
    The endpoint name of a script kind (InitialCreate: initial-create), as the scripts and the SQLite log name it.
#>
function Get-EndpointName {
    param([Parameter(Mandatory)] [string] $Kind)
    switch ($Kind) { 'InitialCreate' { 'initial-create' } 'PostCleanup' { 'post-cleanup' } default { $Kind.ToLowerInvariant() } }
}

<#
.SYNOPSIS
    An open connection to a new SQLite database in the fixture's work folder, closed by Close-ScriptDatabase.
#>
function New-ScriptDatabase {
    $connection = New-TestSqliteConnection -Path (Join-Path (Get-TestWorkFolder) ("script-{0}.db" -f [guid]::NewGuid().ToString('n')))
    $script:Databases.Add($connection)
    $connection
}

<#
.SYNOPSIS
    Closes every database New-ScriptDatabase opened (before Stop-TestFixture removes their files).
#>
function Close-ScriptDatabase {
    foreach ($connection in $script:Databases) { $connection.Dispose() }
    $script:Databases.Clear()
    if ('Microsoft.Data.Sqlite.SqliteConnection' -as [type]) { [Microsoft.Data.Sqlite.SqliteConnection]::ClearAllPools() }
}

Export-ModuleMember -Function Get-ManualPayload, Get-EndpointName, New-ScriptDatabase, Close-ScriptDatabase
