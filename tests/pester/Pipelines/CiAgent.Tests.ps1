# Test-ImmutaIntegrationPayload, Compare-ImmutaIntegration, Sync-ImmutaIntegration and Test-ImmutaIntegrationHealth under a
# pipeline agent: their annotations and summaries.
#
# Under a pipeline agent (Azure DevOps, GitHub Actions), in a fresh pwsh with the agent's variables as the agent sets them:
# each problem of a payload file is the agent's own annotation on standard output, and the plan and the sync's results are
# the run's Markdown summary. Never a secret in either; nothing of it with IMMUTA_CI_ANNOTATIONS=0 or outside an agent.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../Support/TestFixture.psm1')
    # A secret the files refer to as ${env:NAME}, set in the environment. The commands this file runs in its own session set
    # up what the fresh ones see, and write nothing for an agent even when the tests themselves run under one.
    $script:Emulator = Start-TestFixture -ApiKey 'ci-key' -Seed $null -Environment @{
        SNOWFLAKE_PASSWORD = 'ci-Kq3-referenced-secret'; DATABRICKS_TOKEN = 'ci-Kq3-referenced-secret'; IMMUTA_CI_ANNOTATIONS = '0'
    }
    $script:Examples = Join-Path (Get-TestPath Root) 'examples'
    $script:Secret = $env:SNOWFLAKE_PASSWORD
    # A secret written in an invalid file.
    $script:Literal = 'ci-Wm8-literal-secret'
    $script:AgentVariables = 'TF_BUILD', 'GITHUB_ACTIONS', 'BUILD_SOURCESDIRECTORY', 'GITHUB_WORKSPACE', 'GITHUB_STEP_SUMMARY', 'AGENT_TEMPDIRECTORY',
        'IMMUTA_CI_ANNOTATIONS'

    # A checkout as the agent makes it: the pipeline script and the payload files where the examples keep them; next to it
    # (not in it) the agent's own folder, for its temporary files and the step summary.
    function New-TestCheckout {
        $root = New-TestFolder
        New-Item -ItemType Directory -Path (Join-Path $root 'examples/integrations'), "$root-agent" | Out-Null
        Copy-Item (Join-Path $Examples 'Sync-Integrations.ps1') (Join-Path $root 'examples')
        Copy-Item (Join-Path $Examples 'integrations/*.yaml') (Join-Path $root 'examples/integrations')
        $root
    }

    # An invalid payload file with a secret written in it: the port is not a number (line 5), the password a secret in plain text
    # (line 9); and a file that is not YAML at all, where the secret is on the line it stops at (line 4, column 16).
    function Add-InvalidFile([string] $Root) {
        Set-TestFile (Join-Path $Root 'examples/integrations/broken.yaml') @"
type: Redshift
autoBootstrap: false
config:
  host: broken.redshift.amazonaws.com
  port: many
  database: immuta
  authenticationType: userPassword
  username: immuta_system
  password: $Literal
"@
        Set-TestFile (Join-Path $Root 'examples/integrations/unreadable.yaml') "type: Snowflake`nautoBootstrap: true`nconfig:`n  password: $($Literal): 1`n"
    }

    # A step's environment: the tenant, the secrets, and the agent's variables (none of them outside an agent).
    function Get-StepEnvironment([string] $Agent, [string] $Root, [hashtable] $With = @{}) {
        $environment = Get-TestJobEnvironment $Emulator -Variables @{ SNOWFLAKE_PASSWORD = $Secret; DATABRICKS_TOKEN = $Secret }
        foreach ($name in $AgentVariables) { $environment[$name] = $null }
        switch ($Agent) {
            'Azure DevOps' {
                $environment.TF_BUILD = 'True'; $environment.BUILD_SOURCESDIRECTORY = $Root; $environment.AGENT_TEMPDIRECTORY = "$Root-agent"
            }
            'GitHub Actions' {
                $environment.GITHUB_ACTIONS = 'true'; $environment.GITHUB_WORKSPACE = $Root; $environment.GITHUB_STEP_SUMMARY = "$Root-agent/step_summary.md"
            }
        }
        foreach ($name in $With.Keys) { $environment[$name] = $With[$name] }
        $environment
    }

    # Runs a step's script from the checkout, as both agents do.
    function Invoke-Step([hashtable] $Environment, [string] $Root, [string] $Script) {
        Invoke-FreshPwsh -Environment $Environment -Script "Set-Location -LiteralPath '$Root'`n$Script"
    }

    # The summaries a step left: GitHub's step summary file; on Azure DevOps, the files its uploadsummary lines attach, each
    # of which must exist in the agent's temporary folder.
    function Get-StepSummary([string] $Agent, [hashtable] $Environment, $Run) {
        if ($Agent -eq 'GitHub Actions') {
            if (Test-Path -LiteralPath $Environment.GITHUB_STEP_SUMMARY) { return Get-Content -Raw -LiteralPath $Environment.GITHUB_STEP_SUMMARY }
            return ''
        }
        $command = '##vso[task.uploadsummary]'
        $paths = @($Run.Output | Where-Object { $_.StartsWith($command, [StringComparison]::Ordinal) } | ForEach-Object { $_.Substring($command.Length) })
        $texts = foreach ($path in $paths) {
            [System.IO.Path]::IsPathRooted($path) | Should -BeTrue -Because "$path is attached by its absolute path"
            Split-Path $path | Should -Be (Get-Item -LiteralPath $Environment.AGENT_TEMPDIRECTORY).FullName
            $path | Should -Exist
            Get-Content -Raw -LiteralPath $path
        }
        $texts -join "`n"
    }

    # The lines an agent takes as its commands: at the start of a line, as both read them.
    function Get-AgentLine($Run) { @($Run.Output | Where-Object { $_ -match '^(##vso\[|::(error|warning|notice|debug|group))' }) }

    # The annotation a problem is expected to give: the file relative to the checkout, its line and column, the message as
    # the agent escapes it.
    function Get-ExpectedAnnotation([string] $Agent, [string] $Root, $Problem) {
        $file = [System.IO.Path]::GetRelativePath($Root, $Problem.File).Replace('\', '/')
        $severity = "$($Problem.Severity)".ToLowerInvariant()
        if ($Agent -eq 'Azure DevOps') {
            $message = $Problem.Message.Replace('%', '%AZP25').Replace("`r", '%0D').Replace("`n", '%0A').Replace(']', '%5D')
            return "##vso[task.logissue type=$severity;sourcepath=$file;linenumber=$($Problem.Line);columnnumber=$($Problem.Column)]$message"
        }
        $message = $Problem.Message.Replace('%', '%25').Replace("`r", '%0D').Replace("`n", '%0A')
        "::$severity file=$file,line=$($Problem.Line),col=$($Problem.Column)::$message"
    }

    # The requests that change integrations, from the emulator's counts by method and route (e.g. "POST /integrations").
    function Get-ChangeCount {
        $counts = (Get-EmulatorRequests $Emulator).PSObject.Properties | Where-Object Name -Match '^(POST|PUT|DELETE) /integrations'
        ($counts | Measure-Object -Property Value -Sum).Sum
    }
}

AfterAll { Stop-TestFixture }

Describe 'Test-ImmutaIntegrationPayload, Compare-ImmutaIntegration, Sync-ImmutaIntegration and Test-ImmutaIntegrationHealth under <Agent>' -ForEach @(
    @{ Agent = 'Azure DevOps' }
    @{ Agent = 'GitHub Actions' }
) {
    BeforeEach {
        Reset-TestEmulator $Emulator
        $script:Root = New-TestCheckout
        $script:Folder = Join-Path $Root 'examples/integrations'
        $script:Environment = Get-StepEnvironment $Agent $Root
    }

    It 'annotates every problem of the payload files at its file, relative to the repository, line and column, in Test-, Compare- and Sync-' {
        Add-InvalidFile $Root
        $problems = @(Test-ImmutaIntegrationPayload -Path (Join-Path $Folder '*.yaml')).Problems
        $problems.Count | Should -Be 3
        ($problems | Where-Object Severity -eq 'Error').Count | Should -Be 2
        $expected = @($problems | ForEach-Object { Get-ExpectedAnnotation $Agent $Root $_ })
        $expected | Should -Contain (Get-ExpectedAnnotation $Agent $Root ([pscustomobject]@{
                    File = Join-Path $Folder 'broken.yaml'; Severity = 'Error'; Line = 5; Column = 3
                    Message = ($problems | Where-Object Path -eq 'config.port').Message
                }))
        $changes = Get-ChangeCount

        $run = Invoke-Step $Environment $Root @"
$(Get-TestSessionScript)
'--- Test-ImmutaIntegrationPayload'
Test-ImmutaIntegrationPayload -Path examples/integrations/*.yaml | Out-Null
'--- Compare-ImmutaIntegration'
try { Compare-ImmutaIntegration -Path examples/integrations -ErrorAction SilentlyContinue | Out-Null } catch { 'stopped' }
'--- Sync-ImmutaIntegration'
try { Sync-ImmutaIntegration -Path examples/integrations -Force -ErrorAction SilentlyContinue | Out-Null } catch { 'stopped' }
'--- end'
"@

        $sections = @{}
        $name = $null
        foreach ($line in $run.Output) {
            if ($line -match '^--- (?<name>.+)$') { $name = $Matches.name; $sections[$name] = @() } elseif ($name) { $sections[$name] += $line }
        }
        $sections.Keys | Should -Contain 'end' -Because ($run.Output -join "`n")
        foreach ($command in 'Test-ImmutaIntegrationPayload', 'Compare-ImmutaIntegration', 'Sync-ImmutaIntegration') {
            # Each problem once, as a line of its own from its first column; nothing else for the agent (no summary: nothing ran).
            @(Get-AgentLine ([pscustomobject]@{ Output = $sections[$command] })) | Sort-Object | Should -Be ($expected | Sort-Object) -Because $command
        }
        $sections['Compare-ImmutaIntegration'] | Should -Contain 'stopped'
        Get-ChangeCount | Should -Be $changes
        $run.Output -join "`n" | Should -Not -Match ([regex]::Escape($Literal))
        $run.Output -join "`n" | Should -Not -Match ([regex]::Escape($Secret))
        @(Get-ChildItem -LiteralPath "$Root-agent").Count | Should -Be 0 -Because 'a command stopped by invalid files has nothing to summarise'
    }

    It 'summarises the plan: its counts, and a row for every integration with each change, old and new' {
        Sync-ImmutaIntegration -Path $Folder -PollInterval 0.05 -Force | Out-Null
        $snowflake = Join-Path $Folder 'snowflake-acme.yaml'
        Edit-TestFile $snowflake 'warehouse: IMMUTA_WH' 'warehouse: NEXT_WH'
        Edit-TestFile $snowflake '(?m)^    enabled: true' '    enabled: false'
        Remove-Item (Join-Path $Folder 'starburst.yaml')
        Copy-Item -LiteralPath (Join-Path (Get-TestPath Data) 'changes/redshift.yaml') -Destination (Join-Path $Folder 'redshift.yaml')
        $plan = @(Compare-ImmutaIntegration -Path $Folder -Prune)
        ($plan.Action | ForEach-Object { "$_" } | Sort-Object) -join ',' | Should -Be 'Create,Delete,NoChange,Update'

        $run = Invoke-Step $Environment $Root "$(Get-TestSessionScript)`nCompare-ImmutaIntegration -Path examples/integrations -Prune | Out-Null"

        $run.ExitCode | Should -Be 0 -Because ($run.Output -join "`n")
        $summary = Get-StepSummary $Agent $Environment $run
        $summary | Should -Match '(?m)^### Compare-ImmutaIntegration: the plan$'
        $summary | Should -Match '(?m)^1 to create, 1 to update, 0 to replace, 1 to delete, 1 unchanged$'
        $summary | Should -Match '(?m)^\| Action \| Type \| Target \| Id \| Changes \|$'
        foreach ($item in $plan) {
            $changes = ($item.Changes | ForEach-Object { [regex]::Escape($_.ToString()) }) -join '<br>'
            $summary | Should -Match "(?m)^\| $($item.Action) \| $($item.Type) \| $([regex]::Escape($item.Target)) \| $($item.Id) \| $changes \|$"
        }
        $summary | Should -Match ([regex]::Escape("config.warehouse: 'IMMUTA_WH' -> 'NEXT_WH'<br>config.impersonation.enabled: true -> false"))
        @(Get-AgentLine $run).Count | Should -Be $(if ($Agent -eq 'Azure DevOps') { 1 } else { 0 }) -Because 'a valid plan has nothing to annotate'
        $summary + ($run.Output -join "`n") | Should -Not -Match ([regex]::Escape($Secret))
    }

    It 'summarises a sync: its counts, and what was done to each integration, with the outcome and message' {
        Sync-ImmutaIntegration -Path $Folder -PollInterval 0.05 -Force | Out-Null
        Edit-TestFile (Join-Path $Folder 'snowflake-acme.yaml') 'warehouse: IMMUTA_WH' 'warehouse: NEXT_WH'
        Remove-Item (Join-Path $Folder 'starburst.yaml')
        # A field fixed at creation: without -AllowReplace the item fails, and the others go on.
        Edit-TestFile (Join-Path $Folder 'databricks-analytics.yaml') 'catalog: immuta' 'catalog: governed'

        $run = Invoke-Step $Environment $Root @"
$(Get-TestSessionScript)
Sync-ImmutaIntegration -Path examples/integrations -Prune -Force -PollInterval 0.05 | Out-Null
"@

        $run.ExitCode | Should -Be 1 -Because 'the refused replacement is a failure'
        $summary = Get-StepSummary $Agent $Environment $run
        $summary | Should -Match '(?m)^### Sync-ImmutaIntegration: the changes made$'
        $summary | Should -Match '(?m)^0 created, 1 updated, 0 replaced, 1 deleted, 0 unchanged, 1 failed$'
        $summary | Should -Match '(?m)^\| Action \| Type \| Target \| Id \| Changes \| Outcome \| Message \|$'
        $summary | Should -Match ("(?m)^\| Update \| Snowflake \| acme\.us-east-1\.snowflakecomputing\.com \| \d+ \| " +
            "config\.warehouse: 'IMMUTA_WH' -> 'NEXT_WH' \| Done \| updated \|$")
        $summary | Should -Match '(?m)^\| Delete \| Trino \| the Trino integration \| \d+ \|  \| Done \| deleted \|$'
        $summary | Should -Match ("(?m)^\| Replace \| Databricks \| acme-analytics\.cloud\.databricks\.com \| \d+ \| " +
            "config\.catalog: 'immuta' -> 'governed' \| " + 'Failed \| The Databricks integration .* must be replaced: .*-AllowReplace.* \|$')
        $summary + ($run.Output -join "`n") | Should -Not -Match ([regex]::Escape($Secret))
    }

    It 'summarises a health check: its counts, the unhealthy first with their failed tests and Immuta''s messages' {
        Sync-ImmutaIntegration -Path $Folder -PollInterval 0.05 -Force | Out-Null
        $failing = Get-TestPayload databricks
        $failing.config.httpPath = 'fail-http-path'
        New-ImmutaIntegration -Payload $failing -Force -Wait -PollInterval 0.05 -ErrorAction SilentlyContinue | Out-Null
        $failedId = (Get-ImmutaIntegration | Where-Object Status -eq 'createError').Id
        $failedId | Should -Not -BeNullOrEmpty

        $run = Invoke-Step $Environment $Root @"
$(Get-TestSessionScript)
Test-ImmutaIntegrationHealth -StuckAfter 5 -PollInterval 0.05 | Out-Null
exit `$LASTEXITCODE
"@

        $run.ExitCode | Should -Be 1 -Because 'an integration is in createError'
        $summary = Get-StepSummary $Agent $Environment $run
        $summary | Should -Match '(?m)^### Test-ImmutaIntegrationHealth: the integrations'' health$'
        $summary | Should -Match '(?m)^3 healthy, 1 unhealthy$'
        $rows = @($summary -split "`n" | Where-Object { $_ -match '^\| (Healthy|Unhealthy) \|' })
        $rows.Count | Should -Be 4
        $rows[0] | Should -Match ("^\| Unhealthy \| Databricks \| [^|]+ \| $failedId \| createError \| error state \| " +
            '.*: failed \(.+\) \|$')
        $summary + ($run.Output -join "`n") | Should -Not -Match ([regex]::Escape($Secret))
    }

    It 'writes no annotation or summary <Case>' -TestCases @(
        @{ Case = 'with IMMUTA_CI_ANNOTATIONS=0'; With = @{ IMMUTA_CI_ANNOTATIONS = '0' } }
        @{ Case = 'with IMMUTA_CI_ANNOTATIONS=off'; With = @{ IMMUTA_CI_ANNOTATIONS = 'off' } }
        @{ Case = 'outside the agent (its folders set, but not TF_BUILD or GITHUB_ACTIONS)'; With = @{ TF_BUILD = $null; GITHUB_ACTIONS = $null } }
    ) {
        Add-InvalidFile $Root
        $environment = Get-StepEnvironment $Agent $Root $With

        $run = Invoke-Step $environment $Root @"
$(Get-TestSessionScript)
Test-ImmutaIntegrationPayload -Path examples/integrations/*.yaml | Out-Null
Remove-Item examples/integrations/broken.yaml, examples/integrations/unreadable.yaml
Compare-ImmutaIntegration -Path examples/integrations | Out-Null
Sync-ImmutaIntegration -Path examples/integrations -Force -PollInterval 0.05 | Out-Null
'done'
"@

        $run.Output | Should -Contain 'done' -Because ($run.Output -join "`n")
        (Get-ImmutaIntegration).Type | Sort-Object | Should -Be @('Databricks', 'Snowflake', 'Trino') -Because 'the commands ran'
        Get-AgentLine $run | Should -BeNullOrEmpty
        @(Get-ChildItem -LiteralPath "$Root-agent" -Force).Count | Should -Be 0 -Because 'no summary file is written or created'
    }
}

Describe 'Compare-ImmutaIntegration and Sync-ImmutaIntegration in the example pipeline on <Agent>, its steps run as the agent runs them' -ForEach @(
    @{ Agent = 'Azure DevOps'; File = 'azure-pipelines-powershell.yml' }
    @{ Agent = 'GitHub Actions'; File = 'github-powershell.yml' }
) {
    BeforeAll {
        $yaml = Get-Content -Raw (Join-Path $Examples $File)
        # Each step that runs the script: its command line (as Sync.Tests reads it). The pipeline's env blocks map the
        # variables Get-StepEnvironment sets.
        $script:Steps = if ($File -eq 'azure-pipelines-powershell.yml') {
            [regex]::Matches($yaml, '(?ms)displayName: (?<name>Plan|Apply)\n.*?filePath: (?<file>\S+)\n\s+arguments: (?<args>[^\n]+)\n') |
                ForEach-Object { [pscustomobject]@{ Name = $_.Groups['name'].Value; Command = ". '$($_.Groups['file'].Value)' $($_.Groups['args'].Value)" } }
        }
        else {
            [regex]::Matches($yaml, '(?ms)- name: (?<name>Plan|Apply)\n\s+shell: pwsh\n\s+run: (?<run>[^\n]+)\n') |
                ForEach-Object { [pscustomobject]@{ Name = $_.Groups['name'].Value; Command = $_.Groups['run'].Value } }
        }
    }

    BeforeEach {
        Reset-TestEmulator $Emulator
        $script:Root = New-TestCheckout
        $script:Environment = Get-StepEnvironment $Agent $Root
    }

    It 'shows an invalid file as an annotation, the plan and the apply as summaries' {
        $Steps.Name | Should -Be @('Plan', 'Apply')
        $plan, $apply = $Steps
        # What both agents run: the step's script in pwsh, then its exit code as the step's result.
        $exit = "`nif (Test-Path variable:LASTEXITCODE) { exit `$LASTEXITCODE }"
        Add-InvalidFile $Root

        $invalid = Invoke-Step $Environment $Root ($plan.Command + $exit)

        $invalid.ExitCode | Should -Not -Be 0
        $annotation = if ($Agent -eq 'Azure DevOps') {
            '^##vso\[task\.logissue type=error;sourcepath=examples/integrations/broken\.yaml;linenumber=5;columnnumber=3\]config\.port: '
        }
        else { '^::error file=examples/integrations/broken\.yaml,line=5,col=3::config\.port: ' }
        @($invalid.Output -match $annotation).Count | Should -Be 1 -Because ($invalid.Output -join "`n")
        Remove-Item (Join-Path $Root 'examples/integrations/broken.yaml'), (Join-Path $Root 'examples/integrations/unreadable.yaml')

        $planned = Invoke-Step $Environment $Root ($plan.Command + $exit)

        $planned.ExitCode | Should -Be 0 -Because ($planned.Output -join "`n")
        $planSummary = Get-StepSummary $Agent $Environment $planned
        $planSummary | Should -Match '(?m)^3 to create, 0 to update, 0 to replace, 0 to delete, 0 unchanged$'
        $planSummary | Should -Match '(?m)^\| Create \| Snowflake \| acme\.us-east-1\.snowflakecomputing\.com \|  \|  \|$'
        if ($Agent -eq 'GitHub Actions') { Remove-Item -LiteralPath $Environment.GITHUB_STEP_SUMMARY } # each step has a file of its own

        $applied = Invoke-Step $Environment $Root ($apply.Command + $exit)

        $applied.ExitCode | Should -Be 0 -Because ($applied.Output -join "`n")
        $applySummary = Get-StepSummary $Agent $Environment $applied
        $applySummary | Should -Match '(?m)^3 created, 0 updated, 0 replaced, 0 deleted, 0 unchanged, 0 failed$'
        $applySummary | Should -Match '(?m)^\| Create \| Databricks \| acme-analytics\.cloud\.databricks\.com \| \d+ \|  \| Done \| created \|$'
        (Get-ImmutaIntegration).Type | Sort-Object | Should -Be @('Databricks', 'Snowflake', 'Trino')
        $planSummary + $applySummary + (($invalid.Output + $planned.Output + $applied.Output) -join "`n") | Should -Not -Match ([regex]::Escape($Secret))
        $invalid.Output -join "`n" | Should -Not -Match ([regex]::Escape($Literal))
    }
}
