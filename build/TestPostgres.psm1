# A throwaway PostgreSQL server for the tests, shared by build.ps1 -Task Test and the Pester tests.
# - Start-TestPostgres: initdb in a new temporary folder, then the server, listening on a free loopback port only and
#   on a socket in that folder, with password (SCRAM) authentication for a superuser whose password is random. Run as
#   root (as here and in CI), it runs initdb and the server as an unprivileged user (postgres where it exists, else
#   nobody), since PostgreSQL refuses to run as root. Binaries that are missing are installed from the distribution's
#   packages when running as root, else the error says how to install them.
# - Stop-TestPostgres: a fast shutdown by the server's process id (SIGKILL if it does not end), then the folder is
#   removed. A watchdog does the same should the process that started the server die without
#   stopping it (killed, or interrupted past its finally blocks).
# - Set-/Get-TestPostgresEnvironment: the connection details in IMMUTA_TEST_PG_* variables, for the processes started
#   after them (build.ps1 sets them for the Pester run; the tests read them).

Set-StrictMode -Version Latest
Import-Module (Join-Path $PSScriptRoot 'BuildTools.psm1')

$script:Variables = [ordered]@{
    Host = 'IMMUTA_TEST_PG_HOST'; Port = 'IMMUTA_TEST_PG_PORT'; Database = 'IMMUTA_TEST_PG_DATABASE'
    User = 'IMMUTA_TEST_PG_USER'; Password = 'IMMUTA_TEST_PG_PASSWORD'
}

# The folder of initdb and postgres: $env:IMMUTA_TEST_PG_BIN, else pg_config's, else the newest Debian layout's.
function Find-PostgresBin {
    $candidates = @($env:IMMUTA_TEST_PG_BIN)
    $pgConfig = Get-Command pg_config -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
    if ($pgConfig) { $candidates += (& $pgConfig.Source --bindir 2>$null) }
    $candidates += Get-ChildItem -Path '/usr/lib/postgresql/*/bin' -Directory -ErrorAction SilentlyContinue |
        Sort-Object { [int]($_.Parent.Name -replace '\D', '') } -Descending | ForEach-Object FullName
    foreach ($folder in $candidates | Where-Object { $_ }) {
        if (@('initdb', 'postgres' | Where-Object { Test-Path -LiteralPath (Join-Path $folder $_) }).Count -eq 2) { return $folder }
    }
    $null
}

function Test-Root { ($IsLinux -or $IsMacOS) -and (& id -u) -eq '0' }

# Installs the server from Debian's packages when running as root; else fails saying how to.
function Install-PostgresServer {
    $apt = Get-Command apt-get -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
    if (-not (Test-Root) -or -not $apt) {
        throw ('PostgreSQL''s server binaries (initdb, postgres) were not found, and the tests need a PostgreSQL server. ' +
            'Install them (Debian or Ubuntu: sudo apt-get install postgresql) or set IMMUTA_TEST_PG_BIN to the folder that holds them.')
    }
    Write-Host 'PostgreSQL: server binaries not found; installing them: apt-get install -y --no-install-recommends postgresql'
    $saved = $env:DEBIAN_FRONTEND
    $env:DEBIAN_FRONTEND = 'noninteractive'
    try {
        & $apt.Source update -q | Out-Host
        & $apt.Source install -y -q --no-install-recommends postgresql | Out-Host
        if ($LASTEXITCODE -ne 0) { throw "PostgreSQL: apt-get install postgresql failed (exit code $LASTEXITCODE)." }
    }
    finally { $env:DEBIAN_FRONTEND = $saved }
    $bin = Find-PostgresBin
    if (-not $bin) { throw 'PostgreSQL: apt-get installed postgresql, but initdb and postgres are still not found.' }
    $bin
}

# Who runs the cluster: nobody in particular when not root; as root, an unprivileged user, since PostgreSQL refuses root.
function Get-ClusterAccount {
    if (-not (Test-Root)) { return $null }
    $name = @('postgres', 'nobody' | Where-Object { $null = & id -u $_ 2>$null; $LASTEXITCODE -eq 0 })[0]
    if (-not $name) { throw 'PostgreSQL refuses to run as root, and neither the postgres nor the nobody user exists to run it as.' }
    $setpriv = Get-Command setpriv -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
    if (-not $setpriv) { throw 'PostgreSQL refuses to run as root, and setpriv (util-linux) is not there to run it as another user.' }
    # setpriv execs (runuser would fork and stay between this process and the server, whose id must be the one stopped).
    $prefix = @($setpriv.Source, "--reuid=$(& id -u $name)", "--regid=$(& id -g $name)", '--clear-groups', '--')
    [pscustomobject]@{ Name = $name; Prefix = [string[]]$prefix }
}

# Runs a program as the cluster's account, and fails with its output on a non-zero exit.
function Invoke-ClusterProgram($Account, [string] $Program, [string[]] $ArgumentList) {
    $command = @(if ($Account) { $Account.Prefix }) + $Program
    $output = & $command[0] @($command | Select-Object -Skip 1) @ArgumentList 2>&1 | ForEach-Object { "$_" }
    if ($LASTEXITCODE -ne 0) { throw "PostgreSQL: $(Split-Path -Leaf $Program) failed (exit code $LASTEXITCODE): $($output -join "`n")" }
}

# A loopback port that was free a moment ago (the server binds it; a start that loses the race is tried again).
function Get-FreeLoopbackPort {
    $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $listener.Start()
    try { $listener.LocalEndpoint.Port } finally { $listener.Stop() }
}

function New-RandomSecret([int] $Length = 32) {
    $alphabet = 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789'
    -join (1..$Length | ForEach-Object { $alphabet[[System.Security.Cryptography.RandomNumberGenerator]::GetInt32($alphabet.Length)] })
}

# The server as a child of this process (pg_ctl start would leave it to PID 1, which need not reap it, so it would linger
# as a zombie), its output appended to the log. setpriv and sh exec in turn: the process is the server itself.
function Start-Server($Account, [string] $Postgres, [string] $Data, [int] $Port, [string] $Log) {
    $command = @(if ($Account) { $Account.Prefix }) + @('sh', '-c', 'exec "$0" "$@" >>"$POSTGRES_TEST_LOG" 2>&1', $Postgres, '-D', $Data, '-p', $Port)
    $info = [System.Diagnostics.ProcessStartInfo]::new($command[0])
    foreach ($argument in $command | Select-Object -Skip 1) { $info.ArgumentList.Add([string]$argument) }
    $info.UseShellExecute = $false
    $info.RedirectStandardInput = $true
    $info.Environment['POSTGRES_TEST_LOG'] = $Log
    $process = [System.Diagnostics.Process]::Start($info)
    $process.StandardInput.Close()
    $process
}

# Ready when postmaster.pid says so (its 8th line, as pg_ctl -w reads it); not when the server has ended.
function Wait-ServerReady([System.Diagnostics.Process] $Server, [string] $Data, [int] $TimeoutSec) {
    $file = Join-Path $Data 'postmaster.pid'
    $clock = [System.Diagnostics.Stopwatch]::StartNew()
    while (-not $Server.HasExited -and $clock.Elapsed.TotalSeconds -lt $TimeoutSec) {
        $lines = @(if (Test-Path -LiteralPath $file) { Get-Content -LiteralPath $file -ErrorAction SilentlyContinue })
        if ($lines.Count -ge 8 -and $lines[0] -eq $Server.Id -and $lines[7].Trim() -eq 'ready') { return $true }
        Start-Sleep -Milliseconds 50
    }
    $false
}

# Stops the server and removes the folder once the process $OwnerId is gone, unless stopped first (then killed by its id).
function Start-Watchdog([int] $OwnerId, [int] $ServerId, [string] $Folder) {
    $script = "trap '' INT HUP; while kill -0 $OwnerId 2>/dev/null && kill -0 $ServerId 2>/dev/null; do sleep 1; done; " +
        "kill -INT $ServerId 2>/dev/null; n=0; while kill -0 $ServerId 2>/dev/null && [ `$n -lt 50 ]; do sleep 0.2; n=`$((n+1)); done; " +
        "kill -KILL $ServerId 2>/dev/null; rm -rf '$Folder'"
    $info = [System.Diagnostics.ProcessStartInfo]::new('sh')
    foreach ($argument in '-c', $script) { $info.ArgumentList.Add($argument) }
    $info.UseShellExecute = $false
    $info.RedirectStandardInput = $info.RedirectStandardOutput = $info.RedirectStandardError = $true
    $process = [System.Diagnostics.Process]::Start($info)
    $process.StandardInput.Close()
    $process
}

<#
.SYNOPSIS
    Starts a throwaway PostgreSQL server on loopback and returns its connection details; stop it with Stop-TestPostgres.
#>
function Start-TestPostgres {
    [CmdletBinding()]
    param([int] $StartTimeoutSec = 60, [int] $PortAttempts = 3)
    if ($IsWindows) { throw 'Start-TestPostgres runs PostgreSQL on Linux or macOS only.' }
    $clock = [System.Diagnostics.Stopwatch]::StartNew()
    $bin = Find-PostgresBin
    if (-not $bin) { $bin = Install-PostgresServer }
    $account = Get-ClusterAccount
    $folder = Join-Path ([System.IO.Path]::GetTempPath()) ('immuta-pg-' + (New-RandomSecret 10).ToLowerInvariant())
    $user = 'immuta_test'
    $password = New-RandomSecret
    New-Item -ItemType Directory -Path (Join-Path $folder 'socket') -Force | Out-Null
    $server = $watchdog = $null
    $handedOver = $false
    try {
        if ($account) { & chown -R "$($account.Name):" $folder; if ($LASTEXITCODE -ne 0) { throw "PostgreSQL: could not give $folder to $($account.Name)." } }
        & chmod 700 $folder
        $data = Join-Path $folder 'data'
        $passwordFile = Join-Path $folder 'password'
        # Made by the cluster's account, which reads it, in a folder no one else can open; gone once initdb has read it.
        Invoke-ClusterProgram $account '/usr/bin/touch' $passwordFile
        Set-Content -LiteralPath $passwordFile -Value $password -NoNewline
        try {
            Invoke-ClusterProgram $account (Join-Path $bin 'initdb') @('-D', $data, '-U', $user, "--pwfile=$passwordFile", '--auth=scram-sha-256',
                '--encoding=UTF8', '--locale=C', '--no-sync', '--no-instructions')
        }
        finally { Remove-Item -LiteralPath $passwordFile -Force -ErrorAction SilentlyContinue }
        $initialized = $clock.Elapsed.TotalSeconds
        # A throwaway cluster: durability buys nothing, speed on a busy machine does.
        Add-Content -LiteralPath (Join-Path $data 'postgresql.conf') -Value @(
            '', "# Throwaway test cluster (build/TestPostgres.psm1)", "listen_addresses = '127.0.0.1'", "unix_socket_directories = '$folder/socket'",
            'fsync = off', 'synchronous_commit = off', 'full_page_writes = off', 'max_connections = 50', 'shared_buffers = 32MB')
        $log = Join-Path $folder 'server.log'
        for ($attempt = 1; ; $attempt++) {
            $port = Get-FreeLoopbackPort
            $server = Start-Server $account (Join-Path $bin 'postgres') $data $port $log
            if (Wait-ServerReady $server $data $StartTimeoutSec) { break }
            $text = if (Test-Path -LiteralPath $log) { (Get-Content -LiteralPath $log -Tail 20) -join "`n" } else { '' }
            if (-not $server.HasExited) { $server.Kill(); $server.WaitForExit(5000) | Out-Null }
            if ($text -notmatch 'could not (bind|create any TCP/IP sockets)' -or $attempt -ge $PortAttempts) {
                throw "PostgreSQL: the server did not start within $StartTimeoutSec s:`n$text"
            }
        }
        $serverId = $server.Id
        $watchdog = Start-Watchdog -OwnerId $PID -ServerId $serverId -Folder $folder
        $elapsed = $clock.Elapsed.TotalSeconds
        Write-Host ('PostgreSQL: started in {0:N1} s (initdb {1:N1} s, start {2:N1} s): {3}, process {4}, 127.0.0.1:{5}, as {6}' -f $elapsed, $initialized,
            ($elapsed - $initialized), (Split-Path -Parent $bin), $serverId, $port, $(if ($account) { "OS user $($account.Name)" } else { 'this user' }))
        $handedOver = $true
        [pscustomobject]@{
            PSTypeName = 'ImmutaIntegrations.Build.TestPostgres'
            Host = '127.0.0.1'; Port = $port; User = $user; Password = $password; Database = 'postgres'
            ProcessId = $serverId; Process = $server; Folder = $folder; LogPath = $log; Bin = $bin; Watchdog = $watchdog; StartSeconds = $elapsed
        }
    }
    finally {
        # A failed or interrupted start leaves nothing behind.
        if (-not $handedOver) {
            if ($server -and -not $server.HasExited) { $server.Kill(); $server.WaitForExit(5000) | Out-Null }
            if ($watchdog -and -not $watchdog.HasExited) { $watchdog.Kill() }
            Remove-Item -LiteralPath $folder -Recurse -Force -ErrorAction SilentlyContinue
        }
    }
}

<#
.SYNOPSIS
    Stops a server of Start-TestPostgres by its process id and removes its folder; says how long it took.
#>
function Stop-TestPostgres {
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Server, [int] $TimeoutSec = 30)
    $clock = [System.Diagnostics.Stopwatch]::StartNew()
    # SIGINT is PostgreSQL's fast shutdown: sessions are ended, and the server exits once they have.
    if (-not $Server.Process.HasExited) { & kill -INT $Server.ProcessId 2>$null }
    $stopped = $Server.Process.WaitForExit($TimeoutSec * 1000)
    if (-not $stopped) {
        $Server.Process.Kill()
        $stopped = $Server.Process.WaitForExit(5000)
    }
    if ($Server.Watchdog -and -not $Server.Watchdog.HasExited) { $Server.Watchdog.Kill(); $Server.Watchdog.WaitForExit(5000) | Out-Null }
    Remove-Item -LiteralPath $Server.Folder -Recurse -Force -ErrorAction SilentlyContinue
    $how = if ($stopped) { 'stopped' } else { 'did NOT stop' }
    Write-Host ('PostgreSQL: {0} (process {1}) in {2:N1} s' -f $how, $Server.ProcessId, $clock.Elapsed.TotalSeconds)
    if (-not $stopped) { throw "PostgreSQL: the server (process $($Server.ProcessId)) did not stop." }
}

<#
.SYNOPSIS
    Puts a server's connection details in the IMMUTA_TEST_PG_* variables of this process (and the processes it starts).
#>
function Set-TestPostgresEnvironment {
    param($Server)
    foreach ($name in $script:Variables.Keys) { Set-ProcessVariable $script:Variables[$name] $(if ($Server) { [string]$Server.$name }) | Out-Null }
}

<#
.SYNOPSIS
    The connection details in the IMMUTA_TEST_PG_* variables, or nothing when they are not all set.
#>
function Get-TestPostgresEnvironment {
    $details = [ordered]@{}
    foreach ($name in $script:Variables.Keys) {
        $value = [Environment]::GetEnvironmentVariable($script:Variables[$name])
        if (-not $value) { return $null }
        $details[$name] = $value
    }
    [pscustomobject]$details
}

Export-ModuleMember -Function Start-TestPostgres, Stop-TestPostgres, Set-TestPostgresEnvironment, Get-TestPostgresEnvironment, Find-PostgresBin
