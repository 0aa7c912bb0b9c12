# Saved plans, end to end against the emulator: Compare-ImmutaIntegration -OutFile writes the plan, Import-ImmutaIntegrationPlan
# reads it back, and Sync-ImmutaIntegration -Plan applies exactly its items, or refuses it whole (nothing written to the tenant)
# when the tenant moved, the plan was made elsewhere, or the file is not the plan as written. Never a secret in the file.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../Support/TestHelpers.psm1') -Force
    Import-Module (Get-TestPath Module) -Force
    $script:Emulator = Start-TestEmulator -ApiKey 'plan-key' -SeedPath $null
    $script:Other = Start-TestEmulator -ApiKey 'plan-key' -SeedPath $null
    Disconnect-Immuta
    $script:Connection = Connect-Immuta -Url $Emulator.Url -ApiKey (ConvertTo-TestSecureString 'plan-key')
    $script:Secret = 'plan-Hx4-secret-value'
    $script:SavedEnvironment = @{ SNOWFLAKE_PASSWORD = $env:SNOWFLAKE_PASSWORD; DATABRICKS_TOKEN = $env:DATABRICKS_TOKEN }
    $env:SNOWFLAKE_PASSWORD = $Secret
    $env:DATABRICKS_TOKEN = $Secret
    $script:Privileged = [pscredential]::new('immuta_bootstrap', (ConvertTo-TestSecureString $Secret))
    $script:Repository = Join-Path (Get-TestPath Root) 'examples/integrations'
    $script:Work = Join-Path ([System.IO.Path]::GetTempPath()) ("saved-plan-{0}" -f [guid]::NewGuid().ToString('n'))
    New-Item -ItemType Directory -Path $Work | Out-Null

    function New-TestRepository {
        $folder = Join-Path $Work ([guid]::NewGuid().ToString('n'))
        New-Item -ItemType Directory -Path $folder | Out-Null
        Copy-Item -Path (Join-Path $Repository '*.yaml') -Destination $folder
        $folder
    }

    function Set-TestFile([string] $Path, [string] $Text) { Set-Content -LiteralPath $Path -Value $Text -Encoding utf8NoBOM }

    function Edit-TestFile([string] $Path, [string] $Pattern, [string] $Replacement) {
        Set-TestFile $Path ((Get-Content -Raw -LiteralPath $Path) -replace $Pattern, $Replacement)
    }

    # The tenant as the files would have it, and the starting point of every stale case: the example's three integrations
    # made, then the Snowflake warehouse and the Databricks catalog's neighbour changed in the files, and a Redshift file added.
    function New-TestPlanCase {
        $folder = New-TestRepository
        Sync-ImmutaIntegration -Path $folder -PollInterval 0.05 | Out-Null
        Edit-TestFile (Join-Path $folder 'snowflake-acme.yaml') 'warehouse: IMMUTA_WH' 'warehouse: NEXT_WH'
        Edit-TestFile (Join-Path $folder 'databricks-analytics.yaml') 'httpPath: \S+' 'httpPath: sql/protocolv1/o/0/next'
        Set-TestFile (Join-Path $folder 'redshift.yaml') @'
type: Redshift
autoBootstrap: true
config:
  host: acme.redshift.amazonaws.com
  database: immuta
  initialDatabase: dev
  authenticationType: userPassword
  username: admin
  password: ${env:SNOWFLAKE_PASSWORD}
'@
        $planFile = Join-Path $folder 'plan.json'
        $plan = @(Compare-ImmutaIntegration -Path $folder -OutFile $planFile)
        [pscustomobject]@{ Folder = $folder; PlanFile = $planFile; Plan = $plan }
    }

    # Applies a plan expecting a refusal: the terminating error, the errors before it, and $LASTEXITCODE.
    function Invoke-TestRefusedApply([string] $PlanFile) {
        $global:LASTEXITCODE = 0
        $stopped = $null
        try { Sync-ImmutaIntegration -Plan $PlanFile -Force -PollInterval 0.05 -ErrorVariable problems -ErrorAction SilentlyContinue | Out-Null }
        catch { $stopped = $_ }
        [pscustomobject]@{
            Stopped = $stopped
            Errors = @($problems | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] -and $_ -ne $stopped -and "$($_.Exception.Message)" -ne "$($stopped.Exception.Message)" })
            ExitCode = $global:LASTEXITCODE
        }
    }
}

AfterAll {
    Disconnect-Immuta -Connection $Connection
    Stop-TestEmulator $Emulator
    Stop-TestEmulator $Other
    foreach ($name in $SavedEnvironment.Keys) { [Environment]::SetEnvironmentVariable($name, $SavedEnvironment[$name]) }
    Remove-Item -LiteralPath $Work -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'A saved plan' {
    BeforeEach { Reset-TestEmulator $Emulator }

    It 'is applied item for item, and the tenant ends exactly as the files say' {
        $case = New-TestPlanCase
        $case.Plan.Action | ForEach-Object { "$_" } | Sort-Object | Should -Be @('Create', 'NoChange', 'Update', 'Update')
        $writes = (Get-EmulatorWrite $Emulator).Count

        $results = @(Sync-ImmutaIntegration -Plan $case.PlanFile -PollInterval 0.05 -Force)

        $results.Count | Should -Be $case.Plan.Count
        for ($i = 0; $i -lt $results.Count; $i++) {
            $planned = $case.Plan | Where-Object { $_.Type -eq $results[$i].Type -and $_.Target -eq $results[$i].Target }
            $results[$i].Action | Should -Be $planned.Action
            $results[$i].Outcome | Should -Be 'Done' -Because $results[$i].Message
            @($results[$i].Changes | ForEach-Object ToString) | Should -Be @($planned.Changes | ForEach-Object ToString)
        }
        (Get-EmulatorWrite $Emulator).Count - $writes | Should -Be 3 -Because 'two updates and one creation were sent, nothing else'
        # The plan saved among the payload files is not read as one of them.
        (Compare-ImmutaIntegration -Path $case.Folder).Action | Should -Be @('NoChange', 'NoChange', 'NoChange', 'NoChange')
        (Get-ImmutaIntegration -Type Snowflake).Config.warehouse | Should -Be 'NEXT_WH'
    }

    It 'holds the references, never the secrets, and is applied with the secrets set at apply time' {
        $folder = New-TestRepository
        $planFile = Join-Path $folder 'plan.json'
        # A value the emulator fails a creation on: had the plan kept it, the apply would fail.
        $env:SNOWFLAKE_PASSWORD = 'fail-plan-time-password'
        $env:DATABRICKS_TOKEN = 'plan-time-Dq2-token'
        try { Compare-ImmutaIntegration -Path $folder -OutFile $planFile | Out-Null }
        finally { $env:SNOWFLAKE_PASSWORD = $env:DATABRICKS_TOKEN = $Secret }
        $text = Get-Content -Raw -LiteralPath $planFile

        foreach ($value in 'fail-plan-time-password', 'plan-time-Dq2-token', $Secret, 'plan-key') { $text | Should -Not -Match ([regex]::Escape($value)) }
        $text | Should -Match ([regex]::Escape('"password": "${env:SNOWFLAKE_PASSWORD}"'))
        $text | Should -Match ([regex]::Escape('"token": "${env:DATABRICKS_TOKEN}"'))

        $results = @(Sync-ImmutaIntegration -Plan $planFile -PollInterval 0.05 -Force)

        $results.Outcome | Should -Be @('Done', 'Done', 'Done')
        (Get-ImmutaIntegration -Type Snowflake).Status | Should -Be 'enabled'
    }

    It 'is refused before anything is sent when a secret it refers to is not set where it is applied' {
        $case = New-TestPlanCase
        $writes = (Get-EmulatorWrite $Emulator).Count
        Remove-Item Env:SNOWFLAKE_PASSWORD
        try { $refused = Invoke-TestRefusedApply $case.PlanFile }
        finally { $env:SNOWFLAKE_PASSWORD = $Secret }

        $refused.Stopped.FullyQualifiedErrorId | Should -BeLike 'PayloadInvalid,*'
        $refused.Errors.Count | Should -Be 2 -Because 'the Snowflake update and the Redshift creation refer to SNOWFLAKE_PASSWORD'
        "$($refused.Errors[0])" | Should -Match 'SNOWFLAKE_PASSWORD'
        $refused.ExitCode | Should -Be 1
        (Get-EmulatorWrite $Emulator).Count | Should -Be $writes
    }

    It 'is read back as the same plan items, with the file, the tenant and a Markdown summary' {
        $case = New-TestPlanCase

        $imported = @(Import-ImmutaIntegrationPlan -Path $case.PlanFile)

        $imported.Count | Should -Be $case.Plan.Count
        for ($i = 0; $i -lt $imported.Count; $i++) {
            $imported[$i].GetType().FullName | Should -Be 'ImmutaIntegrations.IntegrationPlanItem'
            "$($imported[$i])" | Should -Be "$($case.Plan[$i])"
            $imported[$i].Id | Should -Be $case.Plan[$i].Id
            $imported[$i].Reason | Should -Be $case.Plan[$i].Reason
            # Outside the folder the plan was made in, a source keeps its full path.
            $imported[$i].Source | Should -Be $case.Plan[$i].Source.Replace('\', '/')
            if ($imported[$i].Current) { $imported[$i].Current.Status | Should -Be $case.Plan[$i].Current.Status }
        }
        $imported[0].PlanFile.Tenant | Should -Be ([uri]"$($Emulator.Url)").AbsoluteUri
        $imported[0].PlanFile.Checksum | Should -Match '^sha256:[0-9a-f]{64}$'
        $imported[0].PlanFile.Checksum | Should -Be $case.Plan[0].PlanFile.Checksum
        ($imported | Format-Table | Out-String -Width 200) | Should -Be ($case.Plan | Format-Table | Out-String -Width 200)
        $markdown = Import-ImmutaIntegrationPlan -Path $case.PlanFile -AsMarkdown
        $markdown | Should -Match '(?m)^1 to create, 2 to update, 0 to replace, 0 to delete, 1 unchanged$'
        $markdown | Should -Match '\| Update \| Snowflake \| acme\.us-east-1\.snowflakecomputing\.com \| \d+ \| config\.warehouse: ''IMMUTA_WH'' -> ''NEXT_WH'' \|'
        $markdown | Should -Match ([regex]::Escape($imported[0].PlanFile.Checksum))
    }

    It 'names its sources relative to the folder it was made in, as another checkout names them' {
        $folder = New-TestRepository
        Push-Location -LiteralPath $folder
        try { Compare-ImmutaIntegration -Path . -OutFile plan.json | Out-Null }
        finally { Pop-Location }

        (Import-ImmutaIntegrationPlan -Path (Join-Path $folder 'plan.json')).Source | Should -Be @('databricks-analytics.yaml', 'snowflake-acme.yaml', 'starburst.yaml')
    }

    It 'cannot hold a secret written in plain text: the error names the file, line and field, and nothing is written' {
        $folder = New-TestRepository
        $planFile = Join-Path $folder 'plan.json'
        Edit-TestFile (Join-Path $folder 'snowflake-acme.yaml') '\$\{env:SNOWFLAKE_PASSWORD\}' 'plain-Vb8-password'

        $stopped = $null
        try { Compare-ImmutaIntegration -Path $folder -OutFile $planFile -ErrorVariable problems -ErrorAction SilentlyContinue } catch { $stopped = $_ }

        $stopped.FullyQualifiedErrorId | Should -BeLike 'PayloadInvalid,*'

        $planFile | Should -Not -Exist
        $problem = $problems[0].Exception.Problems | Where-Object Severity -eq 'Error'
        $problem.Path | Should -Be 'config.password'
        $problem.File | Should -Be (Join-Path $folder 'snowflake-acme.yaml')
        $problem.Line | Should -Be 13
        $problem.Message | Should -BeLike '*${env:IMMUTA_SNOWFLAKE_ACME_US_EAST_1_SNOWFLAKECOMPUTING_COM_PASSWORD}*'
        "$($problems[0])" + ($problems | Out-String) | Should -Not -Match 'plain-Vb8-password'
        # Without -OutFile it stays what it was: a warning, and the plan is made.
        @(Compare-ImmutaIntegration -Path $folder -WarningAction SilentlyContinue).Count | Should -Be 3
    }

    It 'is refused whole when a planned integration changed, is gone, or moved into editError, with one error per stale item' {
        $case = New-TestPlanCase
        $snowflake = Get-ImmutaIntegration -Type Snowflake
        $databricks = Get-ImmutaIntegration -Type Databricks
        # By hand, after the review: the Snowflake role changed, the Databricks integration failed an edit.
        $edited = Get-ImmutaIntegration -Id $snowflake.Id
        $edited.Config.role = 'SYSADMIN'
        $edited | Set-ImmutaIntegration -Credential $Privileged -Wait -PollInterval 0.05 -Force | Out-Null
        $failing = Get-TestPayload databricks
        $failing.config.workspaceUrl = $databricks.Config.workspaceUrl
        $failing.config.httpPath = 'fail-edit'
        Set-ImmutaIntegration -Id $databricks.Id -Payload $failing -Wait -PollInterval 0.05 -Force -ErrorAction SilentlyContinue | Out-Null
        (Get-ImmutaIntegration -Id $databricks.Id).Status | Should -Be 'editError'
        $writes = (Get-EmulatorWrite $Emulator).Count

        $refused = Invoke-TestRefusedApply $case.PlanFile

        $refused.Stopped.FullyQualifiedErrorId | Should -BeLike 'PlanStale,*'
        "$($refused.Stopped)" | Should -BeLike '*is stale: 2 of its items*Nothing was changed*'
        $refused.ExitCode | Should -Be 1
        $refused.Errors.Count | Should -Be 2
        $refused.Errors.FullyQualifiedErrorId | ForEach-Object { $_ | Should -BeLike 'PlanStale,*' }
        # In the plan's order: the files' names.
        "$($refused.Errors[0])" | Should -Be ("The plan updates the Databricks integration on acme-analytics.cloud.databricks.com (id $($databricks.Id)), but it " +
            "has changed since the plan was made: status: 'enabled' -> 'editError'. Make a new plan and have it reviewed.")
        "$($refused.Errors[1])" | Should -Be ("The plan updates the Snowflake integration on acme.us-east-1.snowflakecomputing.com (id $($snowflake.Id)), but it " +
            "has changed since the plan was made: config.role: 'ACCOUNTADMIN' -> 'SYSADMIN'. Make a new plan and have it reviewed.")
        $refused.Errors[1].TargetObject.Id | Should -Be $snowflake.Id -Because 'each error is about its plan item'
        $refused.Errors[1].ErrorDetails.RecommendedAction | Should -BeLike 'Make a new plan (Compare-ImmutaIntegration -OutFile)*'
        $refused.Stopped.Exception.File | Should -Be $case.PlanFile
        (Get-EmulatorWrite $Emulator).Count | Should -Be $writes -Because 'a stale plan sends nothing'
        @(Get-ImmutaIntegration -Type Redshift).Count | Should -Be 0
    }

    It 'is refused when a planned integration was deleted, or one now stands where it creates one' {
        $case = New-TestPlanCase
        $snowflake = Get-ImmutaIntegration -Type Snowflake
        Remove-ImmutaIntegration -Id $snowflake.Id -ForceDisable -Wait -PollInterval 0.05 -Force | Out-Null
        $redshift = Get-TestPayload redshift
        $redshift.config.host = 'acme.redshift.amazonaws.com'
        $made = New-ImmutaIntegration -Payload $redshift -Wait -PollInterval 0.05 -Force
        $writes = (Get-EmulatorWrite $Emulator).Count

        $refused = Invoke-TestRefusedApply $case.PlanFile

        $refused.Stopped.FullyQualifiedErrorId | Should -BeLike 'PlanStale,*'
        $refused.Errors.Count | Should -Be 2
        "$($refused.Errors[0])" | Should -BeLike "The plan creates the Redshift integration on acme.redshift.amazonaws.com, but integration $($made.Id) (enabled) has been made there since the plan was made.*"
        "$($refused.Errors[1])" | Should -BeLike "The plan updates the Snowflake integration on * (id $($snowflake.Id)), but it has been deleted since the plan was made.*"
        (Get-EmulatorWrite $Emulator).Count | Should -Be $writes
    }

    It 'applied twice, is refused the second time as stale, saying it may have been applied already' {
        $case = New-TestPlanCase
        Sync-ImmutaIntegration -Plan $case.PlanFile -PollInterval 0.05 -Force | Out-Null
        $writes = (Get-EmulatorWrite $Emulator).Count

        $refused = Invoke-TestRefusedApply $case.PlanFile

        $refused.Stopped.FullyQualifiedErrorId | Should -BeLike 'PlanStale,*'
        $refused.Errors.Count | Should -Be 3 -Because 'the two updates and the creation have each moved'
        foreach ($error in $refused.Errors) { "$error" | Should -BeLike '*the plan may have been applied already*' }
        (Get-EmulatorWrite $Emulator).Count | Should -Be $writes
    }

    It 'leaves an integration planned as unchanged that drifted, with a warning, and applies the rest' {
        $folder = New-TestRepository
        Sync-ImmutaIntegration -Path $folder -PollInterval 0.05 | Out-Null
        Edit-TestFile (Join-Path $folder 'snowflake-acme.yaml') 'warehouse: IMMUTA_WH' 'warehouse: NEXT_WH'
        $planFile = Join-Path $folder 'plan.json'
        (Compare-ImmutaIntegration -Path $folder -OutFile $planFile).Action | Should -Be @('NoChange', 'Update', 'NoChange')
        # By hand, after the review: the Databricks integration (planned as unchanged) gets another HTTP path; the Starburst key
        # is rotated, which changes nothing Immuta shows of its configuration.
        $databricks = Get-ImmutaIntegration -Type Databricks
        $payload = Get-TestPayload databricks
        $payload.config.workspaceUrl = $databricks.Config.workspaceUrl
        $payload.config.httpPath = 'sql/protocolv1/o/0/by-hand'
        Set-ImmutaIntegration -Id $databricks.Id -Payload $payload -Wait -PollInterval 0.05 -Force | Out-Null
        Reset-ImmutaIntegrationApiKey -Id (Get-ImmutaIntegration -Type Trino).Id -Force | Out-Null

        $results = @(Sync-ImmutaIntegration -Plan $planFile -PollInterval 0.05 -Force -WarningVariable warnings -WarningAction SilentlyContinue)

        $results.Outcome | Should -Be @('Done', 'Done', 'Done')
        ($results | Where-Object Action -eq 'Update').Type | Should -Be 'Snowflake'
        (Get-ImmutaIntegration -Type Snowflake).Config.warehouse | Should -Be 'NEXT_WH'
        @($warnings).Count | Should -Be 1
        "$($warnings[0])" | Should -BeLike "The plan leaves the Databricks integration on * (id $($databricks.Id)) as it is, but it has changed since the plan was made: config.httpPath: '*' -> 'sql/protocolv1/o/0/by-hand'.*"
        (Get-ImmutaIntegration -Id $databricks.Id).Config.httpPath | Should -Be 'sql/protocolv1/o/0/by-hand' -Because 'the plan leaves it as it is'
    }

    It 'says what is wrong with the plan before that there is no connection' {
        $case = New-TestPlanCase

        # Removed in the session itself: a variable set to nothing from outside is an empty one on some systems, not an unset one.
        $run = Invoke-FreshPwsh -Script @"
Remove-Item Env:IMMUTA_URL, Env:IMMUTA_API_KEY, Env:SNOWFLAKE_PASSWORD -ErrorAction SilentlyContinue
Import-Module '$(Get-TestPath Module)'
try { Sync-ImmutaIntegration -Plan '$($case.PlanFile)' -Force -ErrorAction SilentlyContinue -ErrorVariable problems } catch { `$stopped = `$_ }
@(`$problems | Where-Object { `$_ -is [System.Management.Automation.ErrorRecord] } | Select-Object -First 1) + @(`$stopped) | ForEach-Object { `$_.FullyQualifiedErrorId -replace ',.*' }
`$env:SNOWFLAKE_PASSWORD = 'set now'
try { Sync-ImmutaIntegration -Plan '$($case.PlanFile)' -Force } catch { `$_.FullyQualifiedErrorId -replace ',.*' }
"@

        # The item's own error says why (its secret's variable is not set); the plan's, that its payloads cannot be sent.
        $run.Output | Should -Be @('SecretReferenceMissing', 'PayloadInvalid', 'NotConnected') -Because ($run.Output -join "`n")
    }

    It 'under -WhatIf checks the plan and changes nothing' {
        $case = New-TestPlanCase
        $writes = (Get-EmulatorWrite $Emulator).Count

        $shown = Invoke-TestTranscript { Sync-ImmutaIntegration -Plan $case.PlanFile -WhatIf }

        $shown.Text | Should -Match 'What if: .*Snowflake integration on acme\.us-east-1\.snowflakecomputing\.com'
        $shown.Text | Should -Not -Match ([regex]::Escape($Secret))
        (Get-EmulatorWrite $Emulator).Count | Should -Be $writes
    }
}

Describe 'A file that is not the plan as written' {
    BeforeAll {
        Reset-TestEmulator $Emulator
        $script:Case = New-TestPlanCase
        $script:Bytes = [System.IO.File]::ReadAllBytes($Case.PlanFile)
    }

    It 'is refused when it was made against another tenant' {
        $elsewhere = Connect-Immuta -Url $Other.Url -ApiKey (ConvertTo-TestSecureString 'plan-key')
        try {
            $global:LASTEXITCODE = 0
            { Sync-ImmutaIntegration -Plan $Case.PlanFile -Connection $elsewhere -Force } | Should -Throw -ErrorId 'PlanTenantMismatch*'
            $global:LASTEXITCODE | Should -Be 1
            { Sync-ImmutaIntegration -Plan $Case.PlanFile -Connection $elsewhere -Force } |
                Should -Throw "$($Case.PlanFile) was made for $(([uri]"$($Emulator.Url)").AbsoluteUri), and this command is connected to $(([uri]"$($Other.Url)").AbsoluteUri):*"
        }
        finally { Disconnect-Immuta -Connection $elsewhere; Connect-Immuta -Url $Emulator.Url -ApiKey (ConvertTo-TestSecureString 'plan-key') | Out-Null }
        (Get-EmulatorWrite $Other).Count | Should -Be 0
    }

    It 'is refused when one byte of it changed (<Where>)' -ForEach @(
        @{ Where = 'a value'; Find = 'NEXT_WH'; Replace = 'NEXT_WX' }
        @{ Where = 'a space'; Find = '"action": "Create"'; Replace = '"action":  "Create"' }
        @{ Where = 'the checksum'; Find = $null; Replace = $null }
    ) {
        $text = [System.Text.Encoding]::UTF8.GetString($Bytes)
        if ($Find) { $text = $text.Replace($Find, $Replace) }
        else {
            # One digit of the checksum itself.
            $at = $text.IndexOf('sha256:') + 7
            $digit = if ($text[$at] -eq 'a') { 'b' } else { 'a' }
            $text = $text.Substring(0, $at) + $digit + $text.Substring($at + 1)
        }
        $text | Should -Not -Be ([System.Text.Encoding]::UTF8.GetString($Bytes))
        $changed = Join-Path $Case.Folder "changed-$([guid]::NewGuid().ToString('n')).json"
        [System.IO.File]::WriteAllText($changed, $text)
        $writes = (Get-EmulatorWrite $Emulator).Count

        { Sync-ImmutaIntegration -Plan $changed -Force } | Should -Throw -ErrorId 'PlanFileInvalid*'
        { Import-ImmutaIntegrationPlan -Path $changed -ErrorAction Stop } | Should -Throw -ErrorId 'PlanFileInvalid*'
        (Get-EmulatorWrite $Emulator).Count | Should -Be $writes
    }

    It 'is refused when truncated' {
        $truncated = Join-Path $Case.Folder 'truncated.json'
        [System.IO.File]::WriteAllBytes($truncated, $Bytes[0..([int]($Bytes.Length / 2))])

        { Sync-ImmutaIntegration -Plan $truncated -Force } | Should -Throw '*damaged or truncated*'
    }

    It 'is refused when written in a plan format this version does not read' {
        $newer = Join-Path $Case.Folder 'newer.json'
        [System.IO.File]::WriteAllText($newer, [System.Text.Encoding]::UTF8.GetString($Bytes).Replace('"formatVersion": 1', '"formatVersion": 2'))

        { Sync-ImmutaIntegration -Plan $newer -Force } | Should -Throw -ErrorId 'PlanFormatUnsupported*'
        { Sync-ImmutaIntegration -Plan $newer -Force } | Should -Throw '*plan format 2; this version (*) reads plan format 1 only*'
    }

    It 'says clearly, without a stack trace, that an empty file, a payload file or a missing file is no plan' {
        $empty = Join-Path $Case.Folder 'empty.json'
        New-Item -ItemType File -Path $empty | Out-Null
        $payload = Join-Path $Case.Folder 'snowflake-acme.yaml'
        $missing = Join-Path $Case.Folder 'missing.json'

        $run = Invoke-FreshPwsh -Environment @{ IMMUTA_URL = $Emulator.Url; IMMUTA_API_KEY = 'plan-key' } -Script @"
Import-Module '$(Get-TestPath Module)'
foreach (`$file in '$empty', '$payload', '$missing') {
    try { Sync-ImmutaIntegration -Plan `$file -Force } catch { "`$(`$_.FullyQualifiedErrorId -replace ',.*'): `$(`$_.Exception.Message)" }
}
Sync-ImmutaIntegration -Plan '$empty' -Force
"@

        $run.Output | Should -Contain "PlanFileInvalid: $empty is empty: it is not a saved plan (Compare-ImmutaIntegration -OutFile writes one)."
        $run.Output | Should -Contain "PlanFileInvalid: $payload is not a saved plan: it is not the JSON that Compare-ImmutaIntegration -OutFile writes."
        $run.Output | Should -Contain "PlanFileNotFound: $missing does not exist."
        $run.ExitCode | Should -Be 1
        $run.Output -join "`n" | Should -Not -Match '(?m)^\s+at [\w.]+\(' -Because 'a user sees the message, not a stack trace'
        $run.Output -join "`n" | Should -Not -Match 'Exception:'
    }
}
