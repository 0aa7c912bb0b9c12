# Tests Import-ImmutaIntegrationPlan: a plan saved by Compare-ImmutaIntegration -OutFile read back as the same plan items,
# with the file, the tenant and a Markdown summary. (Applying a saved plan: Sync-ImmutaIntegration.SavedPlan.Tests.ps1;
# a file that is not the plan as written is refused by both, there.)

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../Support/TestFixture.psm1')
    $script:Emulator = Start-TestFixture -ApiKey 'plan-key' -Seed $null -Environment @{
        SNOWFLAKE_PASSWORD = 'import-Kd7-secret-value'; DATABRICKS_TOKEN = 'import-Kd7-secret-value'
    }
    Import-Module (Join-Path $PSScriptRoot '../Support/PlanHelpers.psm1')
}

AfterAll { Stop-TestFixture }

Describe 'Import-ImmutaIntegrationPlan' {
    BeforeEach { Reset-TestEmulator $Emulator }

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
}
