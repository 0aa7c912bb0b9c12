# Tests secret rotation, Compare-ImmutaIntegration and Sync-ImmutaIntegration -RotateSecret, end to end against the
# emulator: three Databricks Unity Catalog integrations share one token (a file, ${file:token.txt}), a fourth has its
# own (a variable), and Starburst has none. After the shared token rotates, a plain sync sends nothing; Compare- and
# Sync-ImmutaIntegration -RotateSecret send the new token to exactly the three, a saved plan carries the rotation, a
# token Immuta's validation rejects fails only its integration, and no token is ever shown. What was sent is read from
# the emulator's history, with the bodies as it received them.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../Support/TestFixture.psm1')
    $script:Emulator = Start-TestFixture -ApiKey 'rotation-key' -Seed $null
    $script:Shared = @('sales', 'finance', 'ops')
    $script:OldToken = 'dapi-old-Rq5-shared-token'
    $script:NewToken = 'dapi-new-Zt8-shared-token'
    $script:LabToken = 'dapi-lab-Wm3-own-token'

    # A folder of payload files: the three workspaces on ${file:token.txt}, the lab on ${env:ROTATION_LAB_TOKEN}, and
    # Starburst. The tenant made from it with the old tokens, then the shared token rotated in its file.
    function New-TestRotationCase {
        Reset-TestEmulator $Emulator
        $folder = New-TestFolder
        foreach ($workspace in $Shared + 'lab') {
            $token = if ($workspace -eq 'lab') { '${env:ROTATION_LAB_TOKEN}' } else { '${file:token.txt}' }
            Set-TestFile (Join-Path $folder "databricks-$workspace.yaml") @"
type: Databricks
autoBootstrap: true
config:
  workspaceUrl: $workspace.cloud.databricks.com
  httpPath: sql/protocolv1/o/0/$workspace
  catalog: immuta
  authenticationType: token
  token: $token
"@
        }
        Set-TestFile (Join-Path $folder 'starburst.yaml') 'type: Trino'
        Set-TestFile (Join-Path $folder 'token.txt') $OldToken
        $env:ROTATION_LAB_TOKEN = $LabToken
        $made = @(Sync-ImmutaIntegration -Path $folder -PollInterval 0.05 -Force)
        $made.Outcome | Should -Be @('Done', 'Done', 'Done', 'Done', 'Done')
        Set-TestFile (Join-Path $folder 'token.txt') $NewToken
        $ids = @{}
        foreach ($integration in Get-ImmutaIntegration) {
            $name = if ($integration.Type -eq 'Trino') { 'starburst' } else { $integration.Config.workspaceUrl.Split('.')[0] }
            $ids[$name] = $integration.Id
        }
        [pscustomobject]@{ Folder = $folder; Ids = $ids; Writes = (Get-EmulatorWrite $Emulator).Count }
    }

    # The token each PUT since the case was made carried, by the id it was sent to.
    function Get-SentToken($Case) {
        $tokens = @{}
        foreach ($write in Get-EmulatorWrite $Emulator -Body | Select-Object -Skip $Case.Writes | Where-Object method -eq 'PUT') {
            $tokens[$write.path.Split('/')[2]] = ($write.body | ConvertFrom-Json).config.token
        }
        $tokens
    }

    # The writes since the case was made: method and id, e.g. 'PUT 2'.
    function Get-TestWrite($Case) {
        @(Get-EmulatorWrite $Emulator | Select-Object -Skip $Case.Writes | ForEach-Object { "$($_.method) $($_.path.Split('/')[2])" })
    }

    function Get-SharedId($Case) { @($Shared | ForEach-Object { $Case.Ids[$_] }) }

    # Every text a run showed: its objects as formatted, the streams' records and the transcript.
    function Get-TestText($Run) {
        ($Run.Output | Out-String -Width 400) + "`n" + (@($Run.Output | ForEach-Object { "$_" }) -join "`n") + "`n" + $Run.Text
    }
}

AfterAll { Stop-TestFixture }

Describe 'Compare- and Sync-ImmutaIntegration -RotateSecret: a rotated token' {
    It 'is no change to a plain sync: nothing is written' {
        $case = New-TestRotationCase

        $results = @(Sync-ImmutaIntegration -Path $case.Folder -PollInterval 0.05 -Force)

        $results.Action | ForEach-Object { "$_" } | Should -Be @('NoChange', 'NoChange', 'NoChange', 'NoChange', 'NoChange')
        Get-TestWrite $case | Should -HaveCount 0
    }

    It 'is shown by Compare -RotateSecret as an update of exactly the three integrations that refer to it' {
        $case = New-TestRotationCase

        $run = Invoke-TestTranscript { Compare-ImmutaIntegration -Path $case.Folder -RotateSecret '${file:token.txt}' -Verbose *>&1 }
        $plan = @($run.Output | Where-Object { $_ -is [ImmutaIntegrations.IntegrationPlanItem] })

        $updates = @($plan | Where-Object Action -eq 'Update')
        @($updates.Id | Sort-Object) | Should -Be @(Get-SharedId $case | Sort-Object)
        @($plan | Where-Object Action -eq 'NoChange').Id | Sort-Object | Should -Be @($case.Ids.lab, $case.Ids.starburst | Sort-Object)
        foreach ($update in $updates) {
            @($update.Changes | ForEach-Object ToString) | Should -Be @('config.token: (secret) -> (secret, sent again)')
            $update.Changes[0].SentAgain | Should -BeTrue
            $update.Reason | Should -Be 'its secrets are sent again (${file:token.txt})'
        }
        $text = Get-TestText $run
        $text | Should -Match ([regex]::Escape('config.token: (secret) -> (secret, sent again)'))
        foreach ($token in $OldToken, $NewToken, $LabToken) { $text | Should -Not -Match ([regex]::Escape($token)) }
        Get-TestWrite $case | Should -HaveCount 0
    }

    It 'is picked by the variable''s name, a wildcard, the file''s name or * alike, and a name that matches nothing is a warning' {
        $case = New-TestRotationCase
        $updated = { param($Names) @(Compare-ImmutaIntegration -Path $case.Folder -RotateSecret $Names -WarningVariable warned -WarningAction SilentlyContinue |
                Where-Object Action -eq 'Update' | ForEach-Object Id | Sort-Object) }

        & $updated 'TOKEN.TXT' | Should -Be @(Get-SharedId $case | Sort-Object)
        & $updated 'rotation_lab_*' | Should -Be @($case.Ids.lab)
        & $updated '${env:ROTATION_LAB_TOKEN}' | Should -Be @($case.Ids.lab)
        & $updated '*' | Should -Be @(@(Get-SharedId $case) + $case.Ids.lab | Sort-Object)

        $plan = @(Compare-ImmutaIntegration -Path $case.Folder -RotateSecret 'token.txt', 'ROTATION_LAB_TOKN' -WarningVariable warned -WarningAction SilentlyContinue)
        @($plan | Where-Object Action -eq 'Update').Count | Should -Be 3
        $warned | Should -HaveCount 1
        "$($warned[0])" | Should -BeLike "-RotateSecret 'ROTATION_LAB_TOKN' names no secret reference in the files, so nothing is sent again for it: the files refer to *"
        "$($warned[0])" | Should -BeLike '*${env:ROTATION_LAB_TOKEN}*'
    }

    It 'is sent by Sync -RotateSecret to exactly the three integrations, with Immuta checking it, and never shown' {
        $case = New-TestRotationCase

        $whatIf = Invoke-TestTranscript { Sync-ImmutaIntegration -Path $case.Folder -RotateSecret token.txt -WhatIf -Verbose *>&1 }
        Get-TestWrite $case | Should -HaveCount 0
        $run = Invoke-TestTranscript { Sync-ImmutaIntegration -Path $case.Folder -RotateSecret token.txt -PollInterval 0.05 -Force -Verbose *>&1 }
        $results = @($run.Output | Where-Object { $_ -is [ImmutaIntegrations.IntegrationSyncResult] })

        @(Get-TestWrite $case | Sort-Object) | Should -Be @(Get-SharedId $case | ForEach-Object { "PUT $_" } | Sort-Object)
        $sent = Get-SentToken $case
        foreach ($workspace in $Shared) { $sent[$case.Ids[$workspace]] | Should -Be $NewToken -Because "$workspace refers to token.txt" }
        $updated = @($results | Where-Object Action -eq 'Update')
        @($updated.Id | Sort-Object) | Should -Be @(Get-SharedId $case | Sort-Object)
        $updated.Outcome | ForEach-Object { "$_" } | Should -Be @('Done', 'Done', 'Done')
        $updated.Message | Should -Be @('updated', 'updated', 'updated')
        @($updated | ForEach-Object { $_.Changes | ForEach-Object ToString }) | Should -Be (@('config.token: (secret) -> (secret, sent again)') * 3)
        (Get-ImmutaIntegration -Id $case.Ids.sales).Status | Should -Be 'enabled'
        $whatIf.Text | Should -Match ([regex]::Escape("Update from $(Join-Path $case.Folder 'databricks-sales.yaml'), because its secrets are sent again (`${file:token.txt}): config.token: (secret) -> (secret, sent again)"))
        foreach ($text in (Get-TestText $run), (Get-TestText $whatIf)) {
            foreach ($token in $OldToken, $NewToken, $LabToken) { $text | Should -Not -Match ([regex]::Escape($token)) }
        }
        # Sent: the next plain sync is no change, and the next rotation sends the same again.
        @(Sync-ImmutaIntegration -Path $case.Folder -PollInterval 0.05 -Force).Action | ForEach-Object { "$_" } | Sort-Object -Unique | Should -Be 'NoChange'
    }

    It 'fails only the integration whose new token Immuta rejects, with Immuta''s message, and the others are done' {
        $case = New-TestRotationCase
        $env:ROTATION_LAB_TOKEN = 'fail-lab-Hj2-rotated'

        $global:LASTEXITCODE = 0
        $results = @(Sync-ImmutaIntegration -Path $case.Folder -RotateSecret '*' -PollInterval 0.05 -Force -ErrorVariable failed -ErrorAction SilentlyContinue)

        $lab = $results | Where-Object Id -eq $case.Ids.lab
        "$($lab.Outcome)" | Should -Be 'Failed'
        $lab.Message | Should -BeLike '*Simulated platform failure: the value of config.token was rejected.*'
        $failed | Should -HaveCount 1
        $failed[0].TargetObject.Id | Should -Be $case.Ids.lab
        "$($failed[0])" | Should -BeLike '*Simulated platform failure: the value of config.token was rejected.*'
        "$($failed[0])" | Should -Not -Match 'fail-lab-Hj2'
        $LASTEXITCODE | Should -Be 1
        $done = @($results | Where-Object { $_.Id -in (Get-SharedId $case) })
        $done.Outcome | ForEach-Object { "$_" } | Should -Be @('Done', 'Done', 'Done')
        (Get-ImmutaIntegration -Id $case.Ids.lab).Status | Should -Be 'editError'
        @(Get-TestWrite $case | Sort-Object) | Should -Be @(@(Get-SharedId $case) + $case.Ids.lab | ForEach-Object { "PUT $_" } | Sort-Object)
        $sent = Get-SentToken $case
        foreach ($workspace in $Shared) { $sent[$case.Ids[$workspace]] | Should -Be $NewToken }
        $sent[$case.Ids.lab] -ceq 'fail-lab-Hj2-rotated' | Should -BeTrue -Because 'the lab was sent its new token, which Immuta rejected'
    }

    It 'is saved by Compare -RotateSecret -OutFile without a token, read back, and applied by Sync -Plan as planned' {
        $case = New-TestRotationCase
        $planFile = Join-Path $case.Folder 'rotation-plan.json'

        $compare = Invoke-TestTranscript { Compare-ImmutaIntegration -Path $case.Folder -RotateSecret token.txt -OutFile $planFile -Verbose *>&1 }
        $planText = Get-Content -Raw -LiteralPath $planFile
        $imported = @(Import-ImmutaIntegrationPlan -Path $planFile)
        $markdown = Import-ImmutaIntegrationPlan -Path $planFile -AsMarkdown
        $apply = Invoke-TestTranscript { Sync-ImmutaIntegration -Plan $planFile -PollInterval 0.05 -Force -Verbose *>&1 }
        $results = @($apply.Output | Where-Object { $_ -is [ImmutaIntegrations.IntegrationSyncResult] })

        ([regex]::Matches($planText, '"sentAgain": true')).Count | Should -Be 3
        $planText | Should -Match ([regex]::Escape('"token": "${file:token.txt}"'))
        @($imported | Where-Object Action -eq 'Update').Id | Sort-Object | Should -Be @(Get-SharedId $case | Sort-Object)
        @($imported | Where-Object Action -eq 'Update' | ForEach-Object { $_.Changes | ForEach-Object ToString }) | Should -Be (@('config.token: (secret) -> (secret, sent again)') * 3)
        ($imported | Out-String -Width 400) | Should -Match ([regex]::Escape('config.token: (secret) -> (secret, sent again)'))
        $markdown | Should -Match ([regex]::Escape('| config.token: (secret) -> (secret, sent again) |'))
        $markdown | Should -Match '0 to create, 3 to update, 0 to replace, 0 to delete, 2 unchanged'
        @(Get-TestWrite $case | Sort-Object) | Should -Be @(Get-SharedId $case | ForEach-Object { "PUT $_" } | Sort-Object)
        @($results | Where-Object Action -eq 'Update').Outcome | ForEach-Object { "$_" } | Should -Be @('Done', 'Done', 'Done')
        $sent = Get-SentToken $case
        foreach ($workspace in $Shared) { $sent[$case.Ids[$workspace]] | Should -Be $NewToken }
        foreach ($text in $planText, (Get-TestText $compare), (Get-TestText $apply), ($imported | Out-String), $markdown) {
            foreach ($token in $OldToken, $NewToken, $LabToken) { $text | Should -Not -Match ([regex]::Escape($token)) }
        }
    }

    It 'completes -RotateSecret from the references of the files -Path names' {
        $case = New-TestRotationCase
        $line = "Compare-ImmutaIntegration -Path '$($case.Folder)' -RotateSecret "

        $offered = @((TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText)

        $offered | Should -Be @("'`${env:ROTATION_LAB_TOKEN}'", "'`${file:token.txt}'", 'ROTATION_LAB_TOKEN', 'token.txt')
    }
}
