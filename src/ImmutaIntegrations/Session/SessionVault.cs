using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Linq;
using System.Management.Automation;
using System.Security;
using System.Text;
using ImmutaIntegrations.Core.Secrets;

namespace ImmutaIntegrations.Session;

/// <summary>
/// <c>${secret:[VAULT/]NAME}</c> references, looked up with SecretManagement's <c>Get-Secret</c> in the caller's session (its
/// registered vaults, its unlocked SecretStore). Module-qualified, so another module's Get-Secret is never called instead.
/// Only the pipeline thread may run a command in the session: validation fetches every secret there, before any request is
/// built, and the command's resolver keeps what it found (<see cref="SecretResolver.Once"/>); a secret asked for on another
/// thread is an error at once, never a wait on the pipeline thread that could wait on it in turn.
/// </summary>
internal sealed class SessionVault : ISecretVault
{
    internal const string ModuleName = "Microsoft.PowerShell.SecretManagement";

    private const string GetSecret = ModuleName + "\\Get-Secret";

    private readonly int _thread = Environment.CurrentManagedThreadId;
    private readonly PipelineOutput? _output;

    /// <param name="output">The command's streams, for a verbose line naming each secret fetched (never its value).</param>
    public SessionVault(PipelineOutput? output) => _output = output;

    public bool NeedsCallingThread => true;

    public VaultSecret Fetch(string? vault, string name)
    {
        if (Environment.CurrentManagedThreadId != _thread)
        {
            // A command that sends a payload it validated without resolving its references: a mistake of the module's.
            throw new InvalidOperationException($"{What(vault, name)} was not fetched while the payload was validated, and Get-Secret runs only on "
                + "the command's pipeline thread.");
        }
        _output?.Verbose($"Get-Secret: {What(vault, name)}.");
        using (PowerShell shell = PowerShell.Create(RunspaceMode.CurrentRunspace))
        {
            shell.AddCommand(GetSecret).AddParameter("Name", name);
            if (vault != null) shell.AddParameter("Vault", vault);
            shell.AddParameter("ErrorAction", ActionPreference.Continue);
            Collection<PSObject> found;
            try
            {
                found = shell.Invoke();
            }
            catch (CommandNotFoundException e) when (string.Equals(e.CommandName, GetSecret, StringComparison.OrdinalIgnoreCase))
            {
                // Not installed, or installed and failing to import: PowerShell says the same (CouldNotAutoLoadModule) for both.
                throw Missing(vault, name);
            }
            catch (RuntimeException e)
            {
                // A terminating error (an unknown vault; the default vault locked): after what was written before it.
                throw Failure(vault, name, shell.Streams.Error.Append(e.ErrorRecord).ToList(), NoVaultRegistered);
            }
            PSObject? first = found.FirstOrDefault(o => o != null);
            // Searching every vault, another vault's failure is written before the secret is found in the next one.
            if (first != null) return Convert(first.BaseObject);
            throw Failure(vault, name, shell.Streams.Error.ToList(), NoVaultRegistered);
        }
    }

    /// <summary>What Get-Secret returned, as text: every type it documents.</summary>
    internal static VaultSecret Convert(object? value)
    {
        switch (value is PSObject wrapped ? wrapped.BaseObject : value)
        {
            case SecureString secure:
                return VaultSecret.FromText(Core.Secrets.SecretText.Reveal(secure));
            case string text:
                return VaultSecret.FromText(text);
            case byte[] bytes:
                return VaultSecret.FromText(new UTF8Encoding(false).GetString(bytes));
            case PSCredential credential:
                return VaultSecret.FromCredential(credential.UserName ?? string.Empty,
                    credential.Password is null ? string.Empty : Core.Secrets.SecretText.Reveal(credential.Password));
            case IDictionary table:
                return VaultSecret.FromEntries(table.Keys.Cast<object>().Select(k => new KeyValuePair<string, VaultSecret>(k.ToString() ?? string.Empty, Convert(table[k]))));
            case null:
                return VaultSecret.FromUnsupported("null");
            case object other:
                return VaultSecret.FromUnsupported(other.GetType().FullName ?? other.GetType().Name);
        }
    }

    /// <summary>
    /// Why Get-Secret gave nothing, from the errors it wrote or threw: by SecretManagement's error ids first, then by the
    /// exception's type, by its message only as a last resort. A locked vault comes first, since a search of every vault says
    /// "not found" after it; a vault's own failure comes before "not found" too.
    /// </summary>
    /// <param name="noVaultRegistered">Whether the session has no vault at all (asked only when nothing else explains it).</param>
    internal static ImmutaPayloadException Failure(string? vault, string name, IReadOnlyList<ErrorRecord> errors, Func<bool> noVaultRegistered)
    {
        string what = What(vault, name);
        if (errors.Any(IsLocked))
        {
            string which = vault is null ? "a vault searched for it is locked" : $"the vault {vault} is locked";
            return new ImmutaPayloadException($"{what}: {which} and this command cannot answer a password prompt; unlock it first in this session "
                + $"(Unlock-SecretStore, or Unlock-SecretVault -Name {vault ?? "VAULT"}), and for runs without a person configure SecretStore with "
                + "-Interaction None and unlock it with a password the job is given", ImmutaErrorId.SecretVaultLocked);
        }
        if (errors.Any(e => Id(e, "GetSecretVaultNotFound") || Says(e, "not found in registry")))
        {
            return new ImmutaPayloadException($"{what}: no vault named {vault ?? "(the default vault)"} is registered in this session; correct the "
                + "vault's name (Get-SecretVault lists them) or register it (Register-SecretVault)", ImmutaErrorId.SecretVaultNotFound);
        }
        ErrorRecord? other = errors.FirstOrDefault(e => !IsNotFound(e));
        if (other != null)
        {
            return new ImmutaPayloadException($"{what} could not be read: Get-Secret said: {FirstLine(Message(other))}", ImmutaErrorId.SecretNotFound);
        }
        if (vault is null && noVaultRegistered())
        {
            return new ImmutaPayloadException($"{what}: no SecretManagement vault is registered in this session; register the vault that holds "
                + "it (Register-SecretVault) before the command", ImmutaErrorId.SecretVaultNotFound);
        }
        return vault is null
            ? new ImmutaPayloadException($"the secret {name} is in none of the vaults registered in this session: correct its name (Get-SecretInfo "
                + $"lists the secrets) or add it (Set-Secret -Name {name})", ImmutaErrorId.SecretNotFound)
            : new ImmutaPayloadException($"the secret {name} is not in the vault {vault}: correct its name (Get-SecretInfo -Vault {vault} lists "
                + $"the secrets there) or add it (Set-Secret -Name {name} -Vault {vault})", ImmutaErrorId.SecretNotFound);
    }

    private static string What(string? vault, string name) => $"the secret {name}{(vault is null ? string.Empty : " of the vault " + vault)}";

    private static ImmutaPayloadException Missing(string? vault, string name) =>
        new ImmutaPayloadException($"{What(vault, name)}: SecretManagement ({ModuleName}) could not be loaded in this session; it is not installed "
            + $"(Install-PSResource {ModuleName}, then register a vault), or importing it fails (Import-Module {ModuleName} says why), and a secret "
            + "kept elsewhere can be given as ${env:NAME} or ${file:PATH}", ImmutaErrorId.SecretManagementMissing);

    // SecretStore needs its password: SecretManagement passes its PasswordRequiredException on (GetSecretException when a vault
    // was named, or the exception itself, terminating, from the default vault); a vault set to prompt fails in a session that
    // cannot prompt.
    private static bool IsLocked(ErrorRecord error) =>
        Id(error, "Microsoft.PowerShell.SecretManagement.PasswordRequiredException")
        || Chain(error.Exception).Any(e => e.GetType().Name == "PasswordRequiredException")
        || Says(error, "password is required") || Says(error, "Unlock-SecretStore") || Says(error, "NonInteractive mode");

    private static bool IsNotFound(ErrorRecord error) =>
        Id(error, "GetSecretNotFound") || error.Exception is ItemNotFoundException && error.CategoryInfo.Category == ErrorCategory.ObjectNotFound;

    private static bool Id(ErrorRecord error, string id) =>
        error.FullyQualifiedErrorId is string full && (full == id || full.StartsWith(id + ",", StringComparison.Ordinal));

    private static bool Says(ErrorRecord error, string text) =>
        Chain(error.Exception).Any(e => e.Message.IndexOf(text, StringComparison.OrdinalIgnoreCase) >= 0);

    private static IEnumerable<Exception> Chain(Exception? error)
    {
        for (Exception? e = error; e != null; e = e.InnerException) yield return e;
    }

    private static string Message(ErrorRecord error) => error.ErrorDetails?.Message is { Length: > 0 } details ? details : error.Exception?.Message ?? error.ToString();

    private static string FirstLine(string text) => text.Split('\n')[0].TrimEnd('\r', ' ');

    // Asked only to explain a secret not found: a session with no vault at all is told so.
    private static bool NoVaultRegistered()
    {
        using (PowerShell shell = PowerShell.Create(RunspaceMode.CurrentRunspace))
        {
            shell.AddCommand(ModuleName + "\\Get-SecretVault").AddParameter("ErrorAction", ActionPreference.Continue);
            try
            {
                return shell.Invoke().Count == 0 && shell.Streams.Error.Count == 0;
            }
            catch (RuntimeException)
            {
                return false;
            }
        }
    }
}
