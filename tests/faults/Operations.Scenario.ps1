# The Operations scenario of the fault suite, dot-sourced by Invoke-FaultSuite.ps1 and run in its scope (the emulator,
# connection, secrets, rates, settings and the list of violations are its): through one connection shared by parallel
# runspaces, it creates -Count integrations (Amazon S3 and Databricks, each on its own target), updates every one, and
# deletes every one, one New/Set/Remove-ImmutaIntegration per runspace. Every operation must either succeed or end in a
# clear error (an ImmutaApiException with an error id and a message). After each phase, with faults paused, the state is
# read back and checked:
# - no duplicate: at most one live integration per target;
# - nothing lost: every operation that succeeded shows in the state;
# - nothing unexplained: an operation that failed left the state as it was, unless its error says an answer was lost
#   (then either outcome is accepted, and the suite carries on with what it finds, as a user would).

# Creating, updating and deleting end at once: the state read after a phase is where it settled.
$transitionDelayMs = 0

# Runs one operation per item in parallel runspaces sharing the connection; each result says how it ended.
function Invoke-Phase([string] $Phase, [object[]] $Items) {
    $remaining = [int][Math]::Max(1, ($deadline - [DateTime]::UtcNow).TotalSeconds)
    $started = $clock.Elapsed
    # Results are collected as they come, so those that finished survive a stop at the time limit.
    $finished = [System.Collections.Concurrent.ConcurrentBag[object]]::new()
    try {
        $Items | ForEach-Object -ThrottleLimit $ThrottleLimit -TimeoutSeconds $remaining -Parallel {
            $item = $_
            Import-Module $using:ModulePath
            Import-Module $using:faultSuiteModule
            $connection = $using:connection
            $verbose = [System.Collections.Generic.List[string]]::new()
            $outcome = [ordered]@{
                Number = $item.Number; Key = $item.Key; Id = $item.Id; Ok = $false
                ErrorId = $null; ErrorType = $null; Message = $null; AfterLostResponse = $false
            }
            try {
                $output = switch ($using:Phase) {
                    'Create' { New-ImmutaIntegration -Payload $item.Payload -Connection $connection -Force -Verbose -ErrorAction Stop 4>&1 }
                    'Update' { Set-ImmutaIntegration -Id $item.Id -Payload $item.Payload -Connection $connection -Force -Verbose -ErrorAction Stop 4>&1 }
                    'Delete' { Remove-ImmutaIntegration -Id $item.Id -Connection $connection -Force -Verbose -ErrorAction Stop 4>&1 }
                }
                foreach ($record in $output) {
                    if ($record -is [System.Management.Automation.VerboseRecord]) { $verbose.Add($record.Message) }
                    elseif ($record -is [ImmutaIntegrations.Integration]) { $outcome.Id = $record.Id }
                }
                $outcome.Ok = $true
            }
            catch {
                $exception = $_.Exception
                $outcome.ErrorType = $exception.GetType().FullName
                $outcome.Message = $exception.Message
                if ($exception -is [ImmutaIntegrations.ImmutaApiException]) {
                    $outcome.ErrorId = $exception.ErrorId
                    $outcome.AfterLostResponse = $exception.AfterLostResponse
                }
            }
            $measured = Measure-FaultSuiteVerbose $verbose
            $outcome.Retries = $measured.Retries
            $outcome.Reconciled = $measured.Reconciled
            $outcome.Text = ($verbose + @($outcome.Message)) -join "`n"
            ($using:finished).Add([pscustomobject]$outcome)
        }
    }
    catch [System.Management.Automation.PipelineStoppedException] {
        Write-Host "$Phase stopped at the suite's time limit of $TimeLimitSec s."
    }
    $results = @($finished.ToArray())
    Write-Verbose ("{0}: {1:0.0} s" -f $Phase, ($clock.Elapsed - $started).TotalSeconds)
    # An item with no result did not finish within the time limit.
    foreach ($item in $Items) {
        if (-not ($results | Where-Object Number -EQ $item.Number)) {
            $results += [pscustomobject]@{ Number = $item.Number; Key = $item.Key; Id = $item.Id; Ok = $false; ErrorId = $null; ErrorType = 'TimeLimit'
                Message = "Did not finish within the suite's $TimeLimitSec s."; AfterLostResponse = $false; Retries = 0; Reconciled = 0; Text = '' }
        }
    }
    $results
}

function Test-Outcomes([string] $Phase, [object[]] $Results) {
    foreach ($result in $Results | Where-Object { -not $_.Ok }) {
        if (-not $result.ErrorId -or [string]::IsNullOrWhiteSpace($result.Message)) {
            $violations.Add("$Phase of $($result.Key) ended in an unclear error ($($result.ErrorType)): $($result.Message)")
        }
    }
    foreach ($result in $Results) {
        if (Test-FaultSuiteSecret $result.Text $secrets) {
            $violations.Add("$Phase of $($result.Key): a payload secret appeared in its verbose output or error.")
        }
    }
}

# One phase with faults on, its outcomes checked, then the state read back with faults paused.
function Invoke-CheckedPhase([string] $Phase, [object[]] $Items, [int] $PhaseSeed) {
    Set-FaultSuiteFault $emulator -Rates $rates -Seed $PhaseSeed
    $results = Invoke-Phase $Phase $Items
    $phases[$Phase] = $results
    Test-Outcomes $Phase $results
    $state = Get-FaultSuiteState $emulator $connection
    $byId = @{}
    foreach ($integration in $state.All) { $byId[$integration.Id] = $integration }
    [pscustomobject]@{ Results = $results; State = $state; ById = $byId }
}

# The three phases and their checks; gives the phases' counts for the summary.
function Invoke-Scenario {
    $phases = [ordered]@{}
    # Create.
    $items = foreach ($number in 1..$Count) { [pscustomobject]((New-FaultSuitePayload $number 'original' $secrets) + @{ Number = $number; Id = $null }) }
    $phase = Invoke-CheckedPhase 'Create' $items $Seed
    $results = $phase.Results
    $state = $phase.State
    if ($SelfCheck) {
        $victim = $results | Where-Object Ok | Select-Object -First 1
        Invoke-RestMethod -Method Delete -Uri "$($emulator.Url)/integrations/$($victim.Id)?forceDisable=true" -Headers @{ Authorization = $apiKey } | Out-Null
        Write-Host "Self-check: deleted integration $($victim.Id) behind the suite's back."
        $state = Get-FaultSuiteState $emulator $connection
    }
    foreach ($duplicate in Find-FaultSuiteDuplicate $state.Live) { $violations.Add($duplicate) }
    $byKey = @{}
    foreach ($integration in $state.Live) { $byKey[(Get-FaultSuiteTargetKey $integration)] = $integration }
    foreach ($result in $results) {
        $found = $byKey[$result.Key]
        if ($result.Ok -and (-not $found -or $found.Id -ne $result.Id)) {
            $violations.Add("Lost: the create of $($result.Key) succeeded with id $($result.Id), but the emulator does not hold it.")
        }
        if (-not $result.Ok -and $found -and -not $result.AfterLostResponse) {
            $violations.Add("Unexplained: the create of $($result.Key) failed ($($result.ErrorId)) without a lost answer, yet integration $($found.Id) exists.")
        }
    }
    $expectedKeys = @($results | ForEach-Object Key)
    foreach ($integration in $state.Live) {
        if ((Get-FaultSuiteTargetKey $integration) -notin $expectedKeys) {
            $violations.Add("Unexpected: integration $($integration.Id) on $(Get-FaultSuiteTargetKey $integration) was never asked for.")
        }
    }

    # Update what exists (including a create whose outcome was unknown and which turned out made).
    $items = foreach ($result in $results) {
        if ($byKey[$result.Key]) {
            [pscustomobject]((New-FaultSuitePayload $result.Number 'updated' $secrets) + @{ Number = $result.Number; Id = $byKey[$result.Key].Id })
        }
    }
    $before = $byKey
    $phase = Invoke-CheckedPhase 'Update' $items ($Seed + 1)
    $results = $phase.Results
    $byId = $phase.ById
    foreach ($item in $items) {
        $result = $results | Where-Object Number -EQ $item.Number
        $now = $byId[$item.Id]
        $value = if ($now) { $now.Config[$item.Field] } else { $null }
        if (-not $now -or $now.Status -ne 'enabled') {
            $violations.Add("Update of $($item.Key): integration $($item.Id) is $(if ($now) { $now.Status } else { 'gone' }), not enabled.")
        }
        elseif ($result.Ok -and $value -ne $item.Value) {
            $violations.Add("Lost: the update of $($item.Key) succeeded, but $($item.Field) is '$value', not '$($item.Value)'.")
        }
        elseif (-not $result.Ok -and -not $result.AfterLostResponse -and $value -ne $before[$item.Key].Config[$item.Field]) {
            $violations.Add("Unexplained: the update of $($item.Key) failed without a lost answer, yet $($item.Field) changed.")
        }
    }

    # Delete every one of them.
    $items = foreach ($item in $items) { [pscustomobject]@{ Number = $item.Number; Key = $item.Key; Id = $item.Id } }
    $phase = Invoke-CheckedPhase 'Delete' $items ($Seed + 2)
    $results = $phase.Results
    $state = $phase.State
    $byId = $phase.ById
    foreach ($result in $results) {
        # A deleted integration leaves the list (GET /integrations/{id} still shows it as deleted).
        $status = if ($byId[$result.Id]) { $byId[$result.Id].Status } else { 'deleted' }
        if ($result.Ok -and $status -ne 'deleted') { $violations.Add("Lost: the delete of integration $($result.Id) succeeded, but it is $status.") }
        if (-not $result.Ok -and -not $result.AfterLostResponse -and $status -ne 'enabled') {
            $violations.Add("Unexplained: the delete of integration $($result.Id) failed without a lost answer, yet it is $status.")
        }
    }
    $leftOver = @($state.Live | Where-Object { $id = $_.Id; -not ($phases.Delete | Where-Object { $_.Id -eq $id -and -not $_.Ok }) })
    foreach ($integration in $leftOver) {
        $violations.Add("Left over: integration $($integration.Id) on $(Get-FaultSuiteTargetKey $integration) is $($integration.Status).")
    }

    $counts = [ordered]@{}
    foreach ($phase in $phases.Keys) {
        $results = $phases[$phase]
        $counts[$phase] = [ordered]@{
            Operations = $results.Count
            Succeeded  = @($results | Where-Object Ok).Count
            Failed     = @($results | Where-Object { -not $_.Ok }).Count
            Retries    = ($results | Measure-Object Retries -Sum).Sum
            Reconciled = ($results | Measure-Object Reconciled -Sum).Sum
            Errors     = @($results | Where-Object { -not $_.Ok } | ForEach-Object { "$($_.Key): $($_.ErrorId): $($_.Message)" })
        }
    }
    [ordered]@{ Phases = $counts }
}

function Write-ScenarioCounts($Summary) {
    foreach ($phase in $Summary.Phases.Keys) {
        $p = $Summary.Phases[$phase]
        Write-Host ("{0,-7} {1} operations: {2} succeeded, {3} failed with a clear error; {4} retries, {5} lost answers reconciled" -f
            $phase, $p.Operations, $p.Succeeded, $p.Failed, $p.Retries, $p.Reconciled)
        foreach ($line in $p.Errors) { Write-Host "        $line" }
    }
}
