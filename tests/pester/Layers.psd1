# The one place that says what each Pester file needs and which layer it belongs to (read by build/TestLayers.psm1, for
# build.ps1 -Task Test -Layer/-TestPath and tests/pester/Invoke-PesterSuite.ps1). A file is named by its name alone,
# wherever it is under tests/pester (Commands/, Module/, Secrets/, Pipelines/, Support/): no two files share a name.
# Every file needs the built module and the emulator (out/); a file named under Needs needs more, and build.ps1 prepares
# it before the run:
#   PostgreSQL       a throwaway PostgreSQL server, its details in IMMUTA_TEST_PG_* (build/TestPostgres.psm1; Linux, macOS)
#   Sqlite           the published SQLite ADO.NET provider, in IMMUTA_TEST_SQLITE (New-TestSqliteConnection)
#   AzureDevOpsTask  the assembled Azure DevOps extension, out/azure-devops (Node.js and npm)
# The layer of a file: Long when it is named under Long; else Platform when it needs PostgreSQL or Sqlite; else Module.
# A name here that no longer matches a file is an error, so a renamed file cannot silently change layer.
@{
    Needs = @{
        'Invoke-ImmutaScript.Postgres.Tests.ps1'                = 'PostgreSQL'
        'New-ImmutaIntegration.ManualSetup.Postgres.Tests.ps1'  = 'PostgreSQL'
        'New-ImmutaIntegration.ManualSetup.Tests.ps1'           = 'Sqlite'
        'Invoke-ImmutaScript.Tests.ps1'                         = 'Sqlite'
        # Secrets/ManualSetup.Tests.ps1: the manual setups' secrets, run on SQLite.
        'ManualSetup.Tests.ps1'                                 = 'Sqlite'
        # Its "Every example" block runs the help's manual setup examples on SQLite.
        'Help.Tests.ps1'                                        = 'Sqlite'
        'AzureDevOpsExtension.Tests.ps1'                        = 'AzureDevOpsTask'
        'AzureDevOpsTask.Tests.ps1'                             = 'AzureDevOpsTask'
        'PlanApplyPipelines.Tests.ps1'                          = 'AzureDevOpsTask'
        'ReviewedPipelines.Tests.ps1'                           = 'AzureDevOpsTask'
        'RotationPipelines.Tests.ps1'                           = 'AzureDevOpsTask'
        'ScheduledPipelines.Tests.ps1'                          = 'AzureDevOpsTask'
    }

    # The fault suite (tests/faults, about 3 minutes, with load and a connection shared by many runspaces) and the secrets
    # session (tests/sessions, every command run with every secret and searched for leaks).
    Long = @('Reliability.Tests.ps1', 'Session.Tests.ps1')

    # What the Windows PowerShell 5.1 leg of .github/workflows/ci.yml runs: files whose tests use the module in process
    # against the emulator, with no PowerShell 7 only syntax or cmdlets (ForEach-Object -Parallel, thread jobs, utf8NoBOM).
    WindowsPowerShell = @('Module.Tests.ps1', 'Connect-Immuta.Tests.ps1', 'Get-ImmutaIntegration.Tests.ps1', 'Quirks.Tests.ps1')
}
