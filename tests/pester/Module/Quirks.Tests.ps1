# The module against a tenant that answers the way Immuta's reference allows but the emulator does not by default
# (docs/api-contract.md): every command works under each of the emulator's quirks, Test-ImmutaConnection reports each
# quirk, scripts come labelled any way, and a manual removal runs its script before Immuta is told to delete.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../Support/TestFixture.psm1')
    # Each test connects once the quirks are set (connecting is one of the commands that must work under them).
    $script:Emulator = Start-TestFixture -ApiKey 'quirks-key' -Seed (Join-Path (Get-TestPath Data) 'quirks-seed.yaml') -NoConnection
    $script:Headers = @{ Authorization = 'quirks-key' }
    $script:SeededSecrets = 'quirks-client-secret', 'quirks-redshift-secret'

    function Set-Quirks([string[]] $Quirks) {
        Reset-TestEmulator $Emulator -Seeded
        $body = @{ quirks = @($Quirks) } | ConvertTo-Json -Compress
        Invoke-RestMethod -Method Post -Uri "$($Emulator.Url)/_emulator/quirks" -Headers $Headers -ContentType 'application/json' -Body $body | Out-Null
    }

    function Set-ScriptContentType([string] $Value) {
        $body = @{ scriptContentType = $Value } | ConvertTo-Json -Compress
        Invoke-RestMethod -Method Post -Uri "$($Emulator.Url)/_emulator/settings" -Headers $Headers -ContentType 'application/json' -Body $body | Out-Null
    }

    # Invoke-RestMethod writes a JSON list as one object: written from a variable, its items go one by one.
    function Get-History {
        $history = Invoke-RestMethod -Uri "$($Emulator.Url)/_emulator/history" -Headers $Headers
        $history
    }

    # A Snowflake payload for a manual setup, its secret a value the tests look for in every output.
    function Get-ManualSnowflake([string] $Host_ = 'quirks.us-east-1.snowflakecomputing.com') {
        $payload = Get-TestPayload snowflake
        $payload.autoBootstrap = $false
        $payload.config.Remove('role')
        $payload.config.host = $Host_
        $payload.config.password = 'quirks-snowflake-secret'
        $payload
    }

    # Runs each statement nowhere, and remembers it.
    $ran = [System.Collections.Generic.List[string]]::new()
    $script:Ran = $ran
    $script:Executor = { param($text) $ran.Add($text) }.GetNewClosure()

    # The manual setup, edit and cleanup of a Snowflake integration, end to end: what each step returned.
    function Invoke-ManualWorkflow([string] $Host_) {
        $payload = Get-ManualSnowflake $Host_
        $created = New-ImmutaIntegration -Payload $payload -ManualSetup -Executor $Executor -Force -PollInterval 0.05
        $edited = Get-ManualSnowflake $Host_
        $edited.config.warehouse = 'QUIRKS_EDITED'
        $updated = Set-ImmutaIntegration -Id $created.Id -Payload $edited -ManualSetup -Executor $Executor -Force -PollInterval 0.05
        $removed = @(Remove-ImmutaIntegration -Id $created.Id -ManualCleanup -Executor $Executor -Wait -Force -PollInterval 0.05)
        [pscustomobject]@{ Created = $created; Updated = $updated; Removed = $removed }
    }
}

AfterAll { Stop-TestFixture }

Describe 'Every command under each quirk of a real tenant' {
    It 'works with <Quirk>, and Test-ImmutaConnection reports it as <Verdict> on <Route> <Check>' -TestCases @(
        @{ Quirk = 'numeric-ids'; Route = 'GET /integrations'; Check = 'ids'; Verdict = 'Tolerated' }
        @{ Quirk = 'html-scripts'; Route = 'POST /integrations/scripts/create'; Check = 'script (Databricks)'; Verdict = 'Tolerated' }
        @{ Quirk = 'unknown-status'; Route = 'GET /integrations'; Check = 'statuses'; Verdict = 'Tolerated' }
        @{ Quirk = 'unknown-type'; Route = 'GET /integrations'; Check = 'types'; Verdict = 'Tolerated' }
        @{ Quirk = 'extra-fields'; Route = 'GET /integrations'; Check = 'fields'; Verdict = 'Tolerated' }
        @{ Quirk = 'bare-dry-run'; Route = 'PUT /integrations/{id}?dryRun=true'; Check = 'dry run (Databricks)'; Verdict = 'Tolerated' }
        @{ Quirk = 'object-messages'; Route = 'GET /integrations'; Check = 'validation tests'; Verdict = 'Tolerated' }
        @{ Quirk = 'odd-item'; Route = 'GET /integrations'; Check = 'readable'; Verdict = 'Unexpected' }
        @{ Quirk = 'no-auth-endpoint'; Route = 'POST /bim/apikey/authenticate'; Check = 'key exchange'; Verdict = 'Tolerated' }
    ) {
        Set-Quirks $Quirk
        $Ran.Clear()
        $folder = New-TestFolder
        $stream = & {
            # Connect checks the raw key on the Integrations API itself.
            $connection = Connect-Immuta -Url $Emulator.Url -ApiKey $Emulator.Key
            # The probe first, on the tenant as the quirk made it (the sync below mends the failed integration).
            $checks = @(Test-ImmutaConnection)
            $all = @(Get-ImmutaIntegration)
            $one = Get-ImmutaIntegration -Id $all[0].Id
            $statuses = @($all | Get-ImmutaIntegrationStatus)
            # (the seeded Redshift's last create failed: waiting on it is an error of its own, not a quirk's)
            $settled = @(Wait-ImmutaIntegration -Id ($all | Where-Object Status -notlike '*Error').Id -Timeout 5 -PollInterval 0.05)
            $databricks = $all | Where-Object Type -eq 'Databricks'
            $dryRun = @(Test-ImmutaIntegration -Id $databricks.Id -Payload @{
                    type = 'Databricks'; autoBootstrap = $false
                    config = @{
                        workspaceUrl = 'quirks.cloud.databricks.com'; httpPath = 'sql/protocolv1/o/0/1'; catalog = 'immuta'; authenticationType = 'oAuthM2M'
                        oAuthClientConfig = @{ clientId = 'quirks-client'; clientSecret = 'quirks-client-secret'; scope = 'all-apis' }
                    }
                })
            $workflow = Invoke-ManualWorkflow "$Quirk.snowflakecomputing.com"
            $exported = @(Export-ImmutaIntegration -Path $folder)
            # The files refer to the secrets Immuta never shows: a pipeline would set them.
            foreach ($variable in $exported.Variables) { Set-Item "Env:$variable" 'quirks-placeholder' }
            $plan = @(Compare-ImmutaIntegration -Path $folder)
            $synced = @(Sync-ImmutaIntegration -Path $folder -Force)
            [pscustomobject]@{
                All = $all; One = $one; Statuses = $statuses; Settled = $settled; DryRun = $dryRun; Workflow = $workflow
                Exported = $exported; Plan = $plan; Synced = $synced; Checks = $checks; Connection = $connection
            }
        } *>&1
        $errors = @($stream | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
        $result = $stream | Where-Object { $_ -is [pscustomobject] -and $_.PSObject.Properties['Checks'] } | Select-Object -Last 1

        $errors | Should -BeNullOrEmpty -Because ($errors | ForEach-Object { "$($_.FullyQualifiedErrorId): $_" }) -join "`n"
        $result | Should -Not -BeNullOrEmpty
        $result.All.Count | Should -BeGreaterOrEqual 3
        $result.One.Id | Should -Be $result.All[0].Id
        $result.Statuses.Count | Should -Be $result.All.Count
        $result.Settled.Count | Should -Be @($result.All | Where-Object Status -notlike '*Error').Count
        $result.DryRun | Should -Not -BeNullOrEmpty
        $result.Workflow.Created.Status | Should -Be 'enabled'
        $result.Workflow.Updated.Config.warehouse | Should -Be 'QUIRKS_EDITED'
        $result.Workflow.Removed.Status | Select-Object -Unique | Should -Be 'Succeeded'
        $Ran.Count | Should -BeGreaterThan 3
        $result.Exported.Count | Should -BeGreaterOrEqual 3
        # The files describe what was exported; only an integration whose last change failed is sent again.
        ($result.Plan | Where-Object Action -ne 'NoChange').Current.Status | Should -Be 'createError'
        ($result.Plan | Where-Object Action -ne 'NoChange').Action | Should -Be 'Update'
        $result.Synced.Outcome | Select-Object -Unique | Should -Be 'Done'

        $reported = $result.Checks | Where-Object { $_.Route -eq $Route -and $_.Check -eq $Check }
        $reported | Should -HaveCount 1 -Because "the probe checks $Route $Check"
        $reported.Verdict | Should -Be $Verdict
        # What the probe says is made to be pasted: no secret, no value of the config.
        $text = $result.Checks | Format-List * | Out-String
        foreach ($secret in $SeededSecrets + 'quirks-snowflake-secret') { $text | Should -Not -Match ([regex]::Escape($secret)) }
    }

    It 'removes an integration of a type the module does not know, as plain data, with and without -ForceDisable' {
        Set-Quirks 'unknown-type'
        Connect-TestTenant $Emulator -Current | Out-Null
        $unknown = Get-ImmutaIntegration -Type 'Hypothetical Platform'
        $unknown | Should -HaveCount 1
        $unknown.Config.password | Should -Be '<REDACTED>'

        Remove-ImmutaIntegration -Id $unknown.Id -Wait -Force -PollInterval 0.05

        (Get-ImmutaIntegrationStatus -Id $unknown.Id).Status | Should -Be 'deleted'
        Set-Quirks 'unknown-type'
        $again = Get-ImmutaIntegration -Type 'Hypothetical Platform'
        Remove-ImmutaIntegration -Id $again.Id -ForceDisable -Wait -Force -PollInterval 0.05
        (Get-ImmutaIntegrationStatus -Id $again.Id).Status | Should -Be 'deleted'
    }

    It 'the probe finds nothing unexpected on the emulator as it answers by default' {
        Set-Quirks @()
        Connect-TestTenant $Emulator -Current | Out-Null
        $checks = @(Test-ImmutaConnection)
        $checks | Where-Object Verdict -eq 'Unexpected' | Should -BeNullOrEmpty
        $checks | Where-Object Verdict -eq 'Tolerated' | Should -BeNullOrEmpty
        ($checks | Where-Object { $_.Check -eq 'dry run (Databricks)' -and $_.Route -like 'PUT*' }).Verdict | Should -Be 'Match'
        ($checks | Where-Object Check -eq 'script (Databricks)').Verdict | Should -Be 'Match'
        Test-ImmutaConnection -Quiet | Should -BeExactly $true
    }
}

Describe 'New-, Set- and Remove-ImmutaIntegration with scripts labelled any way a web framework may' {
    BeforeAll {
        Set-Quirks @()
        Connect-TestTenant $Emulator -Current | Out-Null
    }
    AfterAll { Set-ScriptContentType 'text/plain' }

    It 'the whole manual setup, edit and cleanup works with scripts sent as <Label>' -TestCases @(
        @{ Label = 'text/html'; Value = 'text/html' }
        @{ Label = 'application/octet-stream'; Value = 'application/octet-stream' }
        @{ Label = 'a JSON string'; Value = 'json-string' }
        @{ Label = 'a JSON object with script'; Value = 'json-object' }
    ) {
        Set-ScriptContentType $Value
        $Ran.Clear()
        $expected = Get-ImmutaIntegrationScript -Kind Create -Payload (Get-ManualSnowflake "$Value.snowflakecomputing.com")

        $workflow = Invoke-ManualWorkflow "$Value.snowflakecomputing.com"

        $expected.Statements.Count | Should -BeGreaterThan 2
        $Ran[0..($expected.Statements.Count - 1)] | Should -Be $expected.Statements.Text
        $workflow.Created.Status | Should -Be 'enabled'
        $workflow.Updated.Config.warehouse | Should -Be 'QUIRKS_EDITED'
        $workflow.Removed | Should -Not -BeNullOrEmpty
        $workflow.Removed.Status | Select-Object -Unique | Should -Be 'Succeeded'
    }
}

Describe 'Remove-ImmutaIntegration -ManualCleanup of a Snowflake integration' {
    BeforeEach {
        Set-Quirks @()
        Connect-TestTenant $Emulator -Current | Out-Null
        $script:Created = New-ImmutaIntegration -Payload (Get-ManualSnowflake) -Wait -Force -PollInterval 0.05
    }

    It 'fetches the delete script, runs it, and only then sends the DELETE' {
        $id = $Created.Id
        $url = $Emulator.Url
        $headers = $Headers
        $seen = [System.Collections.Generic.List[object]]::new()
        # Each statement notes what Immuta had been asked by then, and where the integration stood.
        $recording = {
            param($text)
            $seen.Add([pscustomobject]@{
                Asked = @((Invoke-RestMethod -Uri "$url/_emulator/history" -Headers $headers) | ForEach-Object { "$($_.method) $($_.path)" })
                Status = (Invoke-RestMethod -Uri "$url/integrations/$id/status" -Headers $headers).status
            })
        }.GetNewClosure()

        $results = @(Remove-ImmutaIntegration -Id $id -ManualCleanup -Executor $recording -Wait -Force -PollInterval 0.05)

        $results.Status | Select-Object -Unique | Should -Be 'Succeeded'
        $seen.Count | Should -Be $results.Count
        foreach ($statement in $seen) {
            $statement.Status | Should -Be 'enabled'
            $statement.Asked | Should -Contain "POST /integrations/$id/scripts/delete"
            $statement.Asked | Should -Not -Contain "DELETE /integrations/$id"
        }
        $order = @(Get-History | Where-Object { $_.method -in 'POST', 'DELETE' } | ForEach-Object { "$($_.method) $($_.path)" })
        $order | Should -Be @('POST /integrations', "POST /integrations/$id/scripts/delete", "DELETE /integrations/$id")
        (Get-ImmutaIntegrationStatus -Id $id).Status | Should -Be 'deleted'
    }

    It 'deletes nothing in Immuta when a statement fails, and the error says which and that the integration is still there' {
        $id = $Created.Id
        $failing = { param($text, $statement) if ($statement.Number -eq 2) { throw 'Insufficient privileges to operate on role IMMUTA_SYSTEM_ACCOUNT_ROLE' } }

        Remove-ImmutaIntegration -Id $id -ManualCleanup -Executor $failing -Wait -Force -ErrorVariable failed -ErrorAction SilentlyContinue

        $failed | Should -HaveCount 1
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'ScriptStatementFailed,*'
        "$($failed[0])" | Should -Match 'at statement 2 of'
        "$($failed[0])" | Should -Match 'Insufficient privileges'
        "$($failed[0])" | Should -Match "Nothing was deleted in Immuta: integration $id is still there"
        @(Get-History | Where-Object method -eq 'DELETE') | Should -BeNullOrEmpty
        (Get-ImmutaIntegrationStatus -Id $id).Status | Should -Be 'enabled'
    }
}
