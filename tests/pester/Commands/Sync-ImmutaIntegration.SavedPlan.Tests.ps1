# Tests Sync-ImmutaIntegration -Plan, end to end against the emulator: Compare-ImmutaIntegration -OutFile writes the plan,
# and Sync-ImmutaIntegration -Plan applies exactly its items, or refuses it whole (nothing written to the tenant) when the
# tenant moved, the plan was made elsewhere, or the file is not the plan as written. Never a secret in the file. (Reading
# a plan back, Import-ImmutaIntegrationPlan: Import-ImmutaIntegrationPlan.Tests.ps1.)

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../Support/TestFixture.psm1')
    $script:Secret = 'plan-Hx4-secret-value'
    $script:Emulator = Start-TestFixture -ApiKey 'plan-key' -Seed $null -Environment @{ SNOWFLAKE_PASSWORD = $Secret; DATABRICKS_TOKEN = $Secret }
    Import-Module (Join-Path $PSScriptRoot '../Support/PlanHelpers.psm1')
    # Another tenant, with the same key: a plan made for the first is not for it.
    $script:Other = Add-TestTenant -ApiKey 'plan-key' -Seed $null -NoConnection
    $script:Privileged = [pscredential]::new('immuta_bootstrap', (ConvertTo-TestSecureString $Secret))
}

AfterAll { Stop-TestFixture }

Describe 'Sync-ImmutaIntegration -Plan: a saved plan' {
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
$(Get-TestSessionScript)
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

Describe 'Sync-ImmutaIntegration -Plan: a file that is not the plan as written' {
    BeforeAll {
        Reset-TestEmulator $Emulator
        $script:Case = New-TestPlanCase
        $script:Bytes = [System.IO.File]::ReadAllBytes($Case.PlanFile)
    }

    It 'is refused when it was made against another tenant' {
        $elsewhere = Connect-TestTenant $Other

        $global:LASTEXITCODE = 0
        { Sync-ImmutaIntegration -Plan $Case.PlanFile -Connection $elsewhere -Force } | Should -Throw -ErrorId 'PlanTenantMismatch*'
        $global:LASTEXITCODE | Should -Be 1
        { Sync-ImmutaIntegration -Plan $Case.PlanFile -Connection $elsewhere -Force } |
            Should -Throw "$($Case.PlanFile) was made for $(([uri]"$($Emulator.Url)").AbsoluteUri), and this command is connected to $(([uri]"$($Other.Url)").AbsoluteUri):*"
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

        $run = Invoke-FreshPwsh -Script @"
$(Get-TestSessionScript -Tenant $Emulator)
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
