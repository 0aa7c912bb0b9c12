# The Pester tests' PostgreSQL: the server build.ps1 -Task Test started (IMMUTA_TEST_PG_*), or, in a run started by hand
# without it, one of their own (build/TestPostgres.psm1), stopped after them; and Npgsql, loaded from the NuGet packages
# that build/tools.proj restores.

Set-StrictMode -Version Latest

$script:Root = (Resolve-Path (Join-Path $PSScriptRoot '../../..')).Path
Import-Module (Join-Path $script:Root 'build/TestPostgres.psm1') -Force
$script:Owned = $null

<#
.SYNOPSIS
    The connection details of the tests' PostgreSQL server: those in IMMUTA_TEST_PG_*, else a server started now (and
    named in IMMUTA_TEST_PG_* for the rest of the run), which Close-TestPostgres stops.
#>
function Open-TestPostgres {
    $details = Get-TestPostgresEnvironment
    if ($details) { return $details }
    Write-Host 'PostgreSQL: IMMUTA_TEST_PG_* are not set (build.ps1 -Task Test sets them); starting a server for these tests.'
    $script:Owned = Start-TestPostgres
    Set-TestPostgresEnvironment $script:Owned
    Get-TestPostgresEnvironment
}

<#
.SYNOPSIS
    Stops the server Open-TestPostgres started, if it started one; one started by build.ps1 is left to it.
#>
function Close-TestPostgres {
    if (-not $script:Owned) { return }
    try { Stop-TestPostgres $script:Owned }
    finally {
        Set-TestPostgresEnvironment $null
        $script:Owned = $null
    }
}

<#
.SYNOPSIS
    Loads Npgsql and its dependencies into this session from the NuGet packages folder (IMMUTA_TEST_PACKAGES), restoring
    build/tools.proj first if they are not there yet.
#>
function Import-TestNpgsql {
    if ('Npgsql.NpgsqlConnection' -as [type]) { return }
    $packages = $env:IMMUTA_TEST_PACKAGES
    if (-not $packages) { $packages = ((& dotnet nuget locals global-packages --list) -replace '^global-packages:\s*', '').Trim() }
    # Microsoft.Extensions.Logging.Abstractions is Npgsql's one dependency on net10.0 (PowerShell does not ship it), and it
    # needs DependencyInjection.Abstractions; the versions are those build/tools.proj downloads.
    $assemblies = @(
        'microsoft.extensions.dependencyinjection.abstractions/10.0.0/lib/net10.0/Microsoft.Extensions.DependencyInjection.Abstractions.dll'
        'microsoft.extensions.logging.abstractions/10.0.0/lib/net10.0/Microsoft.Extensions.Logging.Abstractions.dll'
        'npgsql/10.0.3/lib/net10.0/Npgsql.dll'
    ) | ForEach-Object { Join-Path $packages $_ }
    if (@($assemblies | Where-Object { -not (Test-Path -LiteralPath $_) }).Count -gt 0) {
        & dotnet restore (Join-Path $script:Root 'build/tools.proj') --nologo --verbosity quiet | Out-Host
    }
    $missing = @($assemblies | Where-Object { -not (Test-Path -LiteralPath $_) })
    if ($missing) { throw "Npgsql is not in the NuGet packages folder ($($missing -join ', ')): run dotnet restore build/tools.proj." }
    foreach ($assembly in $assemblies) { Add-Type -LiteralPath $assembly }
}

<#
.SYNOPSIS
    The connection string of the tests' server, as its superuser or as -User with -Password.
#>
function Get-TestNpgsqlConnectionString {
    param([string] $User, [string] $Password, [string] $Database, [hashtable] $Settings = @{})
    Import-TestNpgsql
    $details = Open-TestPostgres
    $builder = [Npgsql.NpgsqlConnectionStringBuilder]::new()
    $builder.Host = $details.Host
    $builder.Port = [int]$details.Port
    $builder.Username = if ($User) { $User } else { $details.User }
    $builder.Password = if ($User) { $Password } else { $details.Password }
    $builder.Database = if ($Database) { $Database } else { $details.Database }
    # A terminated or cancelled session must not come back from a pool to the next test.
    $builder.Pooling = $false
    foreach ($name in $Settings.Keys) { $builder[$name] = $Settings[$name] }
    $builder.ConnectionString
}

<#
.SYNOPSIS
    A connection to the tests' server (opened unless -Closed), as its superuser or as -User with -Password.
#>
function New-TestNpgsqlConnection {
    param([string] $User, [string] $Password, [string] $Database, [switch] $Closed)
    $connectionString = Get-TestNpgsqlConnectionString -User $User -Password $Password -Database $Database
    $connection = [Npgsql.NpgsqlConnection]::new($connectionString)
    if (-not $Closed) { $connection.Open() }
    $connection
}

<#
.SYNOPSIS
    Runs -Condition until it returns something true, every -IntervalMs for at most -TimeoutSec; returns that value, or
    $null when time ran out.
#>
function Wait-TestCondition {
    param([Parameter(Mandatory)] [scriptblock] $Condition, [double] $TimeoutSec = 10, [int] $IntervalMs = 50)
    $clock = [System.Diagnostics.Stopwatch]::StartNew()
    do {
        $value = & $Condition
        if ($value) { return $value }
        Start-Sleep -Milliseconds $IntervalMs
    } while ($clock.Elapsed.TotalSeconds -lt $TimeoutSec)
    $null
}

Export-ModuleMember -Function Open-TestPostgres, Close-TestPostgres, Import-TestNpgsql, Get-TestNpgsqlConnectionString, New-TestNpgsqlConnection,
    Wait-TestCondition
