# The Sync scenario of the fault suite, dot-sourced by Invoke-FaultSuite.ps1 and run in its scope (the emulator,
# connection, secrets, rates, settings and the list of violations are its). With faults paused, a first sync makes the
# starting state: three quarters of -Count integrations (Amazon S3 and Databricks, each on its own target). Then the
# folder of payload files (JSON, secrets as ${env:NAME} references) changes to want a quarter of them as they are, a
# quarter updated, a quarter gone and a quarter new, and one Sync-ImmutaIntegration -Prune -ThrottleLimit applies that
# plan with faults on. Then, with faults paused, it checks:
# - every planned change has a result, Done or Failed, in plan order;
# - no duplicate: at most one live integration per target;
# - nothing lost: a change reported Done shows in the state (a creation on its target with its id and values, an
#   update with its new value, a deletion gone, an unchanged integration as it was);
# - every failure is reported: one error per failed change, with an error id, naming the file it concerns (for a
#   deletion, the integration's id);
# - no payload secret in any result, error, warning or verbose line.
# Then a second sync, faults still paused, must make every change it plans and leave exactly what the files describe:
# each target once, enabled, with the wanted values, and a third plan with nothing to do.

# Changes take a moment to settle, so the sync's waits poll through the faults.
$transitionDelayMs = 100

# Numbers 1..n stay, n+1..2n are updated, 2n+1..3n are deleted, 3n+1..4n are created (n: a quarter of -Count).
$perKind = [Math]::Max(1, [Math]::Floor($Count / 4))
$unchanged = 1..$perKind
$updated = ($perKind + 1)..(2 * $perKind)
$deleted = (2 * $perKind + 1)..(3 * $perKind)
$created = (3 * $perKind + 1)..(4 * $perKind)
$wanted = @{}
foreach ($number in $unchanged + $updated + $created) {
    $version = if ($number -in $updated) { 'updated' } else { 'original' }
    $wanted[(New-FaultSuitePayload $number 'original' $secrets).Key] = New-FaultSuitePayload $number $version $secrets
}
# One creation always fails, rejected by the platform, so the suite always sees how a failure is reported.
$rejected = $created[0]
$folder = Join-Path ([System.IO.Path]::GetTempPath()) ('sync-fault-suite-' + [guid]::NewGuid().ToString('n'))
$variables = @{ IMMUTA_FAULT_SUITE_S3_SECRET = $secrets.S3; IMMUTA_FAULT_SUITE_DATABRICKS_TOKEN = $secrets.Databricks }

# The folder holds one JSON file per number (-Wanted: the updated ones in their new version), secrets as references to
# the variables set above, and nothing else. The file of number -Failing has a value the platform refuses ('fail-...').
function Write-PayloadFiles([int[]] $Numbers, [switch] $Wanted, [int] $Failing) {
    $references = @{ S3 = '${env:IMMUTA_FAULT_SUITE_S3_SECRET}'; Databricks = '${env:IMMUTA_FAULT_SUITE_DATABRICKS_TOKEN}' }
    Get-ChildItem -LiteralPath $folder -Filter '*.json' | Remove-Item
    foreach ($number in $Numbers) {
        $version = if ($Wanted -and $number -in $updated) { 'updated' } else { 'original' }
        $entry = New-FaultSuitePayload $number $version $references
        if ($number -eq $Failing) { $entry.Payload.config[$entry.Field] = "fail-$($entry.Value)" }
        $entry.Payload | ConvertTo-Json -Depth 5 | Set-Content -LiteralPath (Join-Path $folder (Get-FileName $number)) -Encoding utf8NoBOM
    }
}

function Get-FileName([int] $Number) { 'fault-{0:d3}.json' -f $Number }

function Get-PlanOrder {
    $rank = @{ NoChange = 0; Update = 1; Replace = 2; Create = 3; Delete = 4 }
    @(Compare-ImmutaIntegration -Path $folder -Prune -Connection $connection | Sort-Object -Stable { $rank["$($_.Action)"] })
}

# The sync runs in a thread job, so the suite can stop it at its time limit; every stream comes back as objects.
function Invoke-FaultedSync {
    $job = Start-ThreadJob -ArgumentList $ModulePath, $folder, $connection, $ThrottleLimit -ScriptBlock {
        param($ModulePath, $Folder, $Connection, $ThrottleLimit)
        Import-Module $ModulePath
        Sync-ImmutaIntegration -Path $Folder -Prune -Force -Connection $Connection -ThrottleLimit $ThrottleLimit -PollInterval 0.1 -Verbose *>&1
    }
    $finished = Wait-Job $job -Timeout ([int][Math]::Max(1, ($deadline - [DateTime]::UtcNow).TotalSeconds))
    if (-not $finished) { Stop-Job $job }
    $output = @(Receive-Job $job -ErrorAction SilentlyContinue -ErrorVariable ended)
    Remove-Job $job -Force
    [pscustomobject]@{
        InTime  = [bool]$finished
        Ended   = @($ended)
        Results = @($output | Where-Object { $_ -is [ImmutaIntegrations.IntegrationSyncResult] })
        Errors  = @($output | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
        Lines   = @($output | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -or $_ -is [System.Management.Automation.WarningRecord] } |
                ForEach-Object Message)
    }
}

function Test-Results($Sync, [object[]] $Plan) {
    if (-not $Sync.InTime) { $violations.Add("The sync did not finish within the suite's $TimeLimitSec s and was stopped.") }
    foreach ($record in $Sync.Ended) { $violations.Add("The sync ended early: $($record.FullyQualifiedErrorId): $record") }
    $expected = @($Plan | ForEach-Object { "$($_.Action) $($_.Target)" })
    $got = @($Sync.Results | ForEach-Object { "$($_.Action) $($_.Target)" })
    if (($expected -join "`n") -ne ($got -join "`n")) { $violations.Add("Results: $($got.Count) of $($expected.Count) planned changes, or not in plan order.") }
    foreach ($result in $Sync.Results | Where-Object Outcome -NotIn 'Done', 'Failed') {
        $violations.Add("Results: $($result.Action) $($result.Target) is $($result.Outcome).")
    }
    $failed = @($Sync.Results | Where-Object Outcome -EQ 'Failed')
    if ($failed.Count -ne $Sync.Errors.Count) { $violations.Add("Errors: $($failed.Count) changes failed, but $($Sync.Errors.Count) errors were written.") }
    # Errors are written in plan order, each just before its result.
    for ($i = 0; $i -lt [Math]::Min($failed.Count, $Sync.Errors.Count); $i++) {
        $result, $record = $failed[$i], $Sync.Errors[$i]
        $errorId = ($record.FullyQualifiedErrorId -split ',')[0]
        $about = if ($result.Source) { "$($result.Source): " } else { "(id $($result.Id)): " }
        if (-not $errorId -or $errorId -eq 'UnexpectedError' -or -not "$record".Contains($about)) {
            $violations.Add("Unclear failure of $($result.Action) $($result.Target): $($record.FullyQualifiedErrorId): $record")
        }
    }
    $texts = @($Sync.Results | ForEach-Object Message) + @($Sync.Errors | ForEach-Object { "$_" }) + $Sync.Lines
    if (Test-FaultSuiteSecret ($texts -join "`n") $secrets) { $violations.Add('A payload secret appeared in a result, error, warning or verbose line.') }
}

# What a change reported Done must have left: its integration live on its target, with the values it was given.
function Test-Done($Sync, $State) {
    foreach ($duplicate in Find-FaultSuiteDuplicate $State.Live) { $violations.Add($duplicate) }
    $live = @{}
    foreach ($integration in $State.Live) { $live[(Get-FaultSuiteTargetKey $integration)] = $integration }
    foreach ($result in $Sync.Results | Where-Object Outcome -EQ 'Done') {
        $found = $live[$result.Target]
        if ($result.Action -eq 'Delete') {
            if ($found) {
                $violations.Add("Lost: the delete of $($result.Target) (id $($result.Id)) is reported done, but integration $($found.Id) is $($found.Status).")
            }
            continue
        }
        $want = $wanted[$result.Target]
        $value = if ($found) { $found.Config[$want.Field] } else { $null }
        if (-not $found -or $found.Id -ne $result.Id -or $value -ne $want.Value) {
            $violations.Add("Lost: the $($result.Action) of $($result.Target) is reported done with id $($result.Id), but the emulator holds " +
                $(if ($found) { "integration $($found.Id) with $($want.Field) '$value'." } else { 'none live.' }))
        }
    }
}

function Get-SyncCounts($Sync, [object[]] $Plan) {
    $measured = Measure-FaultSuiteVerbose $Sync.Lines
    $planned = [ordered]@{}
    foreach ($group in $Plan | Group-Object Action) { $planned[$group.Name] = $group.Count }
    [ordered]@{
        Planned    = $planned
        Results    = $Sync.Results.Count
        Done       = @($Sync.Results | Where-Object Outcome -EQ 'Done').Count
        Failed     = @($Sync.Results | Where-Object Outcome -EQ 'Failed').Count
        Retries    = $measured.Retries
        Reconciled = $measured.Reconciled
        Errors     = @($Sync.Errors | ForEach-Object { "$(($_.FullyQualifiedErrorId -split ',')[0]): $_" })
    }
}

# The faulted sync and the second one, with their checks; gives their counts for the summary.
function Invoke-Scenario {
    $saved = Set-ProcessVariable -Variables $variables
    New-Item -ItemType Directory -Path $folder | Out-Null
    try {
        # The starting state, made with faults paused.
        Write-PayloadFiles ($unchanged + $updated + $deleted)
        $start = @(Sync-ImmutaIntegration -Path $folder -Force -Connection $connection -PollInterval 0.05)
        if (@($start | Where-Object Outcome -EQ 'Done').Count -ne 3 * $perKind) {
            throw "The starting state was not made: $(@($start | ForEach-Object Message) -join '; ')"
        }

        # The plan, then the sync of it with faults on.
        Write-PayloadFiles ($unchanged + $updated + $created) -Wanted -Failing $rejected
        $plan = Get-PlanOrder
        Set-FaultSuiteFault $emulator -Rates $rates -Seed $Seed
        $first = Invoke-FaultedSync
        $state = Get-FaultSuiteState $emulator $connection
        if ($SelfCheck) {
            $victim = $first.Results | Where-Object { $_.Action -eq 'Create' -and $_.Outcome -eq 'Done' } | Select-Object -First 1
            Remove-ImmutaIntegration -Id $victim.Id -ForceDisable -Force -Wait -PollInterval 0.05 -Connection $connection
            Write-Host "Self-check: deleted integration $($victim.Id) behind the suite's back."
            $state = Get-FaultSuiteState $emulator $connection
        }
        Test-Results $first $plan
        Test-Done $first $state
        $meant = @($first.Results | Where-Object { $_.Source -and (Split-Path -Leaf $_.Source) -eq (Get-FileName $rejected) })
        if ($meant.Count -ne 1 -or $meant[0].Outcome -ne 'Failed') {
            $violations.Add("The creation from $(Get-FileName $rejected), which the platform rejects, is not reported as failed.")
        }

        # With faults paused and the rejected file mended, a second sync makes whatever is left, and the state becomes
        # exactly what the files say.
        Write-PayloadFiles ($unchanged + $updated + $created) -Wanted
        $secondPlan = Get-PlanOrder
        $second = Invoke-FaultedSync
        Test-Results $second $secondPlan
        $final = Get-FaultSuiteState $emulator $connection
        Test-Done $second $final
        if (@($second.Results | Where-Object Outcome -NE 'Done').Count) { $violations.Add("Not converged: the second sync, without faults, had failures.") }
        $keys = @($final.Live | ForEach-Object { Get-FaultSuiteTargetKey $_ } | Sort-Object)
        if (($keys -join ' ') -ne (@($wanted.Keys | Sort-Object) -join ' ')) {
            $violations.Add("Not converged: the live targets are not the $($wanted.Count) the files describe.")
        }
        foreach ($integration in $final.Live | Where-Object Status -NE 'enabled') {
            $violations.Add("Not converged: integration $($integration.Id) is $($integration.Status).")
        }
        $left = @(Get-PlanOrder | Where-Object Action -NE 'NoChange')
        if ($left.Count) {
            $changes = @($left | ForEach-Object { "$($_.Action) $($_.Target)" }) -join '; '
            $violations.Add("Not converged: a third plan still has $($left.Count) changes ($changes).")
        }
    }
    finally {
        Set-ProcessVariable -Variables $saved | Out-Null
        Remove-Item -LiteralPath $folder -Recurse -Force -ErrorAction SilentlyContinue
    }
    [ordered]@{
        PerKind  = $perKind
        Rejected = Get-FileName $rejected
        Faulted  = Get-SyncCounts $first $plan
        Second   = Get-SyncCounts $second $secondPlan
    }
}

function Write-ScenarioCounts($Summary) {
    foreach ($name in 'Faulted', 'Second') {
        $s = $Summary[$name]
        Write-Host ("{0,-7} {1} results: {2} done, {3} failed with a clear error; {4} retries, {5} lost answers reconciled" -f
            $name, $s.Results, $s.Done, $s.Failed, $s.Retries, $s.Reconciled)
        foreach ($line in $s.Errors) { Write-Host "        $line" }
    }
}
