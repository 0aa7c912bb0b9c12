# Reliability of the commands end to end (New-, Get-, Remove- and Sync-ImmutaIntegration, Get-ImmutaIntegrationStatus),
# with the built module against the emulator on loopback: the fault suites (creates, updates and deletes under injected
# faults, one operation per runspace or one concurrent sync, then checks the emulator's state), one connection shared by
# ForEach-Object -Parallel, and a load of 8 runspaces × 250 requests. The counts are printed for the record.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../Support/TestFixture.psm1')
    $script:ApiKey = 'reliability-key'
    $script:Emulator = Start-TestFixture -ApiKey $ApiKey -Seed $null
    $script:Connection = $Emulator.Connection
    $script:ModulePath = Get-TestPath Module
    $script:FaultSuite = Join-Path (Get-TestPath Root) 'tests/faults/Invoke-FaultSuite.ps1'
    $script:NoFaults = @{ IMMUTA_FAULT_UNAVAILABLE_RATE = '0'; IMMUTA_FAULT_THROTTLE_RATE = '0'; IMMUTA_FAULT_DROP_RATE = '0' }

    # Starts the fault suite in a fresh pwsh, in the background: Receive-TestFaultSuite waits for it, prints its lines, and
    # gives them with its exit code and its JSON summary. The seed, count and rates come from IMMUTA_FAULT_* when set, so
    # CI can rerun it with others; -Environment sets more for the suite's process alone.
    function Start-TestFaultSuite([string] $Arguments = '', [hashtable] $Environment = @{}) {
        $name = 'fault-suite-{0}' -f [guid]::NewGuid().ToString('n')
        $resultPath = Join-Path (Get-TestWorkFolder) "$name.json"
        $script = Join-Path (Get-TestWorkFolder) "$name.ps1"
        Set-TestFile $script "& '$FaultSuite' $Arguments -ResultPath '$resultPath'; exit `$LASTEXITCODE"
        $pwsh = Get-PwshCommand
        $start = [System.Diagnostics.ProcessStartInfo]::new($pwsh.Path)
        foreach ($argument in @($pwsh.Arguments) + @('-NoProfile', '-NonInteractive', '-File', $script)) { $start.ArgumentList.Add($argument) }
        $start.RedirectStandardOutput = $start.RedirectStandardError = $true
        foreach ($variable in $Environment.Keys) { $start.Environment[$variable] = $Environment[$variable] }
        $process = [System.Diagnostics.Process]::Start($start)
        [pscustomobject]@{ Process = $process; Output = $process.StandardOutput.ReadToEndAsync(); Errors = $process.StandardError.ReadToEndAsync(); ResultPath = $resultPath }
    }

    function Receive-TestFaultSuite($Started) {
        $Started.Process.WaitForExit()
        $output = @(@($Started.Output.GetAwaiter().GetResult() -split "`r?`n") + @($Started.Errors.GetAwaiter().GetResult() -split "`r?`n") | Where-Object { $_ })
        $output | ForEach-Object { Write-Host "    $_" }
        $summary = if (Test-Path -LiteralPath $Started.ResultPath) { Get-Content -LiteralPath $Started.ResultPath -Raw | ConvertFrom-Json }
        [pscustomobject]@{ Output = $output; ExitCode = $Started.Process.ExitCode; Summary = $summary }
    }

    function Invoke-TestFaultSuite([string] $Arguments = '', [hashtable] $Environment = @{}) {
        Receive-TestFaultSuite (Start-TestFaultSuite $Arguments $Environment)
    }

    # The Sync scenario runs beside the Operations one: each has its own emulator, and both spend most of their time in
    # backoff waits, so together they take about as long as the longer alone. Its test receives it.
    $script:SyncScenario = Start-TestFaultSuite '-Scenario Sync'

    # Each kind of fault asked for was injected, and the client retried through them.
    function Assert-FaultsRiddenOut($Summary, [int] $Retries) {
        if ($Summary.Rates.Unavailable -gt 0) { $Summary.Faults.Unavailable | Should -BeGreaterThan 0 }
        if ($Summary.Rates.Throttle -gt 0) { $Summary.Faults.Throttled | Should -BeGreaterThan 0 }
        if ($Summary.Rates.DropAfterProcessing -gt 0) { $Summary.Faults.Dropped | Should -BeGreaterThan 0 }
        if ($Summary.Rates.Unavailable + $Summary.Rates.Throttle + $Summary.Rates.DropAfterProcessing -gt 0) { $Retries | Should -BeGreaterThan 0 }
    }

    function Get-EmulatorStats { Invoke-RestMethod -Uri "$($Emulator.Url)/_emulator/stats" -Headers @{ Authorization = $ApiKey } }

    function New-S3Payload([string] $Name) {
        @{ type = 'Native S3'; autoBootstrap = $false; config = @{
                name = $Name; awsAccountId = '123456789012'; awsRegion = 'us-east-1'; awsLocationRole = 'arn:aws:iam::123456789012:role/reliability'
                awsLocationPath = "s3://$Name/"; authenticationType = 'auto'; awsRoleToAssume = 'arn:aws:iam::123456789012:role/reliability-access'
            } }
    }
}

AfterAll {
    # Not received when its test was filtered out: stopped with its emulator, not left running.
    if ($SyncScenario -and -not $SyncScenario.Process.HasExited) { $SyncScenario.Process.Kill($true) }
    Stop-TestFixture
}

Describe 'New-, Set- and Remove-ImmutaIntegration under the fault suite' {
    It 'creates, updates and deletes every integration through 503s, 429s and dropped answers, and leaves exactly what was intended' {
        $run = Invoke-TestFaultSuite

        $run.ExitCode | Should -Be 0 -Because ($run.Output -join "`n")
        $run.Output | Should -Contain 'State: exactly as intended (no duplicate, nothing lost)'
        $summary = $run.Summary
        $summary.Violations | Should -BeNullOrEmpty
        $summary.Phases.Create.Operations | Should -Be $summary.Count
        # Every operation ended: in success, or in a clear error that the suite listed.
        foreach ($phase in 'Create', 'Update', 'Delete') {
            $p = $summary.Phases.$phase
            $p.Succeeded + $p.Failed | Should -Be $p.Operations
            @($p.Errors).Count | Should -Be $p.Failed
        }
        # The faults were there, and the client rode them out: retries, and lost answers reconciled.
        Assert-FaultsRiddenOut $summary -Retries $summary.Phases.Create.Retries
        if ($summary.Rates.DropAfterProcessing -gt 0) {
            $summary.Phases.Create.Reconciled + $summary.Phases.Update.Reconciled + $summary.Phases.Delete.Reconciled | Should -BeGreaterThan 0
        }
    }

    It 'reports a state that is not what was intended' {
        $run = Invoke-TestFaultSuite '-Count 4 -SelfCheck' $NoFaults

        $run.ExitCode | Should -Be 1
        $run.Output | Should -Contain 'State: 1 violations'
        ($run.Output | Where-Object { $_ -like 'VIOLATION: Lost: the create of * succeeded with id *, but the emulator does not hold it.' }) | Should -HaveCount 1
    }
}

Describe 'Sync-ImmutaIntegration under the fault suite (its Sync scenario)' {
    It 'syncs updates, creations and deletions 16 at once through 503s, 429s and dropped answers: each done or reported, none duplicated or lost' {
        $run = Receive-TestFaultSuite $SyncScenario

        $run.ExitCode | Should -Be 0 -Because ($run.Output -join "`n")
        $run.Output | Should -Contain 'State: exactly as intended (no duplicate, nothing lost)'
        $summary = $run.Summary
        $summary.Violations | Should -BeNullOrEmpty
        $faulted = $summary.Faulted
        foreach ($action in 'NoChange', 'Update', 'Create', 'Delete') { $faulted.Planned.$action | Should -Be $summary.PerKind }
        $faulted.Results | Should -Be (4 * $summary.PerKind) -Because 'every planned change has a result'
        $faulted.Done + $faulted.Failed | Should -Be $faulted.Results
        @($faulted.Errors).Count | Should -Be $faulted.Failed
        # The file the platform rejects failed (ended in createError, or met too many faults before), and its error names it.
        @($faulted.Errors | Where-Object { $_ -like "*: *$($summary.Rejected): *" }) | Should -HaveCount 1
        foreach ($line in $faulted.Errors) {
            $line | Should -Match '^[A-Za-z]+: (\S+\.json|.+ \(id \d+\)): ' -Because 'each error has its id and names its file or integration'
        }
        Assert-FaultsRiddenOut $summary -Retries $faulted.Retries
        # Without faults, the second sync made whatever was left, and all of it.
        $summary.Second.Failed | Should -Be 0
        $summary.Second.Results | Should -BeGreaterOrEqual (3 * $summary.PerKind)
        $summary.Second.Done | Should -Be $summary.Second.Results
    }

    It 'reports a change reported done that the state does not show' {
        $run = Invoke-TestFaultSuite '-Scenario Sync -Count 8 -SelfCheck' $NoFaults

        $run.ExitCode | Should -Be 1
        $run.Output | Should -Contain 'State: 1 violations'
        $run.Summary.Violations | Should -HaveCount 1
        $lost = 'VIOLATION: Lost: the Create of * is reported done with id *, but the emulator holds none live.'
        ($run.Output | Where-Object { $_ -like $lost }) | Should -HaveCount 1
    }
}

Describe 'New-, Get- and Remove-ImmutaIntegration: one connection shared by ForEach-Object -Parallel -ThrottleLimit 8' {
    BeforeAll { Reset-TestEmulator $Emulator }

    It 'creates, reads and removes 24 integrations from 8 runspaces at once' {
        $connection = $Connection
        $created = 1..24 | ForEach-Object -ThrottleLimit 8 -Parallel {
            Import-Module $using:ModulePath
            $payload = @{ type = 'Native S3'; autoBootstrap = $false; config = @{
                    name = "parallel-$_"; awsAccountId = '123456789012'; awsRegion = 'us-east-1'; awsLocationRole = 'arn:aws:iam::123456789012:role/reliability'
                    awsLocationPath = "s3://parallel-$_/"; authenticationType = 'auto'; awsRoleToAssume = 'arn:aws:iam::123456789012:role/reliability-access'
                } }
            New-ImmutaIntegration -Payload $payload -Connection $using:connection -Force
        } -ErrorVariable createErrors

        $createErrors | Should -BeNullOrEmpty
        $created | Should -HaveCount 24
        @($created.Id | Sort-Object -Unique) | Should -HaveCount 24

        $read = $created | ForEach-Object -ThrottleLimit 8 -Parallel {
            Import-Module $using:ModulePath
            Get-ImmutaIntegration -Id $_.Id -Connection $using:connection
        } -ErrorVariable readErrors
        $readErrors | Should -BeNullOrEmpty
        @($read | Sort-Object { [int]$_.Id } | ForEach-Object { $_.Config['name'] }) | Should -Be @($created | Sort-Object { [int]$_.Id } | ForEach-Object { $_.Config['name'] })

        $created | ForEach-Object -ThrottleLimit 8 -Parallel {
            Import-Module $using:ModulePath
            Remove-ImmutaIntegration -Id $_.Id -Connection $using:connection -Force
        } -ErrorVariable removeErrors
        $removeErrors | Should -BeNullOrEmpty
        @(Get-ImmutaIntegration -Connection $Connection | Where-Object { $_.Status -notin 'deleted', 'disabled' }) | Should -BeNullOrEmpty
        Get-EmulatorRequestCount $Emulator 'POST /integrations' | Should -Be 24
    }

    It 'shares one bearer token among the runspaces' {
        $bearer = Connect-TestTenant $Emulator -AuthMode Bearer
        $before = Get-EmulatorRequestCount $Emulator 'POST /bim/apikey/authenticate'
        $statuses = 1..8 | ForEach-Object -ThrottleLimit 8 -Parallel {
            Import-Module $using:ModulePath
            foreach ($i in 1..10) { Get-ImmutaIntegration -Connection $using:bearer | Measure-Object | Select-Object -ExpandProperty Count }
        } -ErrorVariable bearerErrors

        $bearerErrors | Should -BeNullOrEmpty
        $statuses | Should -HaveCount 80
        # The token got by Connect-Immuta serves every runspace: none of them authenticates again.
        Get-EmulatorRequestCount $Emulator 'POST /bim/apikey/authenticate' | Should -Be $before
    }
}

Describe 'Get-ImmutaIntegrationStatus under load' {
    BeforeAll {
        Reset-TestEmulator $Emulator
        $script:Target = New-ImmutaIntegration -Payload (New-S3Payload 'load') -Connection $Connection -Force
    }

    It '8 runspaces × 250 requests on one connection: no errors, and the connections opened stay bounded' {
        $connection = $Connection
        $id = $Target.Id
        $before = Get-EmulatorStats
        $clock = [System.Diagnostics.Stopwatch]::StartNew()

        $failures = 1..8 | ForEach-Object -ThrottleLimit 8 -Parallel {
            Import-Module $using:ModulePath
            $failed = 0
            foreach ($i in 1..250) {
                try { $null = Get-ImmutaIntegrationStatus -Id $using:id -Connection $using:connection -ErrorAction Stop }
                catch { $failed++ }
            }
            $failed
        }

        $clock.Stop()
        $after = Get-EmulatorStats
        $requests = $after.requests - $before.requests
        $connections = $after.connections - $before.connections
        Write-Host ("    Load: {0} requests from 8 runspaces in {1:0.0} s ({2:0} per second); {3} connections opened" -f
            $requests, $clock.Elapsed.TotalSeconds, ($requests / $clock.Elapsed.TotalSeconds), $connections)

        ($failures | Measure-Object -Sum).Sum | Should -Be 0
        $requests | Should -Be 2000
        # The client keeps its connections open and reuses them: at most one per runspace at a time, and never
        # beyond its pool's limit, however many requests.
        $connections | Should -BeLessOrEqual 16
        $connections | Should -BeGreaterThan 0
    }
}
