# Tests Sync-ImmutaIntegration stopped part way (Ctrl+C), against the built module and an emulator that holds every
# transition until the test settles it. The warning says exactly what was made: a change whose request the emulator
# answered is made (settled, or not yet settled) with the emulator's id, one in flight is not known, only one never sent
# is not made; under a pipeline agent the run's summary says the same. Each test stops on what the emulator proves (a
# request answered and the wait's first look after it, which the client sends only once it has read the answer), never
# on a time.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../Support/TestFixture.psm1')
    $script:Secret = 'stop-Rw2-secret-token'
    # Creating, editing and deleting last ten minutes here, unless the test settles them.
    $script:Emulator = Start-TestFixture -ApiKey 'stop-key' -Seed $null -EmulatorArgument '--transition-delay-ms', '600000' -Environment @{
        DATABRICKS_TOKEN = $Secret
    }
    $script:Connection = $Emulator.Connection

    function Get-Workspace([int] $Number) { 'stop-{0:d2}.cloud.databricks.com' -f $Number }

    # A folder of payload files, one Databricks creation each, the token a reference to the environment.
    function New-TestCreationFolder([int] $Count) {
        $folder = New-TestFolder
        foreach ($number in 1..$Count) {
            Set-TestFile (Join-Path $folder ('{0:d2}.yaml' -f $number)) (Get-TestDatabricksYaml (Get-Workspace $number) 'sql/protocolv1/o/0/1')
        }
        $folder
    }

    function Get-FirstLook { Get-EmulatorFirstLook $Emulator }

    function Get-AnsweredCount([string] $Route) { @(Get-EmulatorHistory $Emulator | Where-Object { $_.route -eq $Route -and $_.PSObject.Properties['endedMs'] }).Count }

    # The one stop report the host was given.
    function Get-StopReport($Run) {
        $reports = @($Run.Host.Warnings | Where-Object { $_.StartsWith('Sync-ImmutaIntegration was stopped. Where each change stands:', [StringComparison]::Ordinal) })
        $reports | Should -HaveCount 1
        $reports[0]
    }

    # The changes listed under a heading of the report, one a line.
    function Get-Section([string] $Report, [string] $Heading) {
        $lines = $Report -split "`n"
        $at = [array]::FindIndex($lines, [Predicate[string]] { param($line) $line.StartsWith($Heading, [StringComparison]::Ordinal) })
        if ($at -lt 0) { throw "No '$Heading' in the report:`n$Report" }
        $listed = [System.Collections.Generic.List[string]]::new()
        for ($n = $at + 1; $n -lt $lines.Count -and $lines[$n].StartsWith('  '); $n++) { $listed.Add($lines[$n].Trim()) }
        $listed.ToArray()
    }

    function Get-ReportedId([string[]] $Lines) { @($Lines | ForEach-Object { [regex]::Match($_, '\(id (\d+)\)').Groups[1].Value } | Sort-Object) }

    function Get-IdByWorkspace { $ids = @{}; foreach ($i in Get-ImmutaIntegration) { $ids[$i.Config.workspaceUrl] = $i.Id }; $ids }
}

AfterAll { Stop-TestFixture }

Describe 'Sync-ImmutaIntegration stopped part way' {
    BeforeEach { Reset-TestEmulator $Emulator }

    It 'reports all 30 creations made, with the emulator''s ids, when stopped with 16 settled and the other 14 answered but held' {
        $folder = New-TestCreationFolder 30
        # The default -ThrottleLimit (16).
        $run = Start-TestPipeline 'Sync-ImmutaIntegration -Path $Folder -PollInterval 0.05 -Force -Connection $Immuta' @{ Folder = $folder; Immuta = $Connection }
        try {
            Wait-TestState { (Get-AnsweredCount 'POST /integrations') -ge 16 } 'the first 16 creations answered'
            Complete-TestEmulatorTransition $Emulator | Should -Be 16
            Wait-TestState { $run.Output.Count -ge 16 -and (Get-FirstLook).Count -eq 30 } 'the first 16 results, and every creation''s answer read'
            $run.Shell.Stop()
        }
        finally { Stop-TestPipeline $run }

        $integrations = @(Get-ImmutaIntegration)
        $enabled = @($integrations | Where-Object Status -EQ 'enabled' | ForEach-Object Id | Sort-Object)
        $creating = @($integrations | Where-Object Status -EQ 'creating' | ForEach-Object Id | Sort-Object)
        $enabled.Count, $creating.Count | Should -Be 16, 14
        $report = Get-StopReport $run
        Get-ReportedId (Get-Section $report 'Made and settled (16):') | Should -Be $enabled
        Get-ReportedId (Get-Section $report 'Made, not yet settled (14):') | Should -Be $creating
        @([regex]::Match($report, 'Wait-ImmutaIntegration -Id ([\d,]+)').Groups[1].Value -split ',' | Sort-Object) | Should -Be $creating
        $report | Should -Not -Match 'not made|not known'
        $report | Should -Not -Match ([regex]::Escape($Secret))
        # As the user found: the next sync finds all 30 there.
        Complete-TestEmulatorTransition $Emulator | Should -Be 14
        @(Compare-ImmutaIntegration -Path $folder | Where-Object Action -NE 'NoChange') | Should -BeNullOrEmpty
    }

    It 'reports the changes never sent as not made, one at a time (from <Source>): the first settled, the second answered, the third not sent' -ForEach @(
        @{ Source = 'payload files' }
        @{ Source = 'a saved plan' }
    ) {
        $folder = New-TestCreationFolder 3
        $planFile = Join-Path (Get-TestWorkFolder) "$([guid]::NewGuid().ToString('n')).json"
        $from = if ($Source -eq 'a saved plan') { Compare-ImmutaIntegration -Path $folder -OutFile $planFile | Out-Null; '-Plan $PlanFile' } else { '-Path $Folder' }
        $run = Start-TestPipeline "Sync-ImmutaIntegration $from -ThrottleLimit 1 -PollInterval 0.05 -Force -Connection `$Immuta" @{
            Folder = $folder; PlanFile = $planFile; Immuta = $Connection
        }
        try {
            Wait-TestState { (Get-FirstLook).Count -ge 1 } 'the first creation''s answer read'
            Complete-TestEmulatorTransition $Emulator | Should -Be 1
            Wait-TestState { (Get-FirstLook).Count -ge 2 } 'the second creation''s answer read'
            $run.Shell.Stop()
        }
        finally { Stop-TestPipeline $run }

        $ids = Get-IdByWorkspace
        $report = Get-StopReport $run
        Get-Section $report 'Made and settled (1):' | Should -Be "Create Databricks $(Get-Workspace 1) (id $($ids[(Get-Workspace 1)]))"
        Get-Section $report 'Made, not yet settled (1):' | Should -Be "Create Databricks $(Get-Workspace 2) (id $($ids[(Get-Workspace 2)]))"
        $report | Should -BeLike "*follow them with Wait-ImmutaIntegration -Id $($ids[(Get-Workspace 2)]).*"
        Get-Section $report 'Not sent, so not made (1):' | Should -Be "Create Databricks $(Get-Workspace 3)"
        Get-EmulatorRequestCount $Emulator 'POST /integrations' | Should -Be 2 -Because 'the third was never sent'
        $report | Should -Not -Match ([regex]::Escape($Secret))
    }

    It 'reports a creation whose request the emulator holds as in flight, not known, with how to find out' {
        $folder = New-TestCreationFolder 2
        # Held on arrival (it is counted first): sent, and not answered while the test runs.
        $faults = @{ latencyMs = 120000; routes = @('POST /integrations') } | ConvertTo-Json
        Invoke-RestMethod -Method Post -Uri "$($Emulator.Url)/_emulator/faults" -Headers @{ Authorization = $Emulator.ApiKey } -Body $faults -ContentType 'application/json' | Out-Null
        $run = Start-TestPipeline 'Sync-ImmutaIntegration -Path $Folder -ThrottleLimit 1 -Force -Connection $Immuta' @{ Folder = $folder; Immuta = $Connection }
        try {
            Wait-TestState { (Get-EmulatorRequestCount $Emulator 'POST /integrations') -ge 1 } 'the first creation sent'
            $run.Shell.Stop()
        }
        finally { Stop-TestPipeline $run }

        $report = Get-StopReport $run
        Get-Section $report 'In flight at the stop, so not known (1):' | Should -Be "Create Databricks $(Get-Workspace 1)"
        $report | Should -BeLike '*Get-ImmutaIntegration, or Compare-ImmutaIntegration on the same files, tells whether each was made*'
        Get-Section $report 'Not sent, so not made (1):' | Should -Be "Create Databricks $(Get-Workspace 2)"
    }
}

# As a pipeline step runs it: a fresh pwsh with the agent's variables, the sync in a pipeline of its own on the console's
# host, stopped as Ctrl+C stops the one at the prompt (a cancelled job's agent sends the step Ctrl+C). The first creation
# settled, the second answered and held, the third never sent.
Describe 'Sync-ImmutaIntegration stopped part way <Agent>' -ForEach @(
    @{ Agent = 'under Azure DevOps' }
    @{ Agent = 'under GitHub Actions' }
    @{ Agent = 'outside an agent' }
) {
    BeforeEach {
        Reset-TestEmulator $Emulator
        $script:Root = New-TestFolder
        New-TestFolder "$(Split-Path -Leaf $Root)-agent" | Out-Null
        $script:Environment = Get-TestJobEnvironment $Emulator @{ DATABRICKS_TOKEN = $Secret; SYNC_FOLDER = (New-TestCreationFolder 3) }
        foreach ($name in 'TF_BUILD', 'GITHUB_ACTIONS', 'BUILD_SOURCESDIRECTORY', 'GITHUB_WORKSPACE', 'GITHUB_STEP_SUMMARY', 'AGENT_TEMPDIRECTORY', 'IMMUTA_CI_ANNOTATIONS') {
            $Environment[$name] = $null
        }
        switch ($Agent) {
            'under Azure DevOps' { $Environment.TF_BUILD = 'True'; $Environment.BUILD_SOURCESDIRECTORY = $Root; $Environment.AGENT_TEMPDIRECTORY = "$Root-agent" }
            'under GitHub Actions' { $Environment.GITHUB_ACTIONS = 'true'; $Environment.GITHUB_WORKSPACE = $Root; $Environment.GITHUB_STEP_SUMMARY = "$Root-agent/step_summary.md" }
        }
    }

    It 'writes the stop report, and under an agent the run''s summary of what was made, with ids and never a secret' {
        # The test's helpers, as the agent's step has none: Wait-TestState, and the emulator's history and settling.
        $run = Invoke-FreshPwsh -Environment $Environment -Script ("Import-Module '$(Join-Path $PSScriptRoot '../Support/TestHelpers.psm1')'`n" + @'
$tenant = @{ Url = $env:IMMUTA_URL.TrimEnd('/'); ApiKey = $env:IMMUTA_API_KEY }
$runspace = [runspacefactory]::CreateRunspace($Host)
$runspace.Open()
$shell = [powershell]::Create()
$shell.Runspace = $runspace
$null = $shell.AddScript("Import-Module ImmutaIntegrations; Sync-ImmutaIntegration -Path '$env:SYNC_FOLDER' -ThrottleLimit 1 -PollInterval 0.05 -Force")
$null = $shell.BeginInvoke()
Wait-TestState { (Get-EmulatorFirstLook $tenant).Count -ge 1 } 'the first creation''s answer read'
Complete-TestEmulatorTransition $tenant | Out-Null
Wait-TestState { (Get-EmulatorFirstLook $tenant).Count -ge 2 } 'the second creation''s answer read'
$shell.Stop()
'@)
        $ids = Get-IdByWorkspace
        $text = $run.Output -join "`n"
        $text | Should -Match ('(?m)^WARNING: Sync-ImmutaIntegration was stopped\. Where each change stands:$')
        $text | Should -Match ("(?m)^  Create Databricks $([regex]::Escape((Get-Workspace 2))) \(id $($ids[(Get-Workspace 2)])\)$")
        $agentLines = @($run.Output | Where-Object { $_ -match '^(##vso\[|::)' })
        $summary = switch ($Agent) {
            'under Azure DevOps' {
                $agentLines | Should -HaveCount 1
                $agentLines[0] | Should -BeLike '##vso`[task.uploadsummary`]*'
                $path = $agentLines[0].Substring('##vso[task.uploadsummary]'.Length)
                Split-Path $path | Should -Be (Get-Item -LiteralPath "$Root-agent").FullName
                Get-Content -Raw -LiteralPath $path
            }
            'under GitHub Actions' {
                $agentLines | Should -BeNullOrEmpty
                Get-Content -Raw -LiteralPath "$Root-agent/step_summary.md"
            }
            default {
                $agentLines | Should -BeNullOrEmpty
                Get-ChildItem -LiteralPath "$Root-agent" | Should -BeNullOrEmpty
                ''
            }
        }
        if ($Agent -ne 'outside an agent') {
            $summary | Should -Match '(?m)^### Sync-ImmutaIntegration: stopped part way, what was made$'
            $summary | Should -Match ('(?m)^1 made and settled, 1 made and not yet settled \(Immuta goes on with them\), 0 failed, ' +
                '0 in flight at the stop \(not known\), 1 not sent \(not made\), 0 unchanged$')
            $summary | Should -Match "(?m)^\| Create \| Databricks \| $([regex]::Escape((Get-Workspace 1))) \| $($ids[(Get-Workspace 1)]) \|  \| Done \| created \|$"
            $summary | Should -Match ("(?m)^\| Create \| Databricks \| $([regex]::Escape((Get-Workspace 2))) \| $($ids[(Get-Workspace 2)]) \|  \| " +
                'accepted, not settled \| accepted by Immuta \(creating\) and not settled when stopped; Immuta goes on with it \|$')
            $summary | Should -Match "(?m)^\| Create \| Databricks \| $([regex]::Escape((Get-Workspace 3))) \|  \|  \| not sent \| not sent, so not made \|$"
        }
        $summary + $text | Should -Not -Match ([regex]::Escape($Secret))
    }
}
