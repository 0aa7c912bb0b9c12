<#
.SYNOPSIS
    A tour of ImmutaIntegrations against a running emulator (build.ps1 -Task Demo starts one): create one
    integration of each type, wait for them, edit one, fetch and run a setup script, remove them all.
#>
param(
    [Parameter(Mandatory)] [string] $Url,
    [string] $ApiKey = 'demo-api-key',
    [string] $ModulePath = (Join-Path $PSScriptRoot '../out/ImmutaIntegrations')
)
$ErrorActionPreference = 'Stop'
Import-Module $ModulePath

function Show-Step([string] $Text) { Write-Host "`n>>> $Text" }

# Render as a 120-column console would, even when the output is redirected to a log.
function Show([Parameter(ValueFromPipeline)] $InputObject) {
    begin { $items = [System.Collections.Generic.List[object]]::new() }
    process { $items.Add($InputObject) }
    end { $items | Out-String -Width 120 | Write-Host }
}

# The payload files in examples/payloads take their secrets from the environment (${env:NAME}).
$env:SNOWFLAKE_PASSWORD = 'demo-snowflake-password'
$env:DATABRICKS_TOKEN = 'demo-databricks-token'
$env:REDSHIFT_PASSWORD = 'demo-redshift-password'
$env:SYNAPSE_PASSWORD = 'demo-synapse-password'
$env:BIGQUERY_CREDENTIAL = '{"type":"service_account"}'
$env:AWS_SECRET_ACCESS_KEY = 'demo-aws-secret'
$payloads = Join-Path $PSScriptRoot 'payloads'
$privileged = [pscredential]::new('immuta_bootstrap', (ConvertTo-SecureString 'demo-privileged-password' -AsPlainText -Force))

Show-Step "Connect-Immuta -Url $Url -ApiKey <SecureString>"
Connect-Immuta -Url $Url -ApiKey (ConvertTo-SecureString $ApiKey -AsPlainText -Force) | Show

Show-Step 'Test-ImmutaIntegrationPayload -Path examples/payloads/*.yaml    # offline, before anything is sent'
Test-ImmutaIntegrationPayload -Path (Join-Path $payloads '*.yaml') | Show

Show-Step 'New-ImmutaIntegration -Path examples/payloads/snowflake.yaml -DryRun    # Immuta validates, nothing is created'
New-ImmutaIntegration -Path (Join-Path $payloads 'snowflake.yaml') -DryRun -Force | Format-List | Show

Show-Step 'Get-ChildItem examples/payloads -Filter *.yaml | New-ImmutaIntegration -Wait -Force    # one of each type'
Get-ChildItem $payloads -Filter *.yaml | Where-Object Name -ne 'synapse.yaml' |
    New-ImmutaIntegration -Wait -PollInterval 0.2 -Force | Show

Show-Step 'Get-ImmutaIntegrationScript -Kind InitialCreate, then Create, for the manual Synapse setup'
$synapse = Join-Path $payloads 'synapse.yaml'
foreach ($kind in 'InitialCreate', 'Create') { Get-ImmutaIntegrationScript -Kind $kind -Path $synapse | Show }
(Get-ImmutaIntegrationScript -Kind Create -Path $synapse).Statements | Select-Object -First 4 | Show

Show-Step 'New-ImmutaIntegration -Path synapse.yaml -ManualSetup -Executor { ... }    # scripts run, then the integration is created'
$ran = [System.Collections.Generic.List[string]]::new()
New-ImmutaIntegration -Path $synapse -ManualSetup -Executor { param($statement) $ran.Add($statement) } -PollInterval 0.2 -Force | Show
Write-Host "The executor ran $($ran.Count) statements (a DbConnection to the platform runs them for real)."

Show-Step 'Get-ImmutaIntegration | Get-ImmutaIntegrationStatus'
Get-ImmutaIntegration | Get-ImmutaIntegrationStatus | Show

Show-Step 'Edit Snowflake: change the warehouse on the object and pipe it back (the privileged account again with -Credential)'
Get-ImmutaIntegration -Type Snowflake | ForEach-Object { $_.Config.warehouse = 'ANALYTICS_WH'; $_ } |
    Set-ImmutaIntegration -Credential $privileged -Wait -PollInterval 0.2 -Force | Format-List | Show

Show-Step 'Set-ImmutaIntegration with a changed host    # refused before anything is sent'
Get-ImmutaIntegration -Type Snowflake | ForEach-Object { $_.Config.host = 'elsewhere.snowflakecomputing.com'; $_ } |
    Set-ImmutaIntegration -Credential $privileged -Force -ErrorAction SilentlyContinue -ErrorVariable refused
Write-Host "[$($refused[0].FullyQualifiedErrorId)] $($refused[0].Exception.Message)"

Show-Step 'Remove-ImmutaIntegration for Redshift without -Credential    # it was configured automatically'
Get-ImmutaIntegration -Type Redshift | Remove-ImmutaIntegration -Force -ErrorAction SilentlyContinue -ErrorVariable missing
Write-Host "[$($missing[0].FullyQualifiedErrorId)] $($missing[0].Exception.Message)"

Show-Step 'Export-ImmutaIntegration -Path <folder>    # one YAML file per integration, secrets as ${env:NAME} references'
$asCode = Join-Path ([System.IO.Path]::GetTempPath()) ("immuta-demo-{0}" -f [guid]::NewGuid().ToString('n'))
$exported = Export-ImmutaIntegration -Path $asCode
$exported | Show
Get-Content -Raw ($exported | Where-Object Type -eq 'Snowflake').Path | Show

Show-Step 'Compare-ImmutaIntegration -Path <folder>    # the plan after editing a file: nothing is changed'
foreach ($variable in $exported.Variables) { Set-Item "Env:$variable" 'demo-secret-from-the-pipeline' }
$file = ($exported | Where-Object Type -eq 'Databricks').Path
(Get-Content -Raw $file) -replace 'catalog: immuta', 'catalog: governed' -replace 'httpPath: .+', 'httpPath: sql/protocolv1/o/0/new' | Set-Content $file
Compare-ImmutaIntegration -Path $asCode | Show

Show-Step 'Sync-ImmutaIntegration -Path <folder> -AllowReplace -Credential $privileged -Force    # applied, each change waited for'
Sync-ImmutaIntegration -Path $asCode -AllowReplace -Credential $privileged -PollInterval 0.2 -Force | Show
Write-Host "A second sync: $((Sync-ImmutaIntegration -Path $asCode -PollInterval 0.2 -Force).Action -join ', ')"
Remove-Item $asCode -Recurse

Show-Step 'Get-ImmutaIntegration | Remove-ImmutaIntegration -Credential $privileged -Wait -Force'
Get-ImmutaIntegration | Remove-ImmutaIntegration -Credential $privileged -Wait -PollInterval 0.2 -Force -WarningAction SilentlyContinue
Write-Host "Integrations left: $(@(Get-ImmutaIntegration).Count)"

Show-Step 'Invoke-ImmutaApi /_emulator/requests    # what was sent, by route'
Invoke-ImmutaApi -Path /_emulator/requests | Format-List | Show

Disconnect-Immuta
