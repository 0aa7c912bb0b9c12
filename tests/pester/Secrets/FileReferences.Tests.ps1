# ${file:PATH} references in payloads, end to end (New-, Compare-, Sync- and Export-ImmutaIntegration): a Google BigQuery service-account key kept in a file (beside the payload, or a secure
# file whose path the agent gives in a variable) is sent as the file's text, and its text appears nowhere else: not in any
# stream, the transcript, the agent's annotations and summary, or an export. References that cannot be a secret each get a
# clear error at their file, line and field, and nothing is sent.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../Support/TestFixture.psm1')
    $script:Emulator = Start-TestFixture -ApiKey 'files-key' -Seed $null
    # A line only the key has: searched for in every text the commands produce.
    $script:KeyLine = 'MIIEvQIBADANBgkqhkiG9w0BAQ-pester-only-line-4f1c'
    $script:Key = @"
{
  "type": "service_account",
  "project_id": "pester-project",
  "private_key_id": "9163c12345690924f5dd218ff39",
  "private_key": "-----BEGIN PRIVATE KEY-----\n$KeyLine\n/yQlPQijowkccmrmWJyr93kdLnwJzBvLHCto/+W\n-----END PRIVATE KEY-----\n",
  "client_email": "immuta@pester-project.iam.gserviceaccount.com"
}
"@ -replace "`r`n", "`n"

    # A checkout with a folder for the key files (integrations/keys), and beside it the agent's temporary folder (<checkout>-agent).
    function New-KeyCheckout {
        $root = New-TestFolder
        New-Item -ItemType Directory -Path (Join-Path $root 'integrations/keys'), "$root-agent" | Out-Null
        $root
    }

    # A BigQuery payload (the contract's example) whose credential is the given text, written as YAML.
    function Write-BigQueryPayload([string] $Path, [string] $Credential, [string] $Dataset = 'immuta') {
        Set-Content -LiteralPath $Path -Encoding utf8NoBOM -Value @"
type: Google BigQuery
autoBootstrap: false
config:
  role: immuta
  datasetSuffix: _secureView
  dataset: $Dataset
  location: us-east1
  credential: '$Credential'
"@
    }

    function Get-SentCredential {
        @(Get-EmulatorWrite $Emulator -Body | Where-Object body | ForEach-Object { ($_.body | ConvertFrom-Json).config.credential })
    }

    # Every place a text was found holding the key's line, by name: none is the only right answer.
    function Find-Key([hashtable] $Texts) { @($Texts.Keys | Where-Object { "$($Texts[$_])".Contains($KeyLine) } | Sort-Object) }
}

AfterAll { Stop-TestFixture }

Describe 'New-ImmutaIntegration: a service-account key in a file beside the payload' {
    BeforeAll {
        Reset-TestEmulator $Emulator
        $script:Repository = New-KeyCheckout
        # Written with a final line break, as an editor or a download leaves it: that one break is not sent.
        Set-Content -LiteralPath (Join-Path $Repository 'integrations/keys/bq-key.json') -Value $Key -Encoding utf8NoBOM -NoNewline:$false
        Write-BigQueryPayload (Join-Path $Repository 'integrations/bigquery.yaml') '${file:keys/bq-key.json}'
        $connection = $Emulator.Connection
        Push-Location ([System.IO.Path]::GetTempPath())
        try {
            $script:Run = Invoke-TestTranscript {
                New-ImmutaIntegration -Path (Join-Path $Repository 'integrations/bigquery.yaml') -Connection $connection -Verbose -Debug -Wait 5>&1 4>&1 3>&1
            }
        }
        finally { Pop-Location }
    }

    It 'creates the integration, Immuta receiving the exact text of the file but for its final line break' {
        $created = @($Run.Output | Where-Object { $_ -is [ImmutaIntegrations.Integration] })
        $created | Should -HaveCount 1
        $created[0].Status | Should -Be 'enabled'
        $sent = @(Get-SentCredential)
        $sent | Should -HaveCount 1
        $sent[0] | Should -BeExactly $Key
        $sent[0].Split("`n").Count | Should -Be 7
    }

    It 'shows the reference, never the key, in the objects, every stream and the transcript' {
        $texts = @{ Transcript = $Run.Text; Output = ($Run.Output | Out-String -Width 500) }
        foreach ($record in $Run.Output) { $texts["record $($texts.Count)"] = "$record" }
        Find-Key $texts | Should -BeNullOrEmpty
        ($Run.Output | Out-String -Width 500) | Should -Match ([regex]::Escape('${file:keys/bq-key.json}'))
    }

    It 'is exported as a reference again' {
        $folder = Join-Path $Repository 'export'
        Export-ImmutaIntegration -Path $folder | Out-Null
        $exported = Get-ChildItem -LiteralPath $folder -Recurse -File | ForEach-Object { Get-Content -Raw -LiteralPath $_.FullName }
        $exported | Should -Not -BeNullOrEmpty
        Find-Key @{ Export = ($exported -join "`n") } | Should -BeNullOrEmpty
    }
}

Describe 'Compare-, Sync- and Export-ImmutaIntegration: a secure file whose path an Azure DevOps step gives in a variable' {
    BeforeAll {
        Reset-TestEmulator $Emulator
        $script:Repository = New-KeyCheckout
        # DownloadSecureFile@1 puts the file in the agent's temporary folder, and the step maps its path into BQ_KEY_PATH.
        $script:SecureFile = Join-Path "$Repository-agent" 'bq-key.json'
        Set-Content -LiteralPath $SecureFile -Value $Key -Encoding utf8NoBOM -NoNewline
        Write-BigQueryPayload (Join-Path $Repository 'integrations/bigquery.yaml') '${file:${env:BQ_KEY_PATH}}'
        Write-BigQueryPayload (Join-Path $Repository 'integrations/bigquery-audit.yaml') '${file:${env:BQ_KEY_PATH}}' -Dataset 'immuta_audit'
        $script:Step = Get-TestJobEnvironment $Emulator -Variables @{
            BQ_KEY_PATH = $SecureFile
            IMMUTA_CI_ANNOTATIONS = $null; TF_BUILD = 'True'; BUILD_SOURCESDIRECTORY = $Repository; AGENT_TEMPDIRECTORY = "$Repository-agent"; SYSTEM_DEFAULTWORKINGDIRECTORY = $Repository
        }
        $transcriptPath = Join-Path "$Repository-agent" 'transcript.txt'
        $script:Run = Invoke-FreshPwsh -Environment $Step -Script @"
Remove-Item Env:IMMUTA_CI_ANNOTATIONS -ErrorAction Ignore
Set-Location -LiteralPath '$Repository'
Start-Transcript -LiteralPath '$transcriptPath' -UseMinimalHeader | Out-Null
Compare-ImmutaIntegration -Path integrations | Format-List * | Out-String -Width 300
Sync-ImmutaIntegration -Path integrations -Verbose -Debug 5>&1 4>&1 3>&1 | Format-List * | Out-String -Width 300
Export-ImmutaIntegration -Path '$Repository-agent/export' -Verbose 4>&1 | Out-String -Width 300
Stop-Transcript | Out-Null
"@
        $script:TranscriptText = Get-Content -Raw -LiteralPath $transcriptPath
        $command = '##vso[task.uploadsummary]'
        $script:Summaries = @($Run.Output | Where-Object { $_.StartsWith($command, [StringComparison]::Ordinal) } | ForEach-Object { Get-Content -Raw -LiteralPath $_.Substring($command.Length) })
    }

    It 'creates both integrations, each sent the secure file''s exact text' {
        $Run.ExitCode | Should -Be 0 -Because ($Run.Output -join "`n")
        $sent = @(Get-SentCredential)
        $sent | Should -HaveCount 2
        $sent | ForEach-Object { $_ | Should -BeExactly $Key }
        $Summaries | Should -Not -BeNullOrEmpty -Because ($Run.Output -join "`n")
    }

    It 'leaves the key out of the output, the streams, the transcript, the summaries and the export' {
        $exported = Get-ChildItem -LiteralPath "$Repository-agent/export" -Recurse -File | ForEach-Object { Get-Content -Raw -LiteralPath $_.FullName }
        $exported | Should -Not -BeNullOrEmpty
        Find-Key @{ Output = ($Run.Output -join "`n"); Transcript = $TranscriptText; Summary = ($Summaries -join "`n"); Export = ($exported -join "`n") } | Should -BeNullOrEmpty
        $TranscriptText | Should -Match ([regex]::Escape('${file:${env:BQ_KEY_PATH}}'))
    }

    It 'fails when the secure file is gone, annotating the payload''s line and naming the path, and sends nothing' {
        Reset-TestEmulator $Emulator
        $step = $Step.Clone()
        $step.BQ_KEY_PATH = Join-Path "$Repository-agent" 'not-downloaded.json'
        $run = Invoke-FreshPwsh -Environment $step -Script "Remove-Item Env:IMMUTA_CI_ANNOTATIONS -ErrorAction Ignore`nSet-Location -LiteralPath '$Repository'`nSync-ImmutaIntegration -Path integrations"
        $run.ExitCode | Should -Not -Be 0
        $annotations = @($run.Output | Where-Object { $_ -like '##vso`[task.logissue type=error;*' })
        $annotations | Should -HaveCount 2
        $annotations[0] | Should -Match 'sourcepath=integrations/bigquery-audit\.yaml;linenumber=8;'
        $annotations[0] | Should -Match 'not-downloaded\.json'
        $annotations[0] | Should -Match 'config\.credential'
        Get-EmulatorWrite $Emulator | Should -HaveCount 0
    }
}

Describe 'New- and Sync-ImmutaIntegration: references that cannot be a secret' {
    BeforeAll {
        $script:Repository = New-KeyCheckout
        New-Item -ItemType Directory -Path (Join-Path $Repository 'integrations/keys/a-folder') | Out-Null
        # 100 MB that take no room: the length is set, nothing is written.
        $stream = [System.IO.File]::Create((Join-Path $Repository 'integrations/keys/huge.json'))
        try { $stream.SetLength(100MB) } finally { $stream.Dispose() }
        Set-Content -LiteralPath (Join-Path $Repository 'integrations/keys/bq-key.json') -Value $Key -Encoding utf8NoBOM
        $script:Connection = $Emulator.Connection
    }

    It '<Case> is <Id>, at the payload''s line and field, and nothing is sent' -ForEach @(
        @{ Case = 'an empty ${file:}'; Credential = '${file:}'; Id = 'SecretReferenceInvalid'; Says = 'names no file' }
        @{ Case = 'a folder'; Credential = '${file:keys/a-folder}'; Id = 'SecretFileUnreadable'; Says = 'is a folder' }
        @{ Case = 'a 100 MB file'; Credential = '${file:keys/huge.json}'; Id = 'SecretFileUnreadable'; Says = 'larger than 1 MiB' }
        @{ Case = 'a missing file'; Credential = '${file:keys/missing.json}'; Id = 'SecretFileUnreadable'; Says = 'does not exist' }
        @{ Case = 'a reference inside one that does not close'; Credential = '${file:${env:BQ_KEY_PATH}'; Id = 'SecretReferenceInvalid'; Says = 'does not close' }
        @{ Case = 'a vault name with a slash'; Credential = '${secret:team/prod/bq-key}'; Id = 'SecretReferenceInvalid'; Says = 'cannot hold a slash' }
        @{ Case = 'a path from an unset variable'; Credential = '${file:${env:PESTER_UNSET_KEY_PATH}}'; Id = 'SecretReferenceMissing'; Says = 'PESTER_UNSET_KEY_PATH' }
    ) {
        Reset-TestEmulator $Emulator
        $file = Join-Path $Repository 'integrations/bad.yaml'
        Write-BigQueryPayload $file $Credential
        # A good payload beside the bad one: a sync of the folder sends neither.
        Write-BigQueryPayload (Join-Path $Repository 'integrations/good.yaml') '${file:keys/bq-key.json}' -Dataset 'good'
        $errors = $null
        New-ImmutaIntegration -Path $file -Connection $Connection -ErrorVariable errors -ErrorAction SilentlyContinue | Out-Null
        # Its invalid files stop the sync (a terminating error) after each was reported.
        { Sync-ImmutaIntegration -Path (Join-Path $Repository 'integrations') -Connection $Connection -ErrorAction SilentlyContinue -ErrorVariable +errors } |
            Should -Throw -ErrorId 'PayloadInvalid,*'

        $errors[0].FullyQualifiedErrorId | Should -BeLike "$Id,*"
        $errors[0].Exception.Message | Should -BeLike "*${file}:8:*config.credential*$Says*"
        ($errors | Where-Object { $_.FullyQualifiedErrorId -like "$Id,*" -and $_.Exception.Message -like "*bad.yaml:8:*" }) | Should -HaveCount 2
        Get-EmulatorWrite $Emulator | Should -HaveCount 0
        Find-Key @{ Errors = ($errors | Out-String) } | Should -BeNullOrEmpty
    }
}

Describe 'Sync-ImmutaIntegration -Plan: a saved plan whose payload keeps its key in a file beside it' {
    It 'is applied on another checkout, the key read from beside the payload there' {
        Reset-TestEmulator $Emulator
        $connection = $Emulator.Connection
        # The plan is made in one checkout, and applied in another (another agent, another folder) with its own key file.
        $planned = New-KeyCheckout
        $applied = New-KeyCheckout
        foreach ($checkout in $planned, $applied) {
            Write-BigQueryPayload (Join-Path $checkout 'integrations/bigquery.yaml') '${file:keys/bq-key.json}'
        }
        Set-Content -LiteralPath (Join-Path $applied 'integrations/keys/bq-key.json') -Value $Key -Encoding utf8NoBOM -NoNewline
        Push-Location $planned
        try { Compare-ImmutaIntegration -Path integrations -OutFile plan.json -Connection $connection | Out-Null }
        finally { Pop-Location }
        Copy-Item (Join-Path $planned 'plan.json') (Join-Path $applied 'plan.json')
        Get-Content -Raw (Join-Path $applied 'plan.json') | Should -Not -Match ([regex]::Escape($KeyLine))

        Push-Location $applied
        try { $result = Sync-ImmutaIntegration -Plan plan.json -Force -Connection $connection }
        finally { Pop-Location }

        $result.Outcome | Should -Be 'Done'
        @(Get-SentCredential) | Should -Be @($Key)
    }
}
