# The documented workflows end to end, with the cmdlets as a user writes them, against the emulator on loopback:
# the automatic lifecycle of every type, dry runs and refusals, -WhatIf, pipelines and waiting, raw calls, and
# that secrets never show. Short transitions and polls keep it fast; on the slow emulator nothing settles until a
# test settles it, for waits and timeouts that cannot race a clock.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../Support/TestHelpers.psm1') -Force
    Import-Module (Get-TestPath Module) -Force
    $script:Emulator = Start-TestEmulator -ApiKey 'workflow-key' -SeedPath $null -ArgumentList '--transition-delay-ms', '100'
    # Ten minutes: on the slow emulator nothing settles until a test settles it (Complete-TestEmulatorTransition).
    $script:SlowEmulator = Start-TestEmulator -ApiKey 'workflow-key' -SeedPath $null -ArgumentList '--transition-delay-ms', '600000'
    Disconnect-Immuta
    $script:Slow = Connect-Immuta -Url $SlowEmulator.Url -ApiKey (ConvertTo-TestSecureString 'workflow-key')
    # The current connection: commands without -Connection use it.
    $script:Fast = Connect-Immuta -Url $Emulator.Url -ApiKey (ConvertTo-TestSecureString 'workflow-key')
    $script:Examples = Join-Path (Get-TestPath Data) 'examples'
    # A value to look for in every output: it is the password of the credential and of the payloads that carry one.
    $script:Secret = 'e2e-Zq7-workflow-secret'
    $script:Credential = [pscredential]::new('admin@acme.com', (ConvertTo-TestSecureString $Secret))

    function ConvertFrom-TestSecureString([securestring] $Value) { [System.Net.NetworkCredential]::new('', $Value).Password }
}

AfterAll {
    Disconnect-Immuta -Connection $Slow
    Disconnect-Immuta -Connection $Fast
    Stop-TestEmulator $Emulator
    Stop-TestEmulator $SlowEmulator
}

Describe 'The automatic lifecycle of every type' {
    BeforeAll { Reset-TestEmulator $Emulator }

    It '<Type>: created from its file, edited from what Get returns with -Credential, removed with -Credential' -TestCases @(
        @{ Type = 'Snowflake'; File = 'create-snowflake.json'; Field = 'warehouse'; Value = 'E2E_WAREHOUSE' }
        @{ Type = 'Redshift'; File = 'create-redshift.json'; Field = 'port'; Value = 5440 }
        @{ Type = 'Azure Synapse Analytics'; File = 'create-synapse.json'; Field = 'port'; Value = 1434 }
    ) {
        $posts = Get-EmulatorRequestCount $Emulator 'POST /integrations'
        $created = New-ImmutaIntegration -Path (Join-Path $Examples $File) -Wait -Force -PollInterval 0.1

        $created | Should -BeOfType ([ImmutaIntegrations.Integration])
        $created.Type | Should -Be $Type
        $created.Status | Should -Be 'enabled'
        $created.AutoBootstrap | Should -BeTrue
        $created.Config.password | Should -Be '<REDACTED>'
        Get-EmulatorRequestCount $Emulator 'POST /integrations' | Should -Be ($posts + 1)

        $puts = Get-EmulatorRequestCount $Emulator 'PUT /integrations/{id}'
        $edited = Get-ImmutaIntegration -Id $created.Id | ForEach-Object { $_.Config[$Field] = $Value; $_ } |
            Set-ImmutaIntegration -Credential $Credential -Wait -Force -PollInterval 0.1

        $edited.Id | Should -Be $created.Id
        $edited.Status | Should -Be 'enabled'
        $edited.Config[$Field] | Should -Be $Value
        (Get-ImmutaIntegration -Id $created.Id).Config[$Field] | Should -Be $Value
        Get-EmulatorRequestCount $Emulator 'PUT /integrations/{id}' | Should -Be ($puts + 1)

        $deletes = Get-EmulatorRequestCount $Emulator 'DELETE /integrations/{id}'
        $removed = Remove-ImmutaIntegration -Id $created.Id -Credential $Credential -Wait -Force -PollInterval 0.1

        $removed | Should -BeNullOrEmpty
        (Get-ImmutaIntegrationStatus -Id $created.Id).Status | Should -Be 'deleted'
        (Get-ImmutaIntegration).Id | Should -Not -Contain $created.Id
        Get-EmulatorRequestCount $Emulator 'DELETE /integrations/{id}' | Should -Be ($deletes + 1)
    }

    It '<Type>: created from a payload, edited with a fresh payload that gives its secret again, removed without credentials' -TestCases @(
        @{ Type = 'Databricks'; Slug = 'databricks'; Field = 'httpPath'; Value = 'sql/protocolv1/o/0/e2e'; SecretField = 'token' }
        @{ Type = 'Google BigQuery'; Slug = 'bigquery'; Field = 'role'; Value = 'e2e_role'; SecretField = 'credential' }
        @{ Type = 'Native S3'; Slug = 's3'; Field = 'name'; Value = 'e2e lake'; SecretField = 'awsSecretAccessKey' }
    ) {
        $payload = Get-TestPayload $Slug
        $payload.config[$SecretField] = $Secret
        $created = New-ImmutaIntegration -Payload $payload -Wait -Force -PollInterval 0.1

        $created.Type | Should -Be $Type
        $created.Status | Should -Be 'enabled'
        # What Get returns cannot be sent back as it is: the secret reads back as a placeholder.
        (Get-ImmutaIntegration -Id $created.Id).Config[$SecretField] | Should -Be '<REDACTED>'

        $payload.config[$Field] = $Value
        $edited = Set-ImmutaIntegration -Id $created.Id -Payload $payload -Wait -Force -PollInterval 0.1

        $edited.Status | Should -Be 'enabled'
        $edited.Config[$Field] | Should -Be $Value
        $edited.Config[$SecretField] | Should -Be '<REDACTED>'

        $deletes = Get-EmulatorRequestCount $Emulator 'DELETE /integrations/{id}'
        Remove-ImmutaIntegration -Id $created.Id -Wait -Force -PollInterval 0.1 -WarningVariable warnings

        $warnings | Should -BeNullOrEmpty
        (Get-ImmutaIntegrationStatus -Id $created.Id).Status | Should -Be 'deleted'
        Get-EmulatorRequestCount $Emulator 'DELETE /integrations/{id}' | Should -Be ($deletes + 1)
    }

    It 'Trino: created, refuses any edit before a PUT (UpdateNotSupported), rotates its key, removed' {
        $trino = New-ImmutaIntegration -Path (Join-Path $Examples 'create-trino.json') -Wait -Force -PollInterval 0.1

        $trino.Type | Should -Be 'Trino'
        $trino.Status | Should -Be 'enabled'
        $trino.Config.apiKey | Should -Be '<REDACTED>'
        $trino.ApiKey | Should -BeOfType ([securestring])

        $puts = Get-EmulatorRequestCount $Emulator 'PUT /integrations/{id}'
        Get-ImmutaIntegration -Id $trino.Id | Set-ImmutaIntegration -Force -ErrorVariable piped -ErrorAction SilentlyContinue
        Set-ImmutaIntegration -Id $trino.Id -Payload @{ type = 'Trino' } -Force -ErrorVariable given -ErrorAction SilentlyContinue

        foreach ($failure in @($piped) + @($given)) {
            $failure.FullyQualifiedErrorId | Should -BeLike 'UpdateNotSupported,*'
            $failure.Exception.Message | Should -BeLike '*Trino*cannot be updated*'
        }
        @($piped).Count + @($given).Count | Should -Be 2
        Get-EmulatorRequestCount $Emulator 'PUT /integrations/{id}' | Should -Be $puts

        $oldKey = ConvertFrom-TestSecureString $trino.ApiKey
        $secure = Reset-ImmutaIntegrationApiKey -Id $trino.Id -Force
        $text = Reset-ImmutaIntegrationApiKey -Id $trino.Id -Force -AsPlainText

        $secure | Should -BeOfType ([securestring])
        $text | Should -BeOfType ([string])
        $firstKey = ConvertFrom-TestSecureString $secure
        $firstKey | Should -Not -BeNullOrEmpty
        $firstKey | Should -Not -Be $oldKey
        $text | Should -Not -Be $firstKey
        $text | Should -Not -Be $oldKey
        ConvertFrom-TestSecureString (Get-ImmutaIntegration -Id $trino.Id).ApiKey | Should -Be $text

        Remove-ImmutaIntegration -Id $trino.Id -Wait -Force -PollInterval 0.1
        (Get-ImmutaIntegrationStatus -Id $trino.Id).Status | Should -Be 'deleted'
    }
}

Describe 'Dry runs, validation and refusals' {
    BeforeAll {
        Reset-TestEmulator $Emulator
        $script:Snowflake = New-ImmutaIntegration -Path (Join-Path $Examples 'create-snowflake.json') -Wait -Force -PollInterval 0.1
    }

    It 'New-ImmutaIntegration -DryRun returns the validation results and creates nothing' {
        $listed = (Get-ImmutaIntegration).Id
        $posts = Get-EmulatorRequestCount $Emulator 'POST /integrations'

        $results = New-ImmutaIntegration -Path (Join-Path $Examples 'create-redshift.json') -DryRun -Confirm

        $results | Should -BeOfType ([ImmutaIntegrations.ValidationResults])
        $results.Status | Should -Be 'passed'
        $results.ValidationTests.Count | Should -BeGreaterThan 0
        (Get-ImmutaIntegration).Id | Should -Be $listed
        Get-EmulatorRequestCount $Emulator 'POST /integrations' | Should -Be ($posts + 1)
    }

    It 'Set-ImmutaIntegration -DryRun returns the validation results and changes nothing' {
        $puts = Get-EmulatorRequestCount $Emulator 'PUT /integrations/{id}'

        $results = Get-ImmutaIntegration -Id $Snowflake.Id | ForEach-Object { $_.Config.warehouse = 'DRY_RUN_WAREHOUSE'; $_ } |
            Set-ImmutaIntegration -Credential $Credential -DryRun -Force

        $results | Should -BeOfType ([ImmutaIntegrations.ValidationResults])
        $results.Status | Should -Be 'passed'
        $after = Get-ImmutaIntegration -Id $Snowflake.Id
        $after.Status | Should -Be 'enabled'
        $after.Config.warehouse | Should -Be 'SAMPLE_WAREHOUSE'
        Get-EmulatorRequestCount $Emulator 'PUT /integrations/{id}' | Should -Be ($puts + 1)
    }

    It 'Remove-ImmutaIntegration -DryRun returns the validation results and removes nothing' {
        $deletes = Get-EmulatorRequestCount $Emulator 'DELETE /integrations/{id}'

        # No -Force: a dry run changes nothing, so it asks nothing (this session cannot be asked anyway).
        $results = Remove-ImmutaIntegration -Id $Snowflake.Id -Credential $Credential -DryRun

        $results | Should -BeOfType ([ImmutaIntegrations.ValidationResults])
        $results.Status | Should -Be 'passed'
        (Get-ImmutaIntegrationStatus -Id $Snowflake.Id).Status | Should -Be 'enabled'
        (Get-ImmutaIntegration).Id | Should -Contain $Snowflake.Id
        Get-EmulatorRequestCount $Emulator 'DELETE /integrations/{id}' | Should -Be ($deletes + 1)
    }

    It 'Test-ImmutaIntegration returns the validation tests of a create, or of an update for a piped integration, and changes nothing' {
        $listed = (Get-ImmutaIntegration).Id
        $failing = Get-TestPayload databricks
        $failing.config.httpPath = 'fail-http-path'

        $create = Test-ImmutaIntegration -Path (Join-Path $Examples 'create-databricks.json')
        $failed = Test-ImmutaIntegration -Payload $failing
        $update = Get-ImmutaIntegration -Id $Snowflake.Id | ForEach-Object { $_.Config.warehouse = 'TESTED_WAREHOUSE'; $_ } |
            Test-ImmutaIntegration -Credential $Credential

        $create | ForEach-Object { $_ | Should -BeOfType ([ImmutaIntegrations.ValidationTest]) }
        $create.Name | Should -Be @('Metastore validation', 'Basic Connection Test')
        $create.Status | Should -Be @('passed', 'passed')
        ($failed | Where-Object Status -eq 'failed').Message | Should -BeLike '*config.httpPath was rejected*'
        $update.Name | Should -Contain 'Initial Validation: Basic Connection Test'
        (Get-ImmutaIntegration).Id | Should -Be $listed
        (Get-ImmutaIntegration -Id $Snowflake.Id).Config.warehouse | Should -Be 'SAMPLE_WAREHOUSE'
    }

    It 'a createError ends New-ImmutaIntegration -Wait in IntegrationFailed, with the failed test''s message' {
        $payload = Get-TestPayload databricks
        $payload.config.httpPath = 'fail-http-path'

        $output = New-ImmutaIntegration -Payload $payload -Wait -Force -PollInterval 0.1 -ErrorVariable failures -ErrorAction SilentlyContinue

        $output | Should -BeNullOrEmpty
        $failures | Should -HaveCount 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'IntegrationFailed,*'
        $failures[0].Exception.Message | Should -BeLike '*ended in createError*Simulated platform failure: the value of config.httpPath was rejected.*'
        $failures[0].Exception.Integration.Status | Should -Be 'createError'
        $failures[0].Exception.FailedTests.Message | Should -BeLike '*config.httpPath was rejected*'
        (Get-ImmutaIntegrationStatus -Id $failures[0].Exception.Integration.Id).Status | Should -Be 'createError'
    }

    It 'an editError ends Set-ImmutaIntegration -Wait in IntegrationFailed, and the config rolls back' {
        $payload = Get-TestPayload s3
        $integration = New-ImmutaIntegration -Payload $payload -Wait -Force -PollInterval 0.1
        $payload.config.awsLocationRole = 'fail-role'

        $output = Set-ImmutaIntegration -Id $integration.Id -Payload $payload -Wait -Force -PollInterval 0.1 -ErrorVariable failures -ErrorAction SilentlyContinue

        $output | Should -BeNullOrEmpty
        $failures | Should -HaveCount 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'IntegrationFailed,*'
        $failures[0].Exception.Message | Should -BeLike '*ended in editError*config.awsLocationRole was rejected*'
        $after = Get-ImmutaIntegration -Id $integration.Id
        $after.Status | Should -Be 'editError'
        $after.Config.awsLocationRole | Should -Be $integration.Config.awsLocationRole
    }

    It 'a second integration on the same host is refused with IntegrationExists, naming the existing id' {
        $listed = (Get-ImmutaIntegration).Id

        New-ImmutaIntegration -Path (Join-Path $Examples 'create-snowflake.json') -Force -ErrorVariable failures -ErrorAction SilentlyContinue

        $failures | Should -HaveCount 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'IntegrationExists,*'
        $failures[0].CategoryInfo.Category | Should -Be 'ResourceExists'
        $failures[0].Exception.Message | Should -Be "Snowflake integration already exists on host organization.us-east-1.snowflakecomputing.com (id = $($Snowflake.Id))"
        $failures[0].Exception.ConflictingId | Should -Be $Snowflake.Id
        (Get-ImmutaIntegration).Id | Should -Be $listed
    }

    It 'an automatically configured integration is not removed without its privileged credentials: CredentialsRequired, before any DELETE' {
        $deletes = Get-EmulatorRequestCount $Emulator 'DELETE /integrations/{id}'

        Remove-ImmutaIntegration -Id $Snowflake.Id -Force -ErrorVariable failures -ErrorAction SilentlyContinue

        $failures | Should -HaveCount 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'CredentialsRequired,*'
        $failures[0].Exception.Message | Should -BeLike '*-Credential*-ForceDisable*'
        Get-EmulatorRequestCount $Emulator 'DELETE /integrations/{id}' | Should -Be $deletes
        (Get-ImmutaIntegrationStatus -Id $Snowflake.Id).Status | Should -Be 'enabled'
    }

    It 'a change to a field believed fixed at creation is sent after a warning, and Immuta''s refusal comes back with its message' {
        $puts = Get-EmulatorRequestCount $Emulator 'PUT /integrations/{id}'

        Get-ImmutaIntegration -Id $Snowflake.Id | ForEach-Object { $_.Config.database = 'ANOTHER_DATABASE'; $_ } |
            Set-ImmutaIntegration -Credential $Credential -Force -ErrorVariable failures -ErrorAction SilentlyContinue -WarningVariable warned -WarningAction SilentlyContinue

        # Fields fixed at creation are Immuta's call: the module warns, sends the PUT, and reports what Immuta says.
        $warned | Should -HaveCount 1
        "$($warned[0])" | Should -BeLike "config.database is believed fixed at creation*'SNOWFLAKE_SAMPLE_DATA'*'ANOTHER_DATABASE'*-AllowReplace*"
        $failures | Should -HaveCount 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'PayloadRejected,*'
        $failures[0].Exception.StatusCode | Should -Be 400
        $failures[0].Exception.Message | Should -BeLike '*database*'
        Get-EmulatorRequestCount $Emulator 'PUT /integrations/{id}' | Should -Be ($puts + 1)
        (Get-ImmutaIntegration -Id $Snowflake.Id).Config.database | Should -Be 'SNOWFLAKE_SAMPLE_DATA'
    }

    It 'an integration read back is not sent again without its secrets: PayloadInvalid, before any PUT' {
        $puts = Get-EmulatorRequestCount $Emulator 'PUT /integrations/{id}'

        Get-ImmutaIntegration -Id $Snowflake.Id | ForEach-Object { $_.Config.warehouse = 'OTHER_WAREHOUSE'; $_ } |
            Set-ImmutaIntegration -Force -ErrorVariable failures -ErrorAction SilentlyContinue

        $failures | Should -HaveCount 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'PayloadInvalid,*'
        $failures[0].Exception.Message | Should -BeLike '*config.password*<REDACTED>*'
        Get-EmulatorRequestCount $Emulator 'PUT /integrations/{id}' | Should -Be $puts
    }

    It 'Remove-ImmutaIntegration -ForceDisable needs no credentials and deletes the integration in Immuta, which leaves the list' {
        $deletes = Get-EmulatorRequestCount $Emulator 'DELETE /integrations/{id}'

        Remove-ImmutaIntegration -Id $Snowflake.Id -ForceDisable -Wait -Force -PollInterval 0.1

        (Get-ImmutaIntegration -Id $Snowflake.Id).Status | Should -Be 'deleted'
        (Get-ImmutaIntegration).Id | Should -Not -Contain $Snowflake.Id
        Get-EmulatorRequestCount $Emulator 'DELETE /integrations/{id}' | Should -Be ($deletes + 1)
    }
}

Describe '-WhatIf' {
    BeforeAll {
        Reset-TestEmulator $Emulator
        $script:Snowflake = New-ImmutaIntegration -Path (Join-Path $Examples 'create-snowflake.json') -Wait -Force -PollInterval 0.1
        $script:Trino = New-ImmutaIntegration -Path (Join-Path $Examples 'create-trino.json') -Wait -Force -PollInterval 0.1
    }

    It 'New, Set, Remove, Reset-ImmutaIntegrationApiKey and Invoke-ImmutaApi POST describe what they would do and send nothing, -Force or not' {
        $payload = Get-TestPayload databricks
        $payload.config.token = $Secret
        $integration = Get-ImmutaIntegration -Id $Snowflake.Id
        $integration.Config.warehouse = 'WHATIF_WAREHOUSE'
        $before = Get-EmulatorRequests $Emulator | ConvertTo-Json -Compress

        $run = Invoke-TestTranscript {
            New-ImmutaIntegration -Payload $payload -Wait -Force -WhatIf
            $integration | Set-ImmutaIntegration -Credential $Credential -Wait -Force -WhatIf
            Remove-ImmutaIntegration -Id $Snowflake.Id -Credential $Credential -Force -WhatIf
            Reset-ImmutaIntegrationApiKey -Id $Trino.Id -Force -WhatIf
            Invoke-ImmutaApi -Path /integrations -Method POST -Body @{ type = 'Databricks'; config = @{ token = $Secret } } -Force -WhatIf
            Remove-ImmutaIntegration -Id $Trino.Id -WhatIf
        }

        $text = $run.Text
        $run.Output | Should -BeNullOrEmpty
        Get-EmulatorRequests $Emulator | ConvertTo-Json -Compress | Should -Be $before
        ([regex]::Matches($text, 'What if: ')).Count | Should -Be 6
        $text | Should -Match 'What if: .*Create from .*on target "Databricks integration on www\.example-workspace\.cloud\.databricks\.com"'
        $text | Should -Match 'What if: .*Update with: .*WHATIF_WAREHOUSE'
        $text | Should -Match "What if: .*""Remove"" on target ""integration $($Snowflake.Id)"""
        $text | Should -Match "What if: .*Regenerate its API key.*integration $($Trino.Id)"
        $text | Should -Match 'What if: .*"POST '
        $text | Should -Match '<REDACTED>'
        $text | Should -Not -Match ([regex]::Escape($Secret))
        (Get-ImmutaIntegration).Id | Should -Be @($Snowflake.Id, $Trino.Id)
        (Get-ImmutaIntegration -Id $Snowflake.Id).Config.warehouse | Should -Be 'SAMPLE_WAREHOUSE'
        ConvertFrom-TestSecureString (Get-ImmutaIntegration -Id $Trino.Id).ApiKey | Should -Be (ConvertFrom-TestSecureString $Trino.ApiKey)
    }
}

Describe 'Pipelines and waiting' {
    BeforeAll {
        Reset-TestEmulator $Emulator
        Reset-TestEmulator $SlowEmulator
        function New-SnowflakePayload([string] $Name, [string] $Warehouse = 'SAMPLE_WAREHOUSE') {
            $payload = Get-TestPayload snowflake
            $payload.config.host = "$Name.us-east-1.snowflakecomputing.com"
            $payload.config.warehouse = $Warehouse
            $payload
        }
    }

    It 'Get-ImmutaIntegration -Type Snowflake | Remove-ImmutaIntegration -Credential removes every Snowflake integration and nothing else' {
        $snowflakes = 'alpha', 'beta', 'gamma' | ForEach-Object { New-SnowflakePayload $_ } | New-ImmutaIntegration -Wait -Force -PollInterval 0.1
        $databricks = New-ImmutaIntegration -Path (Join-Path $Examples 'create-databricks.json') -Wait -Force -PollInterval 0.1
        $deletes = Get-EmulatorRequestCount $Emulator 'DELETE /integrations/{id}'

        Get-ImmutaIntegration -Type Snowflake | Remove-ImmutaIntegration -Credential $Credential -Force

        Get-EmulatorRequestCount $Emulator 'DELETE /integrations/{id}' | Should -Be ($deletes + 3)
        (Wait-ImmutaIntegration -Id $snowflakes.Id -PollInterval 0.1).Status | Should -Be @('deleted', 'deleted', 'deleted')
        (Get-ImmutaIntegration).Id | Should -Be @($databricks.Id)
        (Get-ImmutaIntegrationStatus -Id $databricks.Id).Status | Should -Be 'enabled'
    }

    It 'Get-ImmutaIntegration | Where-Object Status -like *Error | Wait-ImmutaIntegration returns the final integrations in order, each failed one with a non-terminating IntegrationFailed' {
        $payloads = (New-SnowflakePayload 'delta' 'fail-delta'), (New-SnowflakePayload 'epsilon'), (New-SnowflakePayload 'zeta' 'fail-zeta')
        $payloads | New-ImmutaIntegration -Wait -Force -PollInterval 0.1 -ErrorAction SilentlyContinue | Out-Null
        $failed = Get-ImmutaIntegration | Where-Object { $_.Config.host -like 'delta.*' -or $_.Config.host -like 'zeta.*' }

        $settled = Get-ImmutaIntegration | Where-Object Status -like '*Error' | Wait-ImmutaIntegration -PollInterval 0.1 -ErrorVariable failures -ErrorAction SilentlyContinue

        $settled.Id | Should -Be $failed.Id
        $settled.Status | Should -Be @('createError', 'createError')
        $failures | Should -HaveCount 2
        $failures.FullyQualifiedErrorId | ForEach-Object { $_ | Should -BeLike 'IntegrationFailed,*' }
        $failures[0].Exception.Integration.Id | Should -Be $failed[0].Id
        $failures[1].Exception.Integration.Id | Should -Be $failed[1].Id
        $failures[0].Exception.Message | Should -BeLike '*config.warehouse was rejected*'
    }

    It 'Wait-ImmutaIntegration -Id waits for several integrations at once and returns them in the order given' {
        $created = 1..6 | ForEach-Object { New-SnowflakePayload "parallel$_" } | New-ImmutaIntegration -Force -Connection $Slow
        $ids = @($created.Id)
        [array]::Reverse($ids)
        $created.Status | Should -Be (@('creating') * 6)

        # A wait first reads its integration whole, then polls its status. None settles until the test settles them:
        # all six first reads can come only if the six are waited for at once (one after another, the first would
        # be polled until the backstop). Then they settle, and the wait returns.
        $firstReads = (Get-EmulatorRequestCount $SlowEmulator 'GET /integrations/{id}') + 6
        $settle = Start-TestEmulatorSettle -Emulator $SlowEmulator -Route 'GET /integrations/{id}' -AtLeast $firstReads
        $settled = Wait-ImmutaIntegration -Id $ids -PollInterval 0.1 -Connection $Slow
        $reached = Receive-Job $settle -Wait -AutoRemoveJob

        $reached.Reached | Should -BeTrue -Because "all six were to be read before any settled ($($reached.Count) of $firstReads reads)"
        $settled.Id | Should -Be $ids
        $settled.Status | Should -Be (@('enabled') * 6)
    }

    It '-Timeout ends a wait that lasts too long with WaitTimeout, for Wait-ImmutaIntegration and New-ImmutaIntegration -Wait' {
        $pending = New-ImmutaIntegration -Path (Join-Path $Examples 'create-trino.json') -Force -Connection $Slow

        $last = Wait-ImmutaIntegration -Id $pending.Id -Timeout 0.2 -PollInterval 0.05 -Connection $Slow -ErrorVariable waited -ErrorAction SilentlyContinue
        $output = New-ImmutaIntegration -Path (Join-Path $Examples 'create-databricks.json') -Wait -Timeout 0.2 -PollInterval 0.05 -Force -Connection $Slow -ErrorVariable created -ErrorAction SilentlyContinue

        $last.Status | Should -Be 'creating'
        $waited | Should -HaveCount 1
        $waited[0].FullyQualifiedErrorId | Should -BeLike 'WaitTimeout,*'
        $waited[0].CategoryInfo.Category | Should -Be 'OperationTimeout'
        $waited[0].Exception.Message | Should -BeLike "Integration $($pending.Id) is still creating after *"
        $output | Should -BeNullOrEmpty
        $created | Should -HaveCount 1
        $created[0].FullyQualifiedErrorId | Should -BeLike 'WaitTimeout,*'
    }
}

Describe 'Invoke-ImmutaApi' {
    BeforeAll {
        Reset-TestEmulator $Emulator
        $script:Snowflake = New-ImmutaIntegration -Path (Join-Path $Examples 'create-snowflake.json') -Wait -Force -PollInterval 0.1
    }

    It 'GET returns the answer as objects' {
        $all = Invoke-ImmutaApi -Path /integrations
        $status = Invoke-ImmutaApi -Path "/integrations/$($Snowflake.Id)/status"

        @($all) | Should -HaveCount 1
        $all.id | Should -Be $Snowflake.Id
        $all.type | Should -Be 'Snowflake'
        $all.config.host | Should -Be 'organization.us-east-1.snowflakecomputing.com'
        $all.config.password | Should -Be '<REDACTED>'
        $status.status | Should -Be 'enabled'
    }

    It 'POST sends the -Body' {
        $posts = Get-EmulatorRequestCount $Emulator 'POST /integrations'

        $answer = Invoke-ImmutaApi -Path /integrations -Method POST -Body @{ type = 'Trino' } -Force

        $answer.status | Should -Be 'creating'
        (Get-ImmutaIntegration -Id $answer.id).Type | Should -Be 'Trino'
        Get-EmulatorRequestCount $Emulator 'POST /integrations' | Should -Be ($posts + 1)
    }
}

Describe 'Secrets' {
    BeforeAll { Reset-TestEmulator $Emulator }

    It 'never appear in any stream or output of a lifecycle and its failures, with -Verbose and -Debug' {
        $payload = Get-TestPayload snowflake
        $payload.config.password = $Secret
        $other = Get-TestPayload redshift
        $other.config.password = $Secret
        $failing = Get-TestPayload synapse
        $failing.config.password = "fail-$Secret"
        # -Debug makes a compiled cmdlet's warnings ask; -WarningAction keeps them plain in a session that cannot ask.
        $streams = @{ Verbose = $true; Debug = $true; WarningAction = 'Continue'; ErrorAction = 'Continue' }

        $text = & {
            $created = New-ImmutaIntegration -Payload $payload -Wait -Force -PollInterval 0.1 @streams
            $created | Format-List * | Out-String -Width 200
            $created.Config | Format-Table | Out-String -Width 200
            Test-ImmutaIntegration -Payload $payload -Id $created.Id @streams | Format-List | Out-String
            New-ImmutaIntegration -Payload $payload -Force @streams
            Get-ImmutaIntegration -Id $created.Id | ForEach-Object { $_.Config.warehouse = 'SECRET_WAREHOUSE'; $_ } |
                Set-ImmutaIntegration -Credential $Credential -Wait -Force -PollInterval 0.1 @streams | ConvertTo-Json -Depth 6
            Invoke-ImmutaApi -Path '/integrations?dryRun=true' -Method POST -Body $other -Force @streams | ConvertTo-Json -Depth 6
            New-ImmutaIntegration -Payload $failing -Wait -Force -PollInterval 0.1 @streams
            Remove-ImmutaIntegration -Id $created.Id -Credential $Credential -Wait -Force -PollInterval 0.1 @streams
        } *>&1 | Out-String -Width 200

        # The run did what it should: requests logged with their bodies, the conflict and the failure reported.
        $text | Should -Match 'Body: '
        $text | Should -Match 'Authorization: <REDACTED>'
        $text | Should -Match 'already exists on host'
        $text | Should -Match 'ended in createError'
        $text | Should -Match '<REDACTED>'
        $text | Should -Not -Match ([regex]::Escape($Secret))
    }
}

Describe 'A warning under -Debug in a session that cannot ask' {
    It 'goes to the debug stream instead of failing the command (<Session>)' -TestCases @(
        @{ Session = 'pwsh -NonInteractive'; RedirectedInput = $false }
        @{ Session = 'a console whose input is redirected'; RedirectedInput = $true }
    ) {
        Reset-TestEmulator $Emulator
        $payload = Get-TestPayload s3
        $integration = New-ImmutaIntegration -Payload $payload -Wait -Force -PollInterval 0.1
        $deletes = Get-EmulatorRequestCount $Emulator 'DELETE /integrations/{id}'
        # A manual integration takes no credentials: Remove warns that it does not send them, then deletes and waits.
        # -Debug makes a compiled cmdlet's warnings ask, which -NonInteractive cannot do.
        $run = Invoke-FreshPwsh -RedirectedInput:$RedirectedInput -Environment @{ IMMUTA_URL = $Emulator.Url; IMMUTA_API_KEY = $Emulator.ApiKey } -Script @"
Import-Module '$(Get-TestPath Module)'
`$credential = [pscredential]::new('admin', (ConvertTo-SecureString 'unused-password' -AsPlainText -Force))
try {
    Remove-ImmutaIntegration -Id $($integration.Id) -Credential `$credential -Wait -PollInterval 1 -Force -Debug -ErrorAction Stop
    'NO ERROR'
}
catch { 'ERROR: ' + `$_.Exception.Message }
"@

        $outcome = $run.Output | Where-Object { $_ -like 'ERROR: *' -or $_ -eq 'NO ERROR' }
        $outcome | Should -Be 'NO ERROR'
        $text = $run.Output -join "`n"
        $text | Should -Match 'WARNING: .*takes no credentials'
        $text | Should -Not -Match 'unused-password'
        Get-EmulatorRequestCount $Emulator 'DELETE /integrations/{id}' | Should -Be ($deletes + 1)
        (Get-ImmutaIntegrationStatus -Id $integration.Id -ErrorAction SilentlyContinue).Status | Should -BeIn @('deleted', $null)
    }
}
