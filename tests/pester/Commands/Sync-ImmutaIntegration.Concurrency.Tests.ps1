# Tests Sync-ImmutaIntegration applying 60 changes at once, phase by phase, against an emulator that holds every
# transition until the test settles it. A staged settle job ends a phase only once all of its requests have arrived, so
# the changes of a phase are proved to be under way together; the emulator's history proves the phases followed each other.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../Support/TestFixture.psm1')
    $script:Secret = 'concurrency-Hq4-secret-value'
    # The tenant is started below, once its seed file is written in the file's work folder.
    Start-TestFixture -NoEmulator -Environment @{ DATABRICKS_TOKEN = $Secret }

    # Workspace n: 1-10 stay as they are, 11-20 are updated, 21-30 are pruned, 31-70 are new.
    $script:Unchanged = 1..10
    $script:Updated = 11..20
    $script:Pruned = 21..30
    $script:Created = 31..70
    function Get-Workspace([int] $Number) { 'ws-{0:d2}.cloud.databricks.com' -f $Number }

    # The tenant before each sync: 30 settled Databricks integrations, ids 1 to 30 in workspace order.
    $seed = Join-Path (Get-TestWorkFolder) 'seed.yaml'
    Set-TestFile $seed (@(foreach ($number in $Unchanged + $Updated + $Pruned) {
                Get-TestDatabricksYaml (Get-Workspace $number) "sql/protocolv1/o/0/seed-$number" -Token $Secret -ListItem
            }) -join "`n")
    # Creating, editing and deleting last ten minutes here, unless the test settles them.
    $script:Emulator = Add-TestTenant -ApiKey 'concurrency-key' -Seed $seed -EmulatorArgument '--transition-delay-ms', '600000' -Current

    # The files that describe the tenant wanted: the unchanged, the updated and the new, one file each.
    function New-TestWorkspaceFolder([int[]] $Failing = @()) {
        $folder = New-TestFolder
        foreach ($number in $Unchanged + $Updated + $Created) {
            $httpPath = if ($number -in $Failing) { 'fail-http-path' }
            elseif ($number -in $Updated) { "sql/protocolv1/o/0/updated-$number" }
            else { "sql/protocolv1/o/0/seed-$number" }
            Set-TestFile (Join-Path $folder ('ws-{0:d2}.yaml' -f $number)) (Get-TestDatabricksYaml (Get-Workspace $number) $httpPath)
        }
        $folder
    }

    # Compare-ImmutaIntegration's plan in the order Sync applies and reports it: unchanged, updates, creations, deletions,
    # each in Compare's order.
    function Get-PlanOrder([string] $Folder) {
        $rank = @{ NoChange = 0; Update = 1; Replace = 2; Create = 3; Delete = 4 }
        @(Compare-ImmutaIntegration -Path $Folder -Prune | Sort-Object -Stable { $rank["$($_.Action)"] } | ForEach-Object { "$($_.Action) $($_.Target)" })
    }

    # Sync with a settle job that ends each stage's transitions once its requests have all arrived.
    function Invoke-HeldSync([string] $Folder, [hashtable[]] $Stage, [hashtable] $Sync = @{}) {
        $settle = Start-TestEmulatorSettle -Emulator $Emulator -Stage $Stage -PatienceSec 60
        try {
            $results = @(Sync-ImmutaIntegration -Path $Folder -Prune -Force -PollInterval 0.05 -ErrorVariable problems -ErrorAction SilentlyContinue @Sync)
        }
        finally { $stages = @(Receive-Job $settle -Wait -AutoRemoveJob) }
        [pscustomobject]@{ Results = $results; Stages = $stages; Problems = @($problems); History = @(Get-EmulatorHistory $Emulator) }
    }

    # The seq of the last request the history holds about any of these integrations (its change, polls, read back).
    function Get-LastSeq([object[]] $History, [string[]] $Id) {
        $pattern = '^/integrations/(' + ($Id -join '|') + ')(/|$)'
        $about = @($History | Where-Object path -Match $pattern)
        if ($about.Count -eq 0) { throw "The history holds no request about integrations $($Id -join ', ')." }
        ($about | Measure-Object -Property seq -Maximum).Maximum
    }

    # The live integrations: neither deleted nor disabled.
    function Get-LiveState { @(Get-ImmutaIntegration | Where-Object Status -NotIn 'deleted', 'disabled') }
}

AfterAll { Stop-TestFixture }

Describe 'Sync-ImmutaIntegration applying a plan concurrently' {
    BeforeEach { Reset-TestEmulator $Emulator -Seeded }

    It 'makes the 10 updates, then the 40 creations, then the 10 deletions each all at once, and reports them in plan order' {
        $folder = New-TestWorkspaceFolder
        $plan = Get-PlanOrder $folder
        $plan.Count | Should -Be 70
        @($plan -like 'Update *').Count | Should -Be 10
        @($plan -like 'Create *').Count | Should -Be 40
        @($plan -like 'Delete *').Count | Should -Be 10

        $run = Invoke-HeldSync $folder -Sync @{ ThrottleLimit = 40 } -Stage @(
            @{ Route = 'PUT /integrations/{id}'; AtLeast = 10 }
            @{ Route = 'POST /integrations'; AtLeast = 40 }
            @{ Route = 'DELETE /integrations/{id}'; AtLeast = 10 })

        # Each phase's requests all arrived while none of them had settled, and before any of the next phase's.
        $run.Stages.Reached | Should -Be @($true, $true, $true)
        ($run.Stages | ForEach-Object Count) | Should -Be @(10, 40, 10)
        $run.Stages.Settled | Should -Be @(10, 40, 10) -Because 'every change of a phase was under way when it was settled'
        $run.Stages[0].Arrived.Keys | Should -Not -Contain 'POST /integrations'
        $run.Stages[1].Arrived.Keys | Should -Not -Contain 'DELETE /integrations/{id}'

        $run.Problems | Should -BeNullOrEmpty
        @($run.Results | ForEach-Object { "$($_.Action) $($_.Target)" }) | Should -Be $plan
        $run.Results.Outcome | Sort-Object -Unique | Should -Be 'Done'

        # The history's order is the truth: a phase begins after the last request of the one before, the read back of
        # each change after the poll that found it settled.
        $history = $run.History
        $history[0].seq | Should -Be 1 -Because 'the history holds every request since the reset'
        $puts = @($history | Where-Object route -EQ 'PUT /integrations/{id}')
        $posts = @($history | Where-Object route -EQ 'POST /integrations')
        $deletes = @($history | Where-Object route -EQ 'DELETE /integrations/{id}')
        $puts.Count, $posts.Count, $deletes.Count | Should -Be @(10, 40, 10)
        $updatedIds = @($run.Results | Where-Object Action -EQ 'Update' | ForEach-Object Id)
        $createdIds = @($run.Results | Where-Object Action -EQ 'Create' | ForEach-Object Id)
        $createdIds | Sort-Object -Unique | Should -HaveCount 40
        $firstPost = ($posts.seq | Measure-Object -Minimum).Minimum
        $firstDelete = ($deletes.seq | Measure-Object -Minimum).Minimum
        $firstPost | Should -BeGreaterThan (Get-LastSeq $history $updatedIds) -Because 'no creation starts before the updates settled'
        $firstDelete | Should -BeGreaterThan (Get-LastSeq $history $createdIds) -Because 'no deletion starts before the creations settled'
        ($run.Results | Where-Object Action -In 'Update', 'Create').Integration.Status | Sort-Object -Unique | Should -Be 'enabled'

        # Exactly the 60 integrations the files describe, once each, with the updated values.
        $live = Get-LiveState
        $live | Should -HaveCount 60
        $described = @($Unchanged + $Updated + $Created | ForEach-Object { Get-Workspace $_ })
        @($live | ForEach-Object { $_.Config['workspaceUrl'] } | Sort-Object -Unique) | Should -Be $described
        $live.Status | Sort-Object -Unique | Should -Be 'enabled'
        foreach ($number in $Updated) {
            $integration = $live | Where-Object { $_.Config['workspaceUrl'] -eq (Get-Workspace $number) }
            $integration.Config['httpPath'] | Should -Be "sql/protocolv1/o/0/updated-$number"
        }
        (Compare-ImmutaIntegration -Path $folder -Prune).Action | Sort-Object -Unique | Should -Be 'NoChange'
    }

    It 'goes on with the rest of a phase and with the next phases when one change fails, 16 at a time by default; the error names the file' {
        $folder = New-TestWorkspaceFolder -Failing 31
        $failing = Join-Path $folder 'ws-31.yaml'
        $plan = Get-PlanOrder $folder

        # With the default limit of 16, the creations come in three waves of 16, 16 and 8, each settled once all of it has arrived.
        $run = Invoke-HeldSync $folder -Stage @(
            @{ Route = 'PUT /integrations/{id}'; AtLeast = 10 }
            @{ Route = 'POST /integrations'; AtLeast = 16 }
            @{ Route = 'POST /integrations'; AtLeast = 32 }
            @{ Route = 'POST /integrations'; AtLeast = 40 }
            @{ Route = 'DELETE /integrations/{id}'; AtLeast = 10 })

        $run.Stages.Reached | Should -Be @($true, $true, $true, $true, $true)
        ($run.Stages | ForEach-Object Count) | Should -Be @(10, 16, 32, 40, 10) -Because 'no more than 16 changes are under way at once'
        $run.Stages.Settled | Should -Be @(10, 16, 16, 8, 10)

        @($run.Results | ForEach-Object { "$($_.Action) $($_.Target)" }) | Should -Be $plan
        $failed = @($run.Results | Where-Object Outcome -EQ 'Failed')
        $failed | Should -HaveCount 1
        $failed[0].Target | Should -Be (Get-Workspace 31)
        $failed[0].Source | Should -Be $failing
        $failed[0].Message | Should -BeLike '*createError*'
        @($run.Results | Where-Object Outcome -EQ 'Done') | Should -HaveCount 69
        $run.Problems | Should -HaveCount 1
        $run.Problems[0].FullyQualifiedErrorId | Should -Be 'IntegrationFailed,ImmutaIntegrations.Commands.SyncImmutaIntegrationCommand'
        "$($run.Problems[0])" | Should -BeLike "*$failing*" -Because 'the error says which file it concerns'

        # The others of the phase were made, and so were the deletions after it.
        $live = Get-LiveState
        $live | Should -HaveCount 60
        ($live | Where-Object { $_.Config['workspaceUrl'] -eq (Get-Workspace 31) }).Status | Should -Be 'createError'
        @($live | Where-Object Status -EQ 'enabled') | Should -HaveCount 59
        @($live | Where-Object { $_.Config['workspaceUrl'] -in @($Pruned | ForEach-Object { Get-Workspace $_ }) }) | Should -BeNullOrEmpty
    }
}
