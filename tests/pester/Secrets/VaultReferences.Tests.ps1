# ${secret:[VAULT/]NAME[#ENTRY]} references end to end (New-, Set-, Compare-, Sync- and Export-ImmutaIntegration,
# Test-ImmutaIntegrationPayload): each command in a fresh pwsh that finds SecretManagement's stand-in
# (tests/pester/Support/vault, the same module name, parameters, return types and errors; SecretManagement itself cannot be installed
# here) on its PSModulePath, or does not find it at all, against an emulator that keeps what it received in its state file.
# Every stream, the console and a transcript of each command are searched for the secrets' values.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../Support/TestFixture.psm1')
    # The emulator's state file is in the file's work folder, which the fixture makes once started: the tenant comes next.
    Start-TestFixture -NoEmulator
    $script:Work = Get-TestWorkFolder
    $script:StateFile = Join-Path $Work 'emulator-state.json'
    # No connection: the commands under test connect through IMMUTA_URL and IMMUTA_API_KEY in their fresh sessions.
    $script:Emulator = Add-TestTenant -ApiKey 'vault-key' -Seed $null -EmulatorArgument '--state-file', $StateFile -NoConnection
    $script:StandIn = Join-Path $PSScriptRoot '../Support/vault'
    $script:Module = Get-TestPath Module
    # Only the Pester session imports the stand-in, to fill the stores; the commands under test run in fresh sessions.
    Import-Module (Join-Path $StandIn 'Microsoft.PowerShell.SecretManagement') -Force

    # The values the vaults hold, each unlike any other text, so a search finds only a leak. The byte array's is UTF-8 beyond ASCII.
    $script:Values = [ordered]@{
        String       = 'vault-Str-7Qx-value'
        SecureString = 'vault-Sec-3Lm-value'
        Bytes        = 'vault-Byt-9Kd-välue'
        Credential   = 'vault-Crd-5Wp-value'
        Entry        = 'vault-Tab-8Rz-value'
        Shared       = 'vault-Shr-2Vb-value'
    }
    $script:UserName = 'vault_user_4hn'

    # A store file with vaults and secrets, made through the stand-in's own commands (the store they use is the one
    # TEST_SECRET_VAULT_STORE names; the fixture gives the variable back at the end).
    function New-TestStore([scriptblock] $Fill) {
        $env:TEST_SECRET_VAULT_STORE = Join-Path $Work ("store-{0}.json" -f [guid]::NewGuid().ToString('n'))
        & $Fill
        $env:TEST_SECRET_VAULT_STORE
    }

    $script:Store = New-TestStore {
        Register-SecretVault -ModuleName Microsoft.PowerShell.SecretStore -Name Store
        Register-SecretVault -ModuleName Microsoft.PowerShell.SecretStore -Name Locked -VaultParameters @{ Locked = $true }
        Set-Secret -Name str -Secret $Values.String
        Set-Secret -Name sec -Secret (ConvertTo-TestSecureString $Values.SecureString)
        Set-Secret -Name bytes -Secret ([System.Text.Encoding]::UTF8.GetBytes($Values.Bytes))
        Set-Secret -Name cred -Secret ([pscredential]::new($UserName, (ConvertTo-TestSecureString $Values.Credential)))
        Set-Secret -Name table -Secret @{ password = $Values.Entry; note = 'not a secret' }
        Set-Secret -Name shared -Secret (ConvertTo-TestSecureString $Values.Shared)
        Set-Secret -Name str -Secret $Values.String -Vault Locked
    }

    # A Snowflake payload file, its username and password as given (line 9 and 10).
    function New-TestPayload([string] $Password, [string] $HostName = "acme-$([guid]::NewGuid().ToString('n').Substring(0, 8))", [string] $User = 'immuta_bootstrap',
        [string] $Folder = $Work) {
        $file = Join-Path $Folder "snowflake-$HostName.yaml"
        Set-Content -LiteralPath $file -Encoding utf8NoBOM -Value @"
type: Snowflake
autoBootstrap: true
config:
  host: $HostName.us-east-1.snowflakecomputing.com
  warehouse: IMMUTA_WH
  database: IMMUTA
  role: ACCOUNTADMIN
  authenticationType: userPassword
  username: $User
  password: $Password
"@
        $file
    }

    # One command in a fresh pwsh with every stream on and a transcript; what it wrote, raised and showed comes back.
    function Invoke-VaultCommand([string] $Command, [string] $StorePath = $Store, [switch] $WithoutSecretManagement, [string] $Location = $Work,
        [hashtable] $Agent = @{}) {
        $resultPath = Join-Path $Work ("result-{0}.json" -f [guid]::NewGuid().ToString('n'))
        $modulePath = @((Split-Path $Module)) + @(if (-not $WithoutSecretManagement) { $StandIn }) + @($env:PSModulePath -split [System.IO.Path]::PathSeparator |
            Where-Object { $_ -and -not (Test-Path (Join-Path $_ 'Microsoft.PowerShell.SecretManagement')) })
        $environment = @{
            IMMUTA_URL = $Emulator.Url; IMMUTA_API_KEY = 'vault-key'; TEST_SECRET_VAULT_STORE = $StorePath
            PSModulePath = $modulePath -join [System.IO.Path]::PathSeparator
        }
        foreach ($name in $Agent.Keys) { $environment[$name] = $Agent[$name] }
        $run = Invoke-FreshPwsh -Environment $environment -Script @"
# The suite turns the agent's annotations off for itself; a step under an agent has them.
Remove-Item Env:IMMUTA_CI_ANNOTATIONS -ErrorAction Ignore
Set-Location -LiteralPath '$Location'
Import-Module ImmutaIntegrations
`$transcript = '$resultPath.transcript'
Start-Transcript -LiteralPath `$transcript -UseMinimalHeader | Out-Null
`$VerbosePreference = `$DebugPreference = `$InformationPreference = 'Continue'
# Every record kept, and shown as well: on the console and in the transcript.
`$records = [System.Collections.Generic.List[object]]::new()
try { & { $Command } *>&1 | ForEach-Object { `$records.Add(`$_); `$_ } | Out-Host } catch { `$records.Add(`$_); `$_ | Out-Host }
`$VerbosePreference = `$DebugPreference = `$InformationPreference = 'SilentlyContinue'
Stop-Transcript | Out-Null
`$errors = @(`$records | Where-Object { `$_ -is [System.Management.Automation.ErrorRecord] })
[ordered]@{
    Errors = @(`$errors | ForEach-Object { [ordered]@{ Id = `$_.FullyQualifiedErrorId; Message = "`$_" } })
    Output = @(`$records | Where-Object { `$_ -isnot [System.Management.Automation.ErrorRecord] -and `$_ -isnot [System.Management.Automation.InformationalRecord] -and
        `$_ -isnot [System.Management.Automation.InformationRecord] } | ForEach-Object { `$_ | ConvertTo-Json -Depth 8 -Compress -EnumsAsStrings -WarningAction SilentlyContinue })
    Texts = @(`$records | ForEach-Object { (`$_ | Out-String -Width 400) })
    Transcript = Get-Content -LiteralPath `$transcript -Raw
} | ConvertTo-Json -Depth 6 | Set-Content -LiteralPath '$resultPath' -Encoding utf8NoBOM
"@
        try {
            $result = Get-Content -LiteralPath $resultPath -Raw | ConvertFrom-Json
            [pscustomobject]@{
                Errors = @($result.Errors); Output = @($result.Output | ForEach-Object { $_ | ConvertFrom-Json }); Transcript = $result.Transcript
                Texts = @($result.Texts) + @($result.Output) + @($result.Transcript) + @($run.Output); Console = $run.Output
            }
        }
        catch { throw "The fresh pwsh gave no result: $($run.Output -join "`n")" }
        finally { Remove-Item -LiteralPath $resultPath, "$resultPath.transcript" -ErrorAction SilentlyContinue }
    }

    # How many times Get-Secret was asked for each secret (as NAME or VAULT/NAME), as the stand-in counted.
    function Get-SecretCall([string] $StorePath = $Store) {
        $calls = @{}
        $saved = Get-Content -LiteralPath $StorePath -Raw | ConvertFrom-Json -AsHashtable
        foreach ($key in $saved.calls.Keys) { $calls[$key] = $saved.calls[$key] }
        $calls
    }

    function Reset-SecretCall([string] $StorePath = $Store) {
        $saved = Get-Content -LiteralPath $StorePath -Raw | ConvertFrom-Json -AsHashtable
        $saved.calls = @{}
        $saved | ConvertTo-Json -Depth 10 | Set-Content -LiteralPath $StorePath -Encoding utf8NoBOM
    }

    # The config the emulator received and keeps for the integration on a host, secrets included (its state file).
    function Get-ReceivedConfig([string] $HostName) {
        $state = Get-Content -LiteralPath $StateFile -Raw | ConvertFrom-Json
        @($state.integrations | Where-Object { $_.config.host -eq "$HostName.us-east-1.snowflakecomputing.com" } | ForEach-Object config)
    }

    function Get-HostName([string] $File) { [System.IO.Path]::GetFileNameWithoutExtension($File) -replace '^snowflake-', '' }

    # No value of any vault in any text of a run: its output, every stream, the console and the transcript.
    function Get-Leak($Run) {
        foreach ($name in $Values.Keys) {
            $found = @($Run.Texts | Where-Object { $_ -and $_.Contains($Values[$name]) })
            if ($found.Count -gt 0) { "$name in: $($found[0])" }
        }
    }
}

AfterAll {
    Remove-Module Microsoft.PowerShell.SecretManagement -ErrorAction SilentlyContinue
    Stop-TestFixture
}

Describe 'New- and Set-ImmutaIntegration: a ${secret:} reference' {
    BeforeEach { Reset-TestEmulator $Emulator; Reset-SecretCall }

    It 'sends the text of a <Kind> secret (<Reference>), and shows it nowhere' -ForEach @(
        @{ Kind = 'String'; Reference = '${secret:str}'; Value = 'String'; Asked = 'str' }
        @{ Kind = 'SecureString'; Reference = '${secret:Store/sec}'; Value = 'SecureString'; Asked = 'Store/sec' }
        @{ Kind = 'byte[]'; Reference = '${secret:bytes}'; Value = 'Bytes'; Asked = 'bytes' }
        @{ Kind = 'PSCredential'; Reference = '${secret:cred}'; Value = 'Credential'; Asked = 'cred' }
        @{ Kind = 'Hashtable'; Reference = '${secret:table#password}'; Value = 'Entry'; Asked = 'table' }
    ) {
        $file = New-TestPayload -Password $Reference

        $run = Invoke-VaultCommand "New-ImmutaIntegration -Path '$file'"

        $run.Errors | Should -HaveCount 0 -Because ($run.Errors.Message -join "`n")
        $created = @($run.Output | Where-Object { $_.PSObject.Properties['Type'] -and $_.Type -eq 'Snowflake' })
        $created | Should -HaveCount 1 -Because ($run.Console -join "`n")
        $received = Get-ReceivedConfig (Get-HostName $file)
        $received | Should -HaveCount 1
        $received[0].password | Should -BeExactly $Values[$Value]
        (Get-SecretCall)[$Asked] | Should -Be 1
        # What is searched holds the verbose and debug lines, the request body among them.
        $run.Transcript | Should -BeLike '*Get-Secret: the secret *'
        $run.Transcript | Should -BeLike '*Body: {"type":"Snowflake"*'
        @(Get-Leak $run) | Should -HaveCount 0
    }

    It 'takes a credential''s user name with #UserName and its password with #Password' {
        $file = New-TestPayload -User '${secret:cred#UserName}' -Password '${secret:cred#Password}'

        $run = Invoke-VaultCommand "New-ImmutaIntegration -Path '$file'"

        $run.Errors | Should -HaveCount 0 -Because ($run.Errors.Message -join "`n")
        $received = Get-ReceivedConfig (Get-HostName $file)
        $received[0].username | Should -BeExactly $UserName
        $received[0].password | Should -BeExactly $Values.Credential
        (Get-SecretCall)['cred'] | Should -Be 1 -Because 'two entries of one secret are one Get-Secret'
        @(Get-Leak $run) | Should -HaveCount 0
    }

    It 'Set-ImmutaIntegration sends the secret a changed payload names' {
        $file = New-TestPayload -Password '${secret:str}'
        $created = Invoke-VaultCommand "New-ImmutaIntegration -Path '$file'"
        $id = @($created.Output | Where-Object { $_.PSObject.Properties['Id'] })[0].Id
        Set-Content -LiteralPath $file -Value ((Get-Content -LiteralPath $file -Raw) -replace '\$\{secret:str\}', '${secret:Store/sec}') -Encoding utf8NoBOM

        $run = Invoke-VaultCommand "Set-ImmutaIntegration -Id '$id' -Path '$file'"

        $run.Errors | Should -HaveCount 0 -Because ($run.Errors.Message -join "`n")
        (Get-ReceivedConfig (Get-HostName $file))[0].password | Should -BeExactly $Values.SecureString
        (Get-SecretCall)['Store/sec'] | Should -Be 1
        @(Get-Leak $created) + @(Get-Leak $run) | Should -HaveCount 0
    }

    It 'refuses a hashtable without #ENTRY, naming its entries and how to write one, and sends nothing' {
        $file = New-TestPayload -Password '${secret:table}'

        $run = Invoke-VaultCommand "New-ImmutaIntegration -Path '$file'"

        $run.Errors | Should -HaveCount 1
        $run.Errors[0].Id | Should -BeLike 'SecretValueUnsupported,*'
        $message = $run.Errors[0].Message
        $message | Should -BeLike "*$file`:10:*config.password*`${secret:table}*"
        $message | Should -BeLike '*entries: note, password*'
        $message | Should -BeLike '*${secret:table#note}*'
        @(Get-EmulatorWrite $Emulator) | Should -HaveCount 0
        @(Get-Leak $run) | Should -HaveCount 0
    }
}

Describe 'New-ImmutaIntegration: a ${secret:} reference that cannot be resolved' {
    BeforeAll {
        $script:Empty = New-TestStore { }
        # Without a locked vault: a search that meets one cannot say the secret is in no vault.
        $script:Unlocked = New-TestStore {
            Register-SecretVault -ModuleName Microsoft.PowerShell.SecretStore -Name Store
            Set-Secret -Name str -Secret $Values.String
        }
        $script:LockedDefault = New-TestStore {
            Register-SecretVault -ModuleName Microsoft.PowerShell.SecretStore -Name Store -VaultParameters @{ Locked = $true }
            Set-Secret -Name str -Secret $Values.String
        }
    }

    BeforeEach { Reset-TestEmulator $Emulator }

    It 'is <Id> when <Case>, naming the reference, its file, line and field, and nothing is sent' -ForEach @(
        @{ Case = 'the vault is not registered'; Reference = '${secret:Nowhere/str}'; Id = 'SecretVaultNotFound'; Says = '*no vault named Nowhere*' }
        @{ Case = 'no vault is registered at all'; Reference = '${secret:str}'; Id = 'SecretVaultNotFound'; Says = '*no SecretManagement vault is registered*'; StoreName = 'Empty' }
        @{ Case = 'the vault does not hold the secret'; Reference = '${secret:Store/absent}'; Id = 'SecretNotFound'; Says = '*absent is not in the vault Store*Set-Secret -Name absent -Vault Store*' }
        @{ Case = 'no vault holds the secret'; Reference = '${secret:absent}'; Id = 'SecretNotFound'; Says = '*absent is in none of the vaults*'; StoreName = 'Unlocked' }
        @{ Case = 'the vault named is locked'; Reference = '${secret:Locked/str}'; Id = 'SecretVaultLocked'; Says = '*the vault Locked is locked*Unlock-SecretStore*' }
        @{ Case = 'the default vault is locked'; Reference = '${secret:str}'; Id = 'SecretVaultLocked'; Says = '*a vault searched for it is locked*'; StoreName = 'LockedDefault' }
        @{ Case = 'SecretManagement is not installed'; Reference = '${secret:str}'; Id = 'SecretManagementMissing'; Says = '*Install-PSResource Microsoft.PowerShell.SecretManagement*'; Without = $true }
    ) {
        $file = New-TestPayload -Password $Reference
        $storePath = if ($StoreName) { Get-Variable -Name $StoreName -ValueOnly } else { $Store }

        $run = Invoke-VaultCommand "New-ImmutaIntegration -Path '$file'" -StorePath $storePath -WithoutSecretManagement:([bool]$Without)

        $run.Errors | Should -HaveCount 1 -Because ($run.Console -join "`n")
        $run.Errors[0].Id | Should -BeLike "$Id,*"
        $message = $run.Errors[0].Message
        $message | Should -BeLike "*$file`:10:*config.password*$Reference*"
        $message | Should -BeLike $Says
        @(Get-EmulatorWrite $Emulator) | Should -HaveCount 0
        @(Get-Leak $run) | Should -HaveCount 0
    }
}

Describe 'Sync-, Compare-ImmutaIntegration and Test-ImmutaIntegrationPayload: commands that read many payloads' {
    BeforeEach { Reset-TestEmulator $Emulator; Reset-SecretCall }

    It 'Sync-ImmutaIntegration fetches a secret that several files name once, and sends it with each of its concurrent changes' {
        $folder = New-TestFolder
        $hosts = foreach ($n in 1..6) { Get-HostName (New-TestPayload -Password '${secret:shared}' -HostName "sync$n-$([guid]::NewGuid().ToString('n').Substring(0, 6))" -Folder $folder) }

        $run = Invoke-VaultCommand "Sync-ImmutaIntegration -Path '$folder' -ThrottleLimit 6 -PollInterval 0.05"

        $run.Errors | Should -HaveCount 0 -Because ($run.Errors.Message -join "`n")
        $results = @($run.Output | Where-Object { $_.PSObject.Properties['Outcome'] })
        $results | Should -HaveCount 6
        $results.Outcome | Sort-Object -Unique | Should -Be 'Done'
        foreach ($name in $hosts) { (Get-ReceivedConfig $name)[0].password | Should -BeExactly $Values.Shared }
        @(Get-EmulatorWrite $Emulator | Where-Object method -eq 'POST') | Should -HaveCount 6
        (Get-SecretCall)['shared'] | Should -Be 1
        @(Get-Leak $run) | Should -HaveCount 0
    }

    It 'Compare-ImmutaIntegration -OutFile asks no vault, and Sync-ImmutaIntegration -Plan fetches the secret once and sends it' {
        $folder = New-TestFolder
        $hosts = foreach ($n in 1..3) { Get-HostName (New-TestPayload -Password '${secret:shared}' -HostName "plan$n-$([guid]::NewGuid().ToString('n').Substring(0, 6))" -Folder $folder) }
        $plan = Join-Path $folder 'plan.json'

        $compare = Invoke-VaultCommand "Compare-ImmutaIntegration -Path '$folder' -OutFile '$plan'"
        $calls = Get-SecretCall
        $apply = Invoke-VaultCommand "Sync-ImmutaIntegration -Plan '$plan' -Force -PollInterval 0.05" -Location $folder

        $compare.Errors | Should -HaveCount 0 -Because ($compare.Errors.Message -join "`n")
        $calls.Count | Should -Be 0 -Because 'a plan holds references, not values'
        $apply.Errors | Should -HaveCount 0 -Because ($apply.Errors.Message -join "`n")
        foreach ($name in $hosts) { (Get-ReceivedConfig $name)[0].password | Should -BeExactly $Values.Shared }
        (Get-SecretCall)['shared'] | Should -Be 1
        (Get-Content -LiteralPath $plan -Raw).Contains($Values.Shared) | Should -BeFalse
        @(Get-Leak $compare) + @(Get-Leak $apply) | Should -HaveCount 0
    }

    It 'Test-ImmutaIntegrationPayload checks a reference''s form without Get-Secret, and with -ResolveSecrets finds the secret missing' {
        $file = New-TestPayload -Password '${secret:Store/absent}'

        $lint = Invoke-VaultCommand "Test-ImmutaIntegrationPayload -Path '$file'"
        $lintCalls = Get-SecretCall
        $resolved = Invoke-VaultCommand "Test-ImmutaIntegrationPayload -Path '$file' -ResolveSecrets"

        $lint.Errors | Should -HaveCount 0
        @($lint.Output | Where-Object { $_.PSObject.Properties['IsValid'] }).IsValid | Should -Be $true
        $lintCalls.Count | Should -Be 0 -Because 'the form is checked without the vault'
        $result = @($resolved.Output | Where-Object { $_.PSObject.Properties['IsValid'] })
        $result.IsValid | Should -Be $false
        $problem = @($result.Problems)
        $problem | Should -HaveCount 1
        $problem[0].ErrorId | Should -Be 'SecretNotFound'
        $problem[0].Line | Should -Be 10
        $problem[0].Message | Should -BeLike '*${secret:Store/absent}*absent is not in the vault Store*'
        (Get-SecretCall)['Store/absent'] | Should -Be 1
        @(Get-EmulatorWrite $Emulator) | Should -HaveCount 0
    }
}

Describe 'Sync- and Export-ImmutaIntegration: a ${secret:} reference under an Azure DevOps agent' {
    It 'leaves the values out of the annotations, the run''s summary and an export, and annotates a missing secret at its line' {
        Reset-TestEmulator $Emulator
        $folder = New-TestFolder
        $agentTemp = New-TestFolder
        New-Item -ItemType Directory -Path (Join-Path $folder 'integrations') | Out-Null
        $good = New-TestPayload -Password '${secret:Store/sec}' -Folder (Join-Path $folder 'integrations')
        $agent = @{ TF_BUILD = 'True'; BUILD_SOURCESDIRECTORY = $folder; AGENT_TEMPDIRECTORY = $agentTemp }

        $synced = Invoke-VaultCommand "Sync-ImmutaIntegration -Path integrations; Export-ImmutaIntegration -Path '$agentTemp/export' | Out-Null" -Location $folder -Agent $agent
        New-TestPayload -Password '${secret:Store/not-there}' -HostName 'acme-missing' -Folder (Join-Path $folder 'integrations') | Out-Null
        $refused = Invoke-VaultCommand 'Sync-ImmutaIntegration -Path integrations' -Location $folder -Agent $agent

        $synced.Errors | Should -HaveCount 0 -Because ($synced.Errors.Message -join "`n")
        (Get-ReceivedConfig (Get-HostName $good))[0].password | Should -BeExactly $Values.SecureString
        $summaries = @($synced.Console | Where-Object { $_ -like '##vso`[task.uploadsummary]*' } | ForEach-Object { Get-Content -Raw -LiteralPath ($_ -replace '^##vso\[task\.uploadsummary\]') })
        $summaries | Should -Not -BeNullOrEmpty
        $exported = @(Get-ChildItem -LiteralPath "$agentTemp/export" -Recurse -File | ForEach-Object { Get-Content -Raw -LiteralPath $_.FullName })
        $exported | Should -Not -BeNullOrEmpty
        $annotation = @($refused.Console | Where-Object { $_ -like '##vso`[task.logissue type=error;*' })
        $annotation | Should -HaveCount 1
        $annotation[0] | Should -BeLike '*sourcepath=integrations/snowflake-acme-missing.yaml;linenumber=10;*${secret:Store/not-there}*'
        $refused.Errors[0].Id | Should -BeLike 'SecretNotFound,*'
        @(Get-Leak ([pscustomobject]@{ Texts = $summaries + $exported + $synced.Texts + $refused.Texts })) | Should -HaveCount 0
    }
}

Describe 'The search for values (the leak check of these tests)' {
    It 'finds a value written where a leak would be: a stream, the console, the transcript' {
        $run = Invoke-VaultCommand "Write-Debug 'planted $($Values.Entry)'"

        @(Get-Leak $run) | Should -HaveCount 1
        @(Get-Leak $run)[0] | Should -BeLike 'Entry in: *planted*'
        $run.Transcript | Should -BeLike "*planted $($Values.Entry)*"
    }
}
