# Tests Export-ImmutaIntegration against the emulator: one payload file per integration, every secret written as the
# reference -SecretReference asks for, the same files when run again, and files that recreate the same integrations on a
# fresh tenant (Sync-ImmutaIntegration), with no change planned there.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../Support/TestFixture.psm1')
    $script:Secret = 'export-Zq7-secret-value'
    $script:Emulator = Start-TestFixture -ApiKey 'export-key' -Seed $null -EmulatorArgument '--transition-delay-ms', '50' -Environment @{
        SNOWFLAKE_PASSWORD = $Secret; DATABRICKS_TOKEN = $Secret
    }

    # What Immuta has, without what differs between two tenants holding the same integrations (ids, statuses, tests).
    function Get-TestState {
        @(Get-ImmutaIntegration | Where-Object Status -notin 'deleting', 'deleted' | Sort-Object Type, { $_.Config | ConvertTo-Json -Depth 10 -Compress } |
            ForEach-Object { [ordered]@{ Type = $_.Type; AutoBootstrap = $_.AutoBootstrap; Config = $_.Config } } | ConvertTo-Json -Depth 10 -Compress)
    }

    # The tenant the hand-written files make, and its export.
    $script:Source = New-TestRepository
    Sync-ImmutaIntegration -Path $Source -PollInterval 0.05 | Out-Null
    $script:Exported = Join-Path (Get-TestWorkFolder) 'exported'
    $script:Files = @(Export-ImmutaIntegration -Path $Exported)
    # The variables the exported files refer to, as a pipeline would set them (Stop-TestFixture removes them).
    foreach ($file in $Files) { foreach ($name in $file.Variables) { Set-Item "Env:$name" $Secret } }
}

AfterAll { Stop-TestFixture }

Describe 'Export-ImmutaIntegration' {

    It 'writes one file per integration with a stable name, naming its schema, every secret a ${env:NAME} reference listed in the output' {
        $Files.Count | Should -Be 3
        (Split-Path -Leaf $Files.Path) | Sort-Object | Should -Be @('databricks-acme-analytics.cloud.databricks.com.yaml', 'snowflake-acme.us-east-1.snowflakecomputing.com.yaml', 'trino.yaml')
        $snowflake = $Files | Where-Object Type -eq 'Snowflake'
        $snowflake.Variables | Should -Be @('IMMUTA_SNOWFLAKE_ACME_US_EAST_1_SNOWFLAKECOMPUTING_COM_USERNAME', 'IMMUTA_SNOWFLAKE_ACME_US_EAST_1_SNOWFLAKECOMPUTING_COM_PASSWORD')
        $text = Get-Content -Raw $snowflake.Path
        $text | Should -Match '^# yaml-language-server: \$schema=\./schemas/snowflake\.schema\.json'
        $text | Should -Match 'password: \$\{env:IMMUTA_SNOWFLAKE_ACME_US_EAST_1_SNOWFLAKECOMPUTING_COM_PASSWORD\}'
        $text | Should -Not -Match 'REDACTED'
        Test-Path (Join-Path $Exported 'schemas/snowflake.schema.json') | Should -BeTrue
        (Test-ImmutaIntegrationPayload -Path (Join-Path $Exported '*.yaml')).IsValid | Should -Be @($true, $true, $true)
    }

    It 'writes every secret as the reference -SecretReference asks for (<Label>): files valid and planning no change without any secret' -TestCases @(
        @{ Label = 'Environment'; Kind = 'Environment'; Vault = $null; Pattern = '^\$\{env:IMMUTA_[A-Z0-9_]+\}$' }
        @{ Label = 'File'; Kind = 'File'; Vault = $null; Pattern = '^\$\{file:secrets/immuta-[a-z0-9-]+\.txt\}$' }
        @{ Label = 'Vault'; Kind = 'Vault'; Vault = $null; Pattern = '^\$\{secret:immuta-[a-z0-9-]+\}$' }
        @{ Label = 'Vault, -SecretVault'; Kind = 'Vault'; Vault = 'Immuta Store'; Pattern = '^\$\{secret:Immuta Store/immuta-[a-z0-9-]+\}$' }
    ) {
        $folder = Join-Path (Get-TestWorkFolder) ("export-{0}-{1}" -f $Kind, [guid]::NewGuid().ToString('n'))
        $vaultName = if ($Vault) { @{ SecretVault = $Vault } } else { @{} }

        $files = @(Export-ImmutaIntegration -Path $folder -SecretReference $Kind @vaultName)

        $files.Count | Should -Be 3
        $snowflake = $files | Where-Object Type -eq 'Snowflake'
        $snowflake.References.Count | Should -Be 2 -Because 'the user name and the password of the Snowflake integration'
        foreach ($file in $files) {
            $text = Get-Content -Raw -LiteralPath $file.Path
            foreach ($reference in $file.References) {
                $reference | Should -Match $Pattern
                $text | Should -Match ([regex]::Escape(": $reference") + '\r?\n')
            }
            $text | Should -Not -Match 'REDACTED'
            $text | Should -Not -Match ([regex]::Escape($Secret))
        }
        $variables = if ($Kind -eq 'Environment') { @($files.References -replace '^\$\{env:(.+)\}$', '$1') } else { @() }
        (@($files.Variables) -join ' ') | Should -Be ($variables -join ' ') -Because 'the variables are those the references name'
        Join-Path $folder 'secrets' | Should -Not -Exist -Because 'no secret is known, so none is written'
        (Test-ImmutaIntegrationPayload -Path (Join-Path $folder '*.yaml')).IsValid | Should -Be @($true, $true, $true)
        @(Compare-ImmutaIntegration -Path $folder -Prune).Action | ForEach-Object { "$_" } | Should -Be @('NoChange', 'NoChange', 'NoChange')
    }

    It 'writes file references that start from the exported file''s folder: the secrets folder beside it is what is read' {
        $folder = Join-Path (Get-TestWorkFolder) ("export-file-{0}" -f [guid]::NewGuid().ToString('n'))
        $files = @(Export-ImmutaIntegration -Path $folder -SecretReference File)
        $paths = @($files.References | ForEach-Object { $_ -replace '^\$\{file:(.+)\}$', '$1' })

        $unwritten = @(Test-ImmutaIntegrationPayload -Path (Join-Path $folder '*.yaml') -ResolveSecrets)
        New-Item -ItemType Directory -Path (Join-Path $folder 'secrets') | Out-Null
        foreach ($path in $paths) { Set-TestFile (Join-Path $folder $path) $Secret }
        Push-Location ([System.IO.Path]::GetTempPath())
        try { $written = @(Test-ImmutaIntegrationPayload -Path (Join-Path $folder '*.yaml') -ResolveSecrets) }
        finally { Pop-Location }

        @($unwritten.Errors.ErrorId | Sort-Object -Unique) | Should -Be @('SecretFileUnreadable')
        @($unwritten.Errors).Count | Should -Be $paths.Count
        $written.IsValid | Should -Be @($true, $true, $true) -Because 'the current location is not the folder, and the files are found all the same'
        ($written | Out-String) + ($unwritten | Format-List * | Out-String) | Should -Not -Match ([regex]::Escape($Secret))
    }

    It 'refuses a -SecretVault for references that are not to a vault, and a vault name no reference can hold, before reading anything (<Label>)' -TestCases @(
        @{ Label = '-SecretVault alone'; Arguments = @{ SecretVault = 'Immuta' } }
        @{ Label = '-SecretReference File -SecretVault'; Arguments = @{ SecretReference = 'File'; SecretVault = 'Immuta' } }
        @{ Label = 'a vault name with a slash'; Arguments = @{ SecretReference = 'Vault'; SecretVault = 'team/immuta' } }
    ) {
        $folder = Join-Path (Get-TestWorkFolder) ("export-refused-{0}" -f [guid]::NewGuid().ToString('n'))
        $reads = Get-EmulatorRequestCount $Emulator 'GET /integrations'

        { Export-ImmutaIntegration -Path $folder @Arguments } | Should -Throw -ErrorId 'InvalidArgument,ImmutaIntegrations.Commands.ExportImmutaIntegrationCommand'

        Get-EmulatorRequestCount $Emulator 'GET /integrations' | Should -Be $reads
        $folder | Should -Not -Exist
    }

    It 'writes nothing with -WhatIf, and says which file it would write for each integration' {
        $folder = Join-Path (Get-TestWorkFolder) ("export-whatif-{0}" -f [guid]::NewGuid().ToString('n'))

        $run = Invoke-TestTranscript { Export-ImmutaIntegration -Path $folder -WhatIf }

        $run.Output | Should -BeNullOrEmpty
        Test-Path -LiteralPath $folder | Should -BeFalse
        $said = @([regex]::Matches($run.Text, 'What if: Performing the operation "Write (\w+) integration \d+ [^"]*" on target "([^"]+)"') |
            ForEach-Object { "$($_.Groups[1].Value) $(Split-Path -Leaf $_.Groups[2].Value)" })
        $said | Sort-Object | Should -Be @('Databricks databricks-acme-analytics.cloud.databricks.com.yaml', 'Snowflake snowflake-acme.us-east-1.snowflakecomputing.com.yaml', 'Trino trino.yaml')
    }

    It 'writes the same files when run again' {
        $hashes = Get-ChildItem $Exported -Recurse -File | Sort-Object FullName | ForEach-Object { (Get-FileHash $_.FullName).Hash }

        $again = @(Export-ImmutaIntegration -Path $Exported)

        $again.Changed | Should -Be @($false, $false, $false)
        Get-ChildItem $Exported -Recurse -File | Sort-Object FullName | ForEach-Object { (Get-FileHash $_.FullName).Hash } | Should -Be $hashes
    }

    It 'warns about a file it exported before for an integration that is gone' {
        $copy = Join-Path $Exported 'snowflake-gone.example.com.yaml'
        Copy-Item ($Files | Where-Object Type -eq 'Snowflake').Path $copy
        try {
            $again = @(Export-ImmutaIntegration -Path $Exported -WarningVariable warned -WarningAction SilentlyContinue)

            $again.Count | Should -Be 3
            $warned.Count | Should -Be 1
            "$($warned[0])" | Should -BeLike "$copy was exported before but describes no integration Immuta has now*"
        }
        finally { Remove-Item $copy }
    }

    It 'gives files that recreate the same integrations on a fresh tenant, and a second sync there is a no-op' {
        $state = Get-TestState
        Reset-TestEmulator $Emulator

        $created = @(Sync-ImmutaIntegration -Path $Exported -PollInterval 0.05)

        $created.Action | Should -Be @('Create', 'Create', 'Create')
        Get-TestState | Should -Be $state
        @(Sync-ImmutaIntegration -Path $Exported -PollInterval 0.05).Action | Should -Be @('NoChange', 'NoChange', 'NoChange')
        (Compare-ImmutaIntegration -Path $Source).Action | Should -Be @('NoChange', 'NoChange', 'NoChange') -Because 'the hand-written files describe the same integrations'
    }
}
