<#
A stand-in for Microsoft.PowerShell.SecretManagement, used by the tests because SecretManagement cannot be installed on the
machines that build this module (no registry they reach serves it). It has the module's name, so the module's
Microsoft.PowerShell.SecretManagement\Get-Secret finds it on PSModulePath, and what the module relies on:

Get-Secret [-Name] <string> [[-Vault] <string>] [-AsPlainText]   (-Name from the pipeline too; or -InputObject with Name, VaultName)
    A String or SecureString secret comes back as a SecureString (a String with -AsPlainText); a byte[], PSCredential or
    Hashtable as stored (a hashtable's strings as SecureStrings, unless -AsPlainText). Without -Vault the default vault is
    searched first, then the others by name. Its errors have SecretManagement's ids, exception types and categories:
      the secret in no vault searched    non-terminating   GetSecretNotFound            ItemNotFoundException        ObjectNotFound
      -Vault not registered              terminating       GetSecretVaultNotFound       PSInvalidOperationException  ObjectNotFound
      -Vault locked                      non-terminating   GetSecretException           PasswordRequiredException    InvalidOperation
      the default vault locked           terminating       Microsoft.PowerShell.SecretManagement.PasswordRequiredException (NotSpecified)
      another vault locked (a search)    non-terminating   GetSecretException, then GetSecretNotFound if no other vault has it
      no vault registered                a warning, then GetSecretNotFound
    A locked vault stands for SecretStore configured with a password and -Interaction None, not unlocked in this session.
    The messages are this stand-in's own words.

For tests to set it up:
    Register-SecretVault [-ModuleName] <string> [[-Name] <string>] [-VaultParameters @{ Locked = $true }] [-DefaultVault]
    Get-SecretVault [[-Name] <string>]
    Set-Secret [-Name] <string> [-Secret] <object> [[-Vault] <string>]
    Unlock-SecretVault [-Name] <string> [-Password] <SecureString>   (for this session only, as SecretStore's unlock)

The store is the JSON file $env:TEST_SECRET_VAULT_STORE names, so a fresh pwsh sees what a test set up:
    vaults:  [ { name, module, default, locked } ]
    secrets: { VAULT: { NAME: { type: String|SecureString|ByteArray|PSCredential|Hashtable, text, userName, base64, entries } } }
    calls:   { "NAME" or "VAULT/NAME", as Get-Secret was asked: how many times it was }
It holds test values in plain text: never put a real secret in it.
#>

Set-StrictMode -Version Latest

$script:Unlocked = [System.Collections.Generic.HashSet[string]]::new([StringComparer]::OrdinalIgnoreCase)

function Read-Store {
    if (-not $env:TEST_SECRET_VAULT_STORE) { throw 'TEST_SECRET_VAULT_STORE names no store file for the SecretManagement stand-in.' }
    $store = if (Test-Path -LiteralPath $env:TEST_SECRET_VAULT_STORE) { Get-Content -LiteralPath $env:TEST_SECRET_VAULT_STORE -Raw | ConvertFrom-Json -AsHashtable }
    if ($null -eq $store) { $store = @{} }
    if (-not $store.ContainsKey('vaults')) { $store.vaults = @() }
    foreach ($key in 'secrets', 'calls') { if (-not $store.ContainsKey($key)) { $store[$key] = @{} } }
    $store.vaults = @($store.vaults)
    $store
}

function Write-Store($Store) {
    $temporary = "$env:TEST_SECRET_VAULT_STORE.$PID.tmp"
    ConvertTo-Json $Store -Depth 10 | Set-Content -LiteralPath $temporary -Encoding utf8NoBOM
    Move-Item -LiteralPath $temporary -Destination $env:TEST_SECRET_VAULT_STORE -Force
}

function Find-Vault($Store, [string] $Name) { @($Store.vaults | Where-Object { $_.name -eq $Name }) | Select-Object -First 1 }

function Test-Locked($Vault) { $Vault.locked -and -not $script:Unlocked.Contains($Vault.name) }

function Get-PlainText([securestring] $Secure) { [System.Net.NetworkCredential]::new('', $Secure).Password }

function ConvertTo-StoredValue($Value) {
    # Not a switch: it would go through a byte array one byte at a time.
    if ($Value -is [string]) { return @{ type = 'String'; text = $Value } }
    if ($Value -is [securestring]) { return @{ type = 'SecureString'; text = Get-PlainText $Value } }
    if ($Value -is [byte[]]) { return @{ type = 'ByteArray'; base64 = [Convert]::ToBase64String($Value) } }
    if ($Value -is [pscredential]) { return @{ type = 'PSCredential'; userName = $Value.UserName; text = Get-PlainText $Value.Password } }
    if ($Value -is [hashtable]) {
        $entries = @{}
        foreach ($key in $Value.Keys) { $entries[[string]$key] = ConvertTo-StoredValue $Value[$key] }
        return @{ type = 'Hashtable'; entries = $entries }
    }
    throw "A secret is a String, SecureString, byte[], PSCredential or Hashtable, not a $($Value.GetType().FullName)."
}

function ConvertFrom-StoredValue($Stored, [bool] $AsPlainText) {
    # Returned whole (a byte array too, with the comma): the caller writes it with WriteObject, which does not enumerate.
    if ($Stored.type -in 'String', 'SecureString') { if ($AsPlainText) { return $Stored.text } else { return ConvertTo-SecureString $Stored.text -AsPlainText -Force } }
    if ($Stored.type -eq 'ByteArray') { return , [Convert]::FromBase64String($Stored.base64) }
    if ($Stored.type -eq 'PSCredential') { return [pscredential]::new($Stored.userName, (ConvertTo-SecureString $Stored.text -AsPlainText -Force)) }
    $table = @{}
    foreach ($key in $Stored.entries.Keys) { $table[$key] = ConvertFrom-StoredValue $Stored.entries[$key] $AsPlainText }
    $table
}

function New-PasswordRequired([string] $Vault) {
    # SecretManagement's own exception type, which SecretStore throws when it needs its password.
    if (-not ('Microsoft.PowerShell.SecretManagement.PasswordRequiredException' -as [type])) {
        Add-Type -TypeDefinition @'
namespace Microsoft.PowerShell.SecretManagement
{
    public sealed class PasswordRequiredException : System.InvalidOperationException
    {
        public PasswordRequiredException(string message) : base(message) { }
    }
}
'@
    }
    New-Object Microsoft.PowerShell.SecretManagement.PasswordRequiredException "The vault '$Vault' is locked: its password must be given in this session first."
}

function New-Record($Exception, [string] $Id, [System.Management.Automation.ErrorCategory] $Category) {
    [System.Management.Automation.ErrorRecord]::new($Exception, $Id, $Category, $null)
}

function Get-Secret {
    [CmdletBinding(DefaultParameterSetName = 'NameParameterSet')]
    [OutputType([object])]
    param(
        [Parameter(Mandatory, Position = 0, ValueFromPipeline, ParameterSetName = 'NameParameterSet')] [string] $Name,
        [Parameter(Position = 1, ParameterSetName = 'NameParameterSet')] [string] $Vault,
        [Parameter(Mandatory, ValueFromPipeline, ParameterSetName = 'InfoParameterSet')] [ValidateScript({ $_.PSObject.Properties['VaultName'] })] [psobject] $InputObject,
        [switch] $AsPlainText
    )
    process {
        if ($PSCmdlet.ParameterSetName -eq 'InfoParameterSet') { $Name = $InputObject.Name; $Vault = $InputObject.VaultName }
        $store = Read-Store
        $asked = if ($Vault) { "$Vault/$Name" } else { $Name }
        $store.calls[$asked] = 1 + $(if ($store.calls.ContainsKey($asked)) { $store.calls[$asked] } else { 0 })
        Write-Store $store
        if ($store.vaults.Count -eq 0) { Write-Warning 'No secret vault is registered: register one with Register-SecretVault.' }
        $notFound = New-Record ([System.Management.Automation.ItemNotFoundException]::new("No vault searched holds a secret named '$Name'.")) 'GetSecretNotFound' ObjectNotFound
        if ($Vault) {
            $one = Find-Vault $store $Vault
            if (-not $one) {
                $PSCmdlet.ThrowTerminatingError((New-Record ([System.Management.Automation.PSInvalidOperationException]::new("There is no registered vault named '$Vault'.")) 'GetSecretVaultNotFound' ObjectNotFound))
            }
            $searched = @($one)
        }
        else {
            $searched = @($store.vaults | Where-Object { $_.default }) + @($store.vaults | Where-Object { -not $_.default } | Sort-Object { $_.name })
        }
        foreach ($each in $searched) {
            if (Test-Locked $each) {
                if (-not $Vault -and $each.default) {
                    $PSCmdlet.ThrowTerminatingError((New-Record (New-PasswordRequired $each.name) 'Microsoft.PowerShell.SecretManagement.PasswordRequiredException' NotSpecified))
                }
                $PSCmdlet.WriteError((New-Record (New-PasswordRequired $each.name) 'GetSecretException' InvalidOperation))
                if ($Vault) { return }
                continue
            }
            $secrets = $store.secrets[$each.name]
            if ($secrets -and $secrets.ContainsKey($Name)) {
                $PSCmdlet.WriteObject((ConvertFrom-StoredValue $secrets[$Name] $AsPlainText.IsPresent), $false)
                return
            }
        }
        $PSCmdlet.WriteError($notFound)
    }
}

function Set-Secret {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory, Position = 0)] [string] $Name,
        [Parameter(Mandatory, Position = 1)] [object] $Secret,
        [Parameter(Position = 2)] [string] $Vault
    )
    $store = Read-Store
    $target = if ($Vault) { Find-Vault $store $Vault } else { @($store.vaults | Where-Object { $_.default }) | Select-Object -First 1 }
    if (-not $target) { throw "No vault '$Vault' is registered to hold the secret '$Name'." }
    if (-not $store.secrets.ContainsKey($target.name)) { $store.secrets[$target.name] = @{} }
    $store.secrets[$target.name][$Name] = ConvertTo-StoredValue $Secret
    Write-Store $store
}

function Register-SecretVault {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory, Position = 0)] [string] $ModuleName,
        [Parameter(Position = 1)] [string] $Name = $ModuleName,
        # Locked = $true: the vault needs its password in each session (Unlock-SecretVault), as SecretStore with -Interaction None.
        [hashtable] $VaultParameters = @{},
        [switch] $DefaultVault
    )
    $store = Read-Store
    if (Find-Vault $store $Name) { throw "A vault named '$Name' is already registered." }
    $first = $store.vaults.Count -eq 0
    if ($DefaultVault) { foreach ($each in $store.vaults) { $each.default = $false } }
    $store.vaults += @{ name = $Name; module = $ModuleName; default = ($first -or $DefaultVault.IsPresent); locked = [bool]$VaultParameters['Locked'] }
    Write-Store $store
}

function Get-SecretVault {
    [CmdletBinding()]
    param([Parameter(Position = 0)] [string] $Name = '*')
    foreach ($each in (Read-Store).vaults | Where-Object { $_.name -like $Name }) {
        [pscustomobject]@{ Name = $each.name; ModuleName = $each.module; IsDefault = [bool]$each.default }
    }
}

function Unlock-SecretVault {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory, Position = 0)] [string] $Name,
        [Parameter(Mandatory, Position = 1)] [securestring] $Password
    )
    if (-not (Find-Vault (Read-Store) $Name)) { throw "There is no registered vault named '$Name'." }
    [void]$script:Unlocked.Add($Name)
}

Export-ModuleMember -Function Get-Secret, Set-Secret, Register-SecretVault, Get-SecretVault, Unlock-SecretVault
