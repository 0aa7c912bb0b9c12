# The GitHub Action (which runs the module's Test-ImmutaIntegrationPayload, Compare-ImmutaIntegration, Sync-ImmutaIntegration
# and Test-ImmutaIntegrationHealth through pipelines/Invoke-ImmutaCommand.ps1).
#
# The GitHub Action (github-action/action.yml), its steps run as a runner runs a composite action (PipelineTaskHelpers'
# Invoke-TestAction: each run: in pwsh with GitHub's wrapper, its env: evaluated from the inputs, fresh GITHUB_OUTPUT,
# GITHUB_STEP_SUMMARY and GITHUB_ENV files per step), against the emulator: validate, plan, a saved plan applied in another
# job, a failed change, on-failure warn, drift, health, a wrong key, inputs given wrong, and where the module comes from. The
# key is masked first, escaped as the runner reads it, and shows nowhere else: not in any line, output, summary or file.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../Support/TestFixture.psm1')
    # A key with what the runner would unescape in a command's data (%0A, %25). The commands this file runs in its own session
    # (setting up the tenant) read the files' secrets.
    $script:Emulator = Start-TestFixture -ApiKey 'gha-Kx9%0A-key%25' -Seed $null -Environment @{
        SNOWFLAKE_PASSWORD = 'gha-Sf2-secret-value'; DATABRICKS_TOKEN = 'gha-Sf2-secret-value'
    }
    Import-Module (Join-Path $PSScriptRoot '../Support/PipelineTaskHelpers.psm1') -Force
    $script:Root = Get-TestPath Root
    $script:ModulePath = Get-TestPath Module
    $script:ApiKey = $Emulator.ApiKey
    $script:Secret = $env:SNOWFLAKE_PASSWORD
    $script:Action = Get-TestAction
    # A job on a runner of its own: the payload files checked out in integrations/ of the workspace, the files' secrets in the
    # environment every step gets (the calling step's env:).
    $script:Job = @{
        Agent = 'GitHub Actions'; Checkout = 'examples/integrations'; CheckoutAs = 'integrations'
        Environment = @{ SNOWFLAKE_PASSWORD = $Secret; DATABRICKS_TOKEN = $Secret }
    }

    # The action as a workflow's step uses it: the tenant from secrets, the module of this build, and -With.
    function Invoke-TestActionStep($Job, [hashtable] $With) {
        $inputs = @{ url = $Emulator.Url; 'api-key' = $ApiKey; 'module-path' = $ModulePath }
        foreach ($name in $With.Keys) { $inputs[$name] = $With[$name] }
        Invoke-TestAction -Action $Action -Checkout $Job.Checkout -Temp $Job.Temp -Environment $Job.Environment -With $inputs
    }

    # Everything a run leaves that a person or a later step can read: its lines, its outputs, the files it wrote for the runner.
    function Get-TestVisible($Run) {
        @($Run.Output) + @($Run.Summary, $Run.OutputFile) + @($Run.Outputs.Values) + @($Run.Steps | ForEach-Object { $_.EnvFile.Values })
    }

    # The lines of the action's own annotations (not the module's, which name a file).
    function Get-TestAnnotation($Run) { @($Run.Output | Where-Object { $_ -match '^::(error|warning) title=' }) }
}

AfterAll { Stop-TestFixture }

Describe 'The GitHub Action (github-action/action.yml)' {
    It 'declares the agreed inputs and outputs, runs each step in pwsh, and masks the key in a step of its own before the others' {
        $definition = $Action.Definition
        @($definition.inputs.Keys | Sort-Object) | Should -Be @('allow-replace', 'api-key', 'command', 'module-path', 'on-failure', 'path', 'plan-file',
            'prune', 'rotate-secret', 'throttle-limit', 'types', 'url')
        foreach ($name in $definition.inputs.Keys) { $definition.inputs[$name].description | Should -Not -BeNullOrEmpty -Because "$name is described" }
        $definition.inputs['api-key'].description | Should -Match 'secrets\.'
        $defaults = @{ command = 'plan'; path = 'integrations'; prune = 'false'; 'allow-replace' = 'false'; 'on-failure' = 'fail' }
        foreach ($name in $defaults.Keys) { $definition.inputs[$name].default | Should -Be $defaults[$name] }
        @($definition.outputs.Keys | Sort-Object) | Should -Be @('changes-done', 'changes-failed', 'changes-present', 'plan-file')
        foreach ($name in $definition.outputs.Keys) { $definition.outputs[$name].value | Should -Be "`${{ steps.run.outputs.$name }}" }
        $steps = @($definition.runs.steps)
        $steps.Count | Should -Be 2
        foreach ($step in $steps) {
            $step.shell | Should -Be 'pwsh'
            $step.run | Should -Not -Match '\$\{\{' -Because 'inputs reach a script through env:, never in its text'
        }
        @($steps[0].env.Keys | Sort-Object) | Should -Be @('ACTION_PATH', 'IMMUTA_API_KEY')
        $steps[1].id | Should -Be 'run'
        $steps[1].env.IMMUTA_API_KEY | Should -Be '${{ inputs.api-key }}'
        $steps[1].env.IMMUTA_URL | Should -Be '${{ inputs.url }}'
    }

    It 'validates the files with no tenant at all; an invalid file is annotated at its line and fails the step' {
        $job = New-TestPipelineJob @Job
        $requests = @(Get-EmulatorHistory $Emulator).Count

        $valid = Invoke-TestAction -Action $Action -Checkout $job.Checkout -Temp $job.Temp -Environment $job.Environment -With @{
            command = 'validate'; 'module-path' = $ModulePath
        }

        $valid.ExitCode | Should -Be 0 -Because ($valid.Output -join "`n")
        $valid.Output | Should -Contain 'Validate: 3 payload(s), 0 invalid.'
        $valid.Outputs['changes-present'] | Should -Be 'false'
        @($valid.Output -match '^::add-mask::').Count | Should -Be 0 -Because 'there is no key to mask'
        Set-TestFile (Join-Path $job.Folder 'redshift.yaml') "type: Redshift`nautoBootstrap: true`nconfig:`n  host: acme.redshift.amazonaws.com`n  port: many`n"

        $invalid = Invoke-TestAction -Action $Action -Checkout $job.Checkout -Temp $job.Temp -Environment $job.Environment -With @{
            command = 'validate'; 'module-path' = $ModulePath
        }

        $invalid.ExitCode | Should -Be 1 -Because ($invalid.Output -join "`n")
        @($invalid.Output -match '^::error file=integrations/redshift\.yaml,line=5,col=3::config\.port: ').Count | Should -Be 1 -Because ($invalid.Output -join "`n")
        Get-TestAnnotation $invalid | Should -Be @('::error title=ImmutaIntegrations validate::1 of 4 payload(s) are not valid.')
        @(Get-EmulatorHistory $Emulator).Count | Should -Be $requests -Because 'validating asks nothing of a tenant'
    }

    It 'plans: changes-present true and the plan as the step summary, then false once the tenant matches; nothing is written' {
        Reset-TestEmulator $Emulator
        $job = New-TestPipelineJob @Job

        $changes = Invoke-TestActionStep $job @{ prune = 'true' }

        $changes.ExitCode | Should -Be 0 -Because ($changes.Output -join "`n")
        $changes.Outputs['changes-present'] | Should -Be 'true'
        $changes.Outputs['plan-file'] | Should -Be ''
        $changes.Output | Should -Contain 'Plan: 3 change(s), 0 unchanged.'
        $changes.Summary | Should -Match '(?m)^### Compare-ImmutaIntegration: the plan$'
        $changes.Summary | Should -Match '(?m)^3 to create, 0 to update, 0 to replace, 0 to delete, 0 unchanged$'
        @(Get-EmulatorWrite $Emulator).Count | Should -Be 0
        Initialize-TestTenant $Emulator

        $none = Invoke-TestActionStep $job @{ command = 'plan'; prune = 'true' }

        $none.ExitCode | Should -Be 0 -Because ($none.Output -join "`n")
        $none.Outputs['changes-present'] | Should -Be 'false'
        $none.Summary | Should -Match '(?m)^0 to create, 0 to update, 0 to replace, 0 to delete, 3 unchanged$'
        Get-TestAnnotation $none | Should -BeNullOrEmpty
    }

    It 'saves the plan in plan-file, and another job applies exactly that plan: its outputs count what was done' {
        Initialize-TestTenant $Emulator
        $planJob = New-TestPipelineJob @Job
        Edit-TestFile (Join-Path $planJob.Folder 'snowflake-acme.yaml') 'warehouse: IMMUTA_WH' 'warehouse: NEXT_WH'
        Remove-Item -LiteralPath (Join-Path $planJob.Folder 'starburst.yaml')

        $plan = Invoke-TestActionStep $planJob @{ 'plan-file' = 'plans/plan.json'; prune = 'true' }

        $plan.ExitCode | Should -Be 0 -Because ($plan.Output -join "`n")
        $plan.Outputs['changes-present'] | Should -Be 'true'
        $plan.Outputs['plan-file'] | Should -Be (Join-Path $planJob.Checkout 'plans/plan.json') -Because 'the path is relative to the workspace'
        $plan.Outputs['plan-file'] | Should -Exist
        $checksum = [regex]::Match($plan.Summary, 'checksum (sha256:[0-9a-f]{64})').Groups[1].Value
        $checksum | Should -Not -BeNullOrEmpty
        # The artifact, downloaded by the apply job into its runner's temporary folder.
        $applyJob = New-TestPipelineJob @Job
        Copy-Item -LiteralPath $plan.Outputs['plan-file'] -Destination (Join-Path $applyJob.Temp 'plan.json')
        $writes = @(Get-EmulatorWrite $Emulator).Count

        $apply = Invoke-TestActionStep $applyJob @{ command = 'apply'; 'plan-file' = (Join-Path $applyJob.Temp 'plan.json') }

        $apply.ExitCode | Should -Be 0 -Because ($apply.Output -join "`n")
        $apply.Output | Should -Contain 'Applied: 2 changed, 1 unchanged, 0 failed.'
        $apply.Outputs['changes-done'] | Should -Be '2'
        $apply.Outputs['changes-failed'] | Should -Be '0'
        $apply.Outputs['changes-present'] | Should -Be 'true'
        $apply.Outputs['plan-file'] | Should -Be (Join-Path $applyJob.Temp 'plan.json')
        $apply.Summary | Should -Match '(?m)^### Sync-ImmutaIntegration: the changes made$'
        $apply.Summary | Should -Match ([regex]::Escape("checksum $checksum"))
        @(Get-EmulatorWrite $Emulator | Select-Object -Skip $writes).route | Sort-Object | Should -Be @('DELETE /integrations/{id}', 'PUT /integrations/{id}')
        (Get-ImmutaIntegration -Type Snowflake).Config.warehouse | Should -Be 'NEXT_WH'
    }

    It 'fails the step on a failed change, annotated with the error, the other changes made; with on-failure warn, a warning and success' {
        Reset-TestEmulator $Emulator
        $job = New-TestPipelineJob @Job
        $job.Environment.DATABRICKS_TOKEN = 'fail-gha-token'

        $failed = Invoke-TestActionStep $job @{ command = 'apply' }

        $failed.ExitCode | Should -Be 1 -Because ($failed.Output -join "`n")
        $failed.Outputs['changes-done'] | Should -Be '2'
        $failed.Outputs['changes-failed'] | Should -Be '1'
        $annotation = @(Get-TestAnnotation $failed)
        $annotation.Count | Should -Be 1
        $annotation[0] | Should -Match '^::error title=ImmutaIntegrations apply::Applied: 2 changed, 0 unchanged, 1 failed\. Databricks integration \d+ ended in createError\. .*the value of config\.token was rejected\.$'
        $failed.Summary | Should -Match '(?m)^2 created, 0 updated, 0 replaced, 0 deleted, 0 unchanged, 1 failed$'
        (Get-ImmutaIntegration).Type | Sort-Object | Should -Be @('Databricks', 'Snowflake', 'Trino')
        Reset-TestEmulator $Emulator

        $warned = Invoke-TestActionStep $job @{ command = 'apply'; 'on-failure' = 'warn' }

        $warned.ExitCode | Should -Be 0 -Because ($warned.Output -join "`n")
        $warned.Outputs['changes-failed'] | Should -Be '1'
        $annotation = @(Get-TestAnnotation $warned)
        $annotation.Count | Should -Be 1
        $annotation[0] | Should -Match '^::warning title=ImmutaIntegrations apply::Applied: 2 changed, 0 unchanged, 1 failed\. Databricks integration'
    }

    It 'checks drift (a failure, changes-present true) and health (a warning with on-failure warn, of the types asked for)' {
        Initialize-TestTenant $Emulator
        $job = New-TestPipelineJob @Job
        Edit-TestFile (Join-Path $job.Folder 'snowflake-acme.yaml') 'warehouse: IMMUTA_WH' 'warehouse: HAND_WH'
        $redshift = Get-TestPayload redshift
        $redshift.config.password = 'fail-on-create'
        New-ImmutaIntegration -Payload $redshift -Force -Wait -PollInterval 0.05 -ErrorAction SilentlyContinue | Out-Null

        $drift = Invoke-TestActionStep $job @{ command = 'drift' }
        $health = Invoke-TestActionStep $job @{ command = 'health'; 'on-failure' = 'warn' }
        $snowflakeOnly = Invoke-TestActionStep $job @{ command = 'health'; types = "Snowflake,`nTrino" }

        $drift.ExitCode | Should -Be 1 -Because ($drift.Output -join "`n")
        $drift.Outputs['changes-present'] | Should -Be 'true'
        Get-TestAnnotation $drift | Should -Be @('::error title=ImmutaIntegrations drift::Drift: 1 integration(s) no longer match the files.')
        $health.ExitCode | Should -Be 0 -Because ($health.Output -join "`n")
        Get-TestAnnotation $health | Should -Be @('::warning title=ImmutaIntegrations health::Health: 4 integration(s), 1 unhealthy.')
        $health.Summary | Should -Match '(?m)^3 healthy, 1 unhealthy$'
        $snowflakeOnly.ExitCode | Should -Be 0 -Because ($snowflakeOnly.Output -join "`n")
        $snowflakeOnly.Output | Should -Contain 'Health: 2 integration(s), 0 unhealthy.'
    }

    It 'fails with one line of AuthenticationFailed on a wrong key, before reading anything else' {
        Reset-TestEmulator $Emulator
        $job = New-TestPipelineJob @Job

        $run = Invoke-TestActionStep $job @{ 'api-key' = 'gha-wrong-key' }

        $run.ExitCode | Should -Be 1
        $main = @($run.Steps[-1].Output)
        $message = 'AuthenticationFailed: Missing or invalid credentials: send the API key, or Bearer and a token from /bim/apikey/authenticate, in Authorization.'
        # Which module, then the command's own line and the same line as the action's annotation: no stack trace, nothing else.
        @($main | Sort-Object) | Should -Be @("::error title=ImmutaIntegrations plan::$message", $message, "ImmutaIntegrations module: $ModulePath")
        @(Get-EmulatorHistory $Emulator).route | Sort-Object -Unique | Should -Be @('GET /integrations') -Because 'the key is checked first'
        @($run.Output | Where-Object { $_ -match 'gha-wrong-key' }) | Should -Be @('::add-mask::gha-wrong-key')
    }

    It 'shows the key nowhere but on its add-mask line, escaped so that the runner masks exactly it; each line of one with line breaks too' {
        Reset-TestEmulator $Emulator
        $job = New-TestPipelineJob @Job
        $job.Environment.DATABRICKS_TOKEN = 'fail-gha-token'
        $multiLine = "gha-Lm4-first-line`r`n  gha-Lm4-second%line  `n"

        $runs = @(
            Invoke-TestActionStep $job @{ prune = 'true'; 'plan-file' = 'plan.json' }
            Invoke-TestActionStep $job @{ command = 'apply' }
            Invoke-TestActionStep $job @{ command = 'validate'; 'api-key' = $multiLine }
        )

        $runs[0].ExitCode | Should -Be 0 -Because ($runs[0].Output -join "`n")
        $runs[1].ExitCode | Should -Be 1 -Because 'a change failed'
        foreach ($run in $runs[0..1]) {
            $run.Steps[0].Output | Should -Be @('::add-mask::gha-Kx9%250A-key%2525') -Because 'the runner unescapes %25 and %0A in the data'
            $lines = @(Get-TestVisible $run | ForEach-Object { "$_" -split "`n" } | Where-Object { $_.Contains($ApiKey) })
            $lines.Count | Should -Be 0 -Because 'the key is only on its add-mask line, escaped'
            @($run.Output | Where-Object { $_.Contains('gha-Kx9') }).Count | Should -Be 1
        }
        Get-Content -Raw -LiteralPath (Join-Path $job.Checkout 'plan.json') | Should -Not -Match ([regex]::Escape('gha-Kx9'))
        $runs[2].Steps[0].Output | Should -Be @('::add-mask::gha-Lm4-first-line%0D%0A  gha-Lm4-second%25line  %0A', '::add-mask::gha-Lm4-first-line', '::add-mask::gha-Lm4-second%25line')
        @(Get-TestVisible $runs[2] | Where-Object { "$_" -match 'gha-Lm4' }).Count | Should -Be 3
    }

    It 'refuses an input given wrong with an error naming it, before anything runs' -TestCases @(
        @{ With = @{ command = 'deploy' }; Message = "The input command is 'deploy': use plan, validate, apply, drift, health." }
        @{ With = @{ prune = 'yes' }; Message = "The input prune is 'yes': use false, true." }
        @{ With = @{ 'on-failure' = 'ignore' }; Message = "The input on-failure is 'ignore': use fail, warn." }
        @{ With = @{ command = 'apply'; 'throttle-limit' = 'many' }; Message = "The input throttle-limit is 'many': use a whole number from 1, or leave it empty for the module's default." }
    ) {
        Reset-TestEmulator $Emulator
        $job = New-TestPipelineJob @Job

        $run = Invoke-TestActionStep $job $With

        $run.ExitCode | Should -Be 1
        # The title names the command once it is read.
        $title = switch ($With['command']) { 'deploy' { 'ImmutaIntegrations' } $null { 'ImmutaIntegrations plan' } default { "ImmutaIntegrations $_" } }
        $run.Steps[-1].Output | Should -Be @("::error title=$title::$Message")
        @(Get-EmulatorHistory $Emulator).Count | Should -Be 0
        $run.Outputs['changes-present'] | Should -Be ''
    }
}

Describe 'The GitHub Action''s module' -Tag 'Unix' {
    # Where the current user's modules go (Install-PSResource -Scope CurrentUser) and are found first: under HOME, here a
    # folder of the job's own. (Windows keeps them under Documents, which a job cannot move: Unix only, as its tag says.) A stand-in for the PowerShell Gallery there (tests/pester/Support/gallery) installs from a folder.
    BeforeAll {
        function New-TestRunner([string[]] $Versions) {
            $job = New-TestPipelineJob @Job
            $profileFolder = Join-Path (Split-Path $job.Temp) 'home'
            $userModules = Join-Path $profileFolder '.local/share/powershell/Modules'
            New-Item -ItemType Directory -Path $userModules | Out-Null
            Copy-Item -Recurse -LiteralPath (Join-Path $PSScriptRoot '../Support/gallery/Microsoft.PowerShell.PSResourceGet') -Destination $userModules
            $gallery = Join-Path (Split-Path $job.Temp) 'gallery'
            foreach ($version in $Versions) {
                New-Item -ItemType Directory -Path (Join-Path $gallery "ImmutaIntegrations/$version") | Out-Null
                Copy-Item -Recurse -Path (Join-Path $ModulePath '*') -Destination (Join-Path $gallery "ImmutaIntegrations/$version")
            }
            $job.Environment.HOME = $profileFolder
            $job.Environment.TEST_GALLERY = $gallery
            $job.Environment.TEST_GALLERY_LOG = Join-Path $profileFolder 'gallery.log'
            # The runner's PSModulePath, without this build's module.
            $job.Environment.PSModulePath = $env:PSModulePath
            $job | Add-Member -PassThru -NotePropertyMembers @{ UserModules = $userModules; Log = $job.Environment.TEST_GALLERY_LOG }
        }
        $script:Version = (Import-PowerShellDataFile -LiteralPath (Join-Path $Root 'ImmutaIntegrations.psd1')).ModuleVersion
    }

    It 'is, without module-path, the version of the action''s release: installed from the Gallery when the runner has it in no other version' {
        $runner = New-TestRunner @('0.0.1', $Version)
        # Another version, installed before: not the one this release of the action runs.
        New-Item -ItemType Directory -Path (Join-Path $runner.UserModules 'ImmutaIntegrations/0.0.1') | Out-Null
        Set-TestFile (Join-Path $runner.UserModules 'ImmutaIntegrations/0.0.1/ImmutaIntegrations.psd1') "@{ ModuleVersion = '0.0.1' }"

        $first = Invoke-TestAction -Action $Action -Checkout $runner.Checkout -Temp $runner.Temp -Environment $runner.Environment -With @{ command = 'validate' }
        $second = Invoke-TestAction -Action $Action -Checkout $runner.Checkout -Temp $runner.Temp -Environment $runner.Environment -With @{ command = 'validate' }

        $first.ExitCode | Should -Be 0 -Because ($first.Output -join "`n")
        $first.Output | Should -Contain "Installing ImmutaIntegrations $Version, the version of this release of the action, from the PowerShell Gallery."
        $first.Output | Should -Contain "ImmutaIntegrations module: $(Join-Path $runner.UserModules "ImmutaIntegrations/$Version/ImmutaIntegrations.psd1")"
        $first.Output | Should -Contain 'Validate: 3 payload(s), 0 invalid.'
        Get-Content -LiteralPath $runner.Log | Should -Be @("ImmutaIntegrations $Version CurrentUser") -Because 'only the first run installs it'
        Join-Path $runner.UserModules "ImmutaIntegrations/$Version/ImmutaIntegrations.psd1" | Should -Exist
        $second.ExitCode | Should -Be 0 -Because ($second.Output -join "`n")
        $second.Output | Should -Not -Contain "Installing ImmutaIntegrations $Version, the version of this release of the action, from the PowerShell Gallery."
    }

    It 'fails in one annotation naming module-path when the Gallery does not have that version' {
        $runner = New-TestRunner @('0.0.1')

        $run = Invoke-TestAction -Action $Action -Checkout $runner.Checkout -Temp $runner.Temp -Environment $runner.Environment -With @{ command = 'validate' }

        $run.ExitCode | Should -Be 1
        $annotation = @(Get-TestAnnotation $run)
        $annotation.Count | Should -Be 1
        $annotation[0] | Should -Match ("^::error title=ImmutaIntegrations validate::ImmutaIntegrations $([regex]::Escape($Version)) could not be installed from the PowerShell Gallery " +
            '\(.*could not be found.*\)\. Use a released tag of the action, install the module on the runner, or give the input module-path\.$')
    }
}
