# The one fixture of the Pester files. A file's set-up is
#
#     BeforeAll {
#         Import-Module (Join-Path $PSScriptRoot '../Support/TestFixture.psm1')
#         $script:Emulator = Start-TestFixture -ApiKey 'sync-key' -Environment @{ SNOWFLAKE_PASSWORD = $Secret }
#     }
#     AfterAll { Stop-TestFixture }
#
# Start-TestFixture imports the built module (out/ImmutaIntegrations) and the shared helpers (TestHelpers.psm1) into the
# session, starts a published emulator on loopback, connects to it (the session's current connection) and sets the
# environment variables the file asks for. Add-TestTenant starts more emulators (another tenant, a slow one) and connects
# to them. Stop-TestFixture puts everything back as it found it: every connection made is forgotten, every emulator
# stopped, every environment variable set since the start (by the fixture or by a test), the current folder and
# $LASTEXITCODE restored, and the module's completion timings given back. A file started without its AfterAll having run (a failed block) is
# stopped when the next file starts, so nothing of one file reaches the next (which is why files import this module
# without -Force: imported again, it would forget what it started).
#
# Get-TestSessionScript gives the first lines of a script run in a fresh pwsh or a job's step: the module imported and,
# when asked, connected to a tenant of the fixture. Nothing else in the tests starts an emulator or connects for set-up.

Set-StrictMode -Version Latest

Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Global -Force
Import-Module (Join-Path $PSScriptRoot '../../../build/BuildTools.psm1') -Global

$script:State = $null

function New-FixtureState {
    [pscustomobject]@{
        Tenants     = [System.Collections.Generic.List[object]]::new()
        Connections = [System.Collections.Generic.List[object]]::new()
        Environment = [System.Environment]::GetEnvironmentVariables()
        Location    = (Get-Location).Path
        Timing      = $null
        Work        = $null
        # Its value then, or $null when it was not set (the variable itself changes with every native command).
        ExitCode    = Get-Variable -Name LASTEXITCODE -Scope Global -ErrorAction SilentlyContinue | ForEach-Object { [pscustomobject]@{ Value = $_.Value } }
    }
}

# The published emulator on loopback, its transitions instant unless -ArgumentList says otherwise. A minute to start: on
# a busy machine a cold start is slow, and how slow is not what any test is about.
function Start-FixtureEmulator([string] $ApiKey, [string] $SeedPath, [string[]] $ArgumentList) {
    Start-EmulatorProcess -EmulatorPath (Get-TestPath Emulator) -ApiKey $ApiKey -SeedPath $SeedPath -ArgumentList (@('--transition-delay-ms', '0') + $ArgumentList) -StartTimeoutSec 60
}

# The module's own session state (internal: ImmutaIntegrations.Session.Connections), which a test cannot reach by its
# commands alone: which connection is current, and forgetting every connection at once.
function Get-SessionConnections {
    [ImmutaIntegrations.Commands.GetImmutaIntegrationCommand].Assembly.GetType('ImmutaIntegrations.Session.Connections', $true)
}

function Invoke-SessionConnections([string] $Method, [object[]] $Arguments = @()) {
    $flags = [System.Reflection.BindingFlags]'Static, Public, NonPublic'
    (Get-SessionConnections).GetMethod($Method, $flags).Invoke($null, $Arguments)
}

function Get-TestCurrentConnection {
    $flags = [System.Reflection.BindingFlags]'Static, Public, NonPublic'
    (Get-SessionConnections).GetProperty('Current', $flags).GetValue($null)
}

<#
.SYNOPSIS
    Starts a file's fixture: the module and helpers imported, an emulator started and connected to (unless -NoConnection;
    none at all with -NoEmulator), and -Environment set. Returns the tenant: the emulator (Url, ApiKey, ProcessId, as
    Reset-TestEmulator and the other emulator helpers take it) with Key (the API key as a SecureString) and Connection.
#>
function Start-TestFixture {
    [CmdletBinding()]
    param(
        [string] $ApiKey = 'pester-api-key',
        # The emulator's seed file; tests/data/integrations.yaml (seven integrations, one of each type) by default, none
        # (an empty tenant) with $null or ''.
        [AllowNull()] [AllowEmptyString()] [string] $Seed = (Join-Path (Get-TestPath Data) 'integrations.yaml'),
        # More emulator options: '--transition-delay-ms', '600000' for a tenant where nothing settles until a test settles it.
        [string[]] $EmulatorArgument = @(),
        # Environment variables for the file's tests (secrets the payload files refer to): restored by Stop-TestFixture.
        [hashtable] $Environment = @{},
        [switch] $NoConnection,
        # For files that need the module and a clean session but no tenant of their own (help, packaging, payloads).
        [switch] $NoEmulator
    )
    if ($script:State) { Stop-TestFixture }
    Import-Module (Get-TestPath Module) -Global -Force
    $script:State = New-FixtureState
    # Each file begins as a new session does: no connection, whatever an earlier file left.
    Invoke-SessionConnections 'ForgetAll' | Out-Null
    Set-TestEnvironment $Environment
    if ($NoEmulator) { return }
    Add-TestTenant -ApiKey $ApiKey -Seed $Seed -EmulatorArgument $EmulatorArgument -NoConnection:$NoConnection -Current
}

<#
.SYNOPSIS
    Starts another emulator for this file (another tenant, one that holds transitions, one with a script dialect) and
    connects to it unless -NoConnection. The session's current connection stays what it was unless -Current. Stopped and
    forgotten by Stop-TestFixture, or earlier by Remove-TestTenant.
#>
function Add-TestTenant {
    [CmdletBinding()]
    param(
        [string] $ApiKey = 'pester-api-key',
        [AllowNull()] [AllowEmptyString()] [string] $Seed = (Join-Path (Get-TestPath Data) 'integrations.yaml'),
        [string[]] $EmulatorArgument = @(),
        [switch] $NoConnection,
        [switch] $Current
    )
    if (-not $script:State) { throw 'Add-TestTenant: start the file''s fixture first (Start-TestFixture).' }
    $emulator = Start-FixtureEmulator $ApiKey $Seed $EmulatorArgument
    $script:State.Tenants.Add($emulator)
    $key = ConvertTo-TestSecureString $ApiKey
    $emulator | Add-Member -NotePropertyName Key -NotePropertyValue $key
    $emulator | Add-Member -NotePropertyName Connection -NotePropertyValue $null
    if (-not $NoConnection) { $emulator.Connection = Connect-TestTenant $emulator -Current:$Current }
    $emulator
}

<#
.SYNOPSIS
    A new connection to a tenant of the fixture (Connect-Immuta with its key), forgotten by Stop-TestFixture. It becomes
    the session's current connection only with -Current, so a test can hold several.
#>
function Connect-TestTenant {
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Tenant, [switch] $Current, [ValidateSet('ApiKey', 'Bearer')] [string] $AuthMode = 'ApiKey')
    $before = Get-TestCurrentConnection
    $connection = Connect-Immuta -Url $Tenant.Url -ApiKey (ConvertTo-TestSecureString $Tenant.ApiKey) -AuthMode $AuthMode
    $script:State.Connections.Add($connection)
    if (-not $Current -and $before) { Set-TestCurrentConnection $before }
    $connection
}

<#
.SYNOPSIS
    Makes a connection the session's current one (what commands without -Connection use), as Connect-Immuta leaves it,
    without a new connection.
#>
function Set-TestCurrentConnection {
    param([Parameter(Mandatory)] $Connection)
    Invoke-SessionConnections 'SetCurrent' @(, $Connection) | Out-Null
}

<#
.SYNOPSIS
    Stops one tenant of the fixture now (a test that needs a second tenant only for itself), forgetting its connections.
#>
function Remove-TestTenant {
    param([Parameter(Mandatory)] $Tenant)
    foreach ($connection in @($script:State.Connections | Where-Object { $_.Url.GetLeftPart([System.UriPartial]::Authority) -eq ([uri]$Tenant.Url).GetLeftPart([System.UriPartial]::Authority) })) {
        Disconnect-Immuta -Connection $connection
        $null = $script:State.Connections.Remove($connection)
    }
    Stop-EmulatorProcess $Tenant
    $null = $script:State.Tenants.Remove($Tenant)
}

<#
.SYNOPSIS
    Sets environment variables for the rest of the file ($null removes one); Stop-TestFixture gives them back. A test may
    also set $env:NAME itself: everything is restored as it was when the fixture started.
#>
function Set-TestEnvironment {
    param([hashtable] $Variables = @{})
    Set-ProcessVariable -Variables $Variables | Out-Null
}

<#
.SYNOPSIS
    Sets timings of the module's completion cache (internal: IntegrationListCache) for the rest of the file; Stop-TestFixture
    gives back the values they had. Completion reads a tenant's list within RequestBound (2.5 s), keeps it for Lifetime
    (30 s) and a failed read for FailureLifetime (10 s): a test of something else must not depend on how fast a busy
    machine is against those.
#>
function Set-TestCompletionTiming {
    param([timespan] $RequestBound, [timespan] $Lifetime, [timespan] $FailureLifetime)
    $previous = Set-CompletionCacheTiming $PSBoundParameters
    if (-not $script:State.Timing) { $script:State.Timing = @{} }
    foreach ($name in $previous.Keys) { if (-not $script:State.Timing.ContainsKey($name)) { $script:State.Timing[$name] = $previous[$name] } }
}

# Sets the cache's timings named in -Values and returns the values they had.
function Set-CompletionCacheTiming([System.Collections.IDictionary] $Values) {
    $cache = [ImmutaIntegrations.Commands.GetImmutaIntegrationCommand].Assembly.GetType('ImmutaIntegrations.Completion.IntegrationListCache', $true)
    $previous = @{}
    foreach ($name in @($Values.Keys)) {
        $property = $cache.GetProperty($name, [System.Reflection.BindingFlags]'Static, Public, NonPublic')
        if (-not $property) { throw "IntegrationListCache has no $name to set: the test needs updating to the module." }
        $previous[$name] = $property.GetValue($null)
        $property.SetValue($null, $Values[$name])
    }
    $previous
}

<#
.SYNOPSIS
    The first lines of a script for a fresh pwsh (Invoke-FreshPwsh, a job's step): the built module imported and, with
    -Tenant, connected to it with its key.
#>
function Get-TestSessionScript {
    param($Tenant)
    $lines = @("Import-Module '$(Get-TestPath Module)'")
    if ($Tenant) { $lines += "Connect-Immuta -Url '$($Tenant.Url)' -ApiKey (ConvertTo-SecureString '$($Tenant.ApiKey)' -AsPlainText -Force) | Out-Null" }
    $lines -join "`n"
}

<#
.SYNOPSIS
    The file's own temporary folder (created on first use), removed with everything in it by Stop-TestFixture.
#>
function Get-TestWorkFolder {
    if (-not $script:State) { throw 'Get-TestWorkFolder: start the file''s fixture first (Start-TestFixture).' }
    if (-not $script:State.Work) {
        $script:State.Work = Join-Path ([System.IO.Path]::GetTempPath()) ("pester-{0}" -f [guid]::NewGuid().ToString('n'))
        New-Item -ItemType Directory -Path $script:State.Work | Out-Null
    }
    $script:State.Work
}

<#
.SYNOPSIS
    A new empty folder in the file's work folder (-Name: under that name; else a new one each time); returns its path.
#>
function New-TestFolder {
    param([string] $Name = [guid]::NewGuid().ToString('n'))
    (New-Item -ItemType Directory -Path (Join-Path (Get-TestWorkFolder) $Name) -Force).FullName
}

<#
.SYNOPSIS
    A copy of examples/integrations (the three payload files a new user starts from) in a new folder of the file's work
    folder, to edit; returns its path.
#>
function New-TestRepository {
    $folder = New-TestFolder
    Copy-Item -Path (Join-Path (Get-TestPath Root) 'examples/integrations/*.yaml') -Destination $folder
    $folder
}

<#
.SYNOPSIS
    Writes a file as a user's editor does: UTF-8 without a byte-order mark.
#>
function Set-TestFile {
    param([Parameter(Mandatory)] [string] $Path, [Parameter(Mandatory)] [AllowEmptyString()] [string] $Text)
    [System.IO.File]::WriteAllText($Path, $Text + [Environment]::NewLine, [System.Text.UTF8Encoding]::new($false))
}

<#
.SYNOPSIS
    Replaces text in a file (a regular expression), as a user editing it would.
#>
function Edit-TestFile {
    param([Parameter(Mandatory)] [string] $Path, [Parameter(Mandatory)] [string] $Pattern, [Parameter(Mandatory)] [AllowEmptyString()] [string] $Replacement)
    Set-TestFile $Path ((Get-Content -Raw -LiteralPath $Path) -replace $Pattern, $Replacement).TrimEnd("`r", "`n")
}

<#
.SYNOPSIS
    Ends the file's fixture: every connection it made and the current one forgotten, every emulator stopped, the
    environment, the current folder and the completion timings as they were when it started.
#>
function Stop-TestFixture {
    $state = $script:State
    if (-not $state) { return }
    $script:State = $null
    foreach ($connection in $state.Connections) { Disconnect-Immuta -Connection $connection -ErrorAction SilentlyContinue }
    Invoke-SessionConnections 'ForgetAll' | Out-Null
    foreach ($tenant in $state.Tenants) { Stop-EmulatorProcess $tenant }
    if ($state.Timing) { Set-CompletionCacheTiming $state.Timing | Out-Null }
    $now = [System.Environment]::GetEnvironmentVariables()
    foreach ($name in @($now.Keys)) { if (-not $state.Environment.Contains($name)) { Set-ProcessVariable $name $null | Out-Null } }
    foreach ($name in @($state.Environment.Keys)) {
        if ($now[$name] -cne $state.Environment[$name]) { Set-ProcessVariable $name $state.Environment[$name] | Out-Null }
    }
    Set-Location -LiteralPath $state.Location
    # What commands under test set in the session ($LASTEXITCODE of -DetailedExitCode, a health check's verdict).
    if ($state.ExitCode) { $global:LASTEXITCODE = $state.ExitCode.Value }
    else { Remove-Variable -Name LASTEXITCODE -Scope Global -ErrorAction SilentlyContinue }
    if ($state.Work) { Remove-Item -LiteralPath $state.Work -Recurse -Force -ErrorAction SilentlyContinue }
}

Export-ModuleMember -Function Start-TestFixture, Add-TestTenant, Connect-TestTenant, Remove-TestTenant,
    Set-TestEnvironment, Set-TestCompletionTiming, Get-TestSessionScript, Get-TestWorkFolder, New-TestFolder, New-TestRepository,
    Set-TestFile, Edit-TestFile, Stop-TestFixture
