using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Security;
using System.Text;
using System.Threading;
using ImmutaIntegrations.Core.Secrets;

namespace ImmutaIntegrations.Input;

/// <summary>
/// <c>${secret:[VAULT/]NAME}</c> references, looked up with SecretManagement's <c>Get-Secret</c> in the caller's session (its
/// registered vaults, its unlocked SecretStore). Module-qualified, so another module's Get-Secret is never called instead.
/// </summary>
internal sealed class SessionVault : ISecretVault
{
    internal const string ModuleName = "Microsoft.PowerShell.SecretManagement";

    private readonly int _thread = Environment.CurrentManagedThreadId;
    private readonly PipelineOutput? _output;

    public SessionVault(PipelineOutput? output) => _output = output;

    public bool NeedsCallingThread => true;

    public VaultSecret Fetch(string? vault, string name)
    {
        if (Environment.CurrentManagedThreadId == _thread) return FetchHere(vault, name);
        // Another thread (a request being built): the pipeline thread fetches it while it waits for the work.
        if (_output is null) throw new InvalidOperationException("A secret of SecretManagement is fetched only on the pipeline thread.");
        return _output.OnPipelineThreadAsync(() => FetchHere(vault, name), CancellationToken.None).GetAwaiter().GetResult();
    }

    private static VaultSecret FetchHere(string? vault, string name)
    {
        string what = $"the secret {name}{(vault is null ? string.Empty : " of the vault " + vault)}";
        using (PowerShell shell = PowerShell.Create(RunspaceMode.CurrentRunspace))
        {
            shell.AddCommand(ModuleName + "\\Get-Secret").AddParameter("Name", name);
            if (vault != null) shell.AddParameter("Vault", vault);
            shell.AddParameter("ErrorAction", ActionPreference.Continue);
            IList<PSObject> found;
            try
            {
                found = shell.Invoke();
            }
            catch (CommandNotFoundException)
            {
                throw Missing(what);
            }
            catch (RuntimeException e) when (e.ErrorRecord?.FullyQualifiedErrorId?.StartsWith("CouldNotAutoLoadModule", StringComparison.Ordinal) == true
                || e.ErrorRecord?.CategoryInfo.Category == ErrorCategory.ObjectNotFound && e.Message.Contains(ModuleName))
            {
                throw Missing(what);
            }
            catch (RuntimeException e)
            {
                throw Failed(what, e.ErrorRecord, e);
            }
            if (shell.Streams.Error.Count > 0) throw Failed(what, shell.Streams.Error[0], shell.Streams.Error[0].Exception);
            PSObject? first = found.FirstOrDefault(o => o != null);
            if (first is null) throw new ImmutaPayloadException($"{what} was not found by Get-Secret.", ImmutaErrorId.SecretNotFound);
            return Convert(first.BaseObject);
        }
    }

    /// <summary>What Get-Secret returned, as text: every type it documents.</summary>
    internal static VaultSecret Convert(object? value)
    {
        switch (value is PSObject wrapped ? wrapped.BaseObject : value)
        {
            case SecureString secure:
                return VaultSecret.FromText(Core.SecretText.Reveal(secure));
            case string text:
                return VaultSecret.FromText(text);
            case byte[] bytes:
                return VaultSecret.FromText(new UTF8Encoding(false).GetString(bytes));
            case PSCredential credential:
                return VaultSecret.FromCredential(credential.UserName ?? string.Empty, Core.SecretText.Reveal(credential.Password));
            case IDictionary table:
                return VaultSecret.FromEntries(table.Keys.Cast<object>().Select(k => new KeyValuePair<string, VaultSecret>(k.ToString() ?? string.Empty, Convert(table[k]))));
            case null:
                return VaultSecret.FromUnsupported("null");
            case object other:
                return VaultSecret.FromUnsupported(other.GetType().FullName ?? other.GetType().Name);
        }
    }

    private static ImmutaPayloadException Missing(string what) =>
        new ImmutaPayloadException($"{what} is named, and SecretManagement ({ModuleName}) is not installed: install it (Install-PSResource {ModuleName}) "
            + "and register a vault, or use ${env:NAME} or ${file:PATH}.", ImmutaErrorId.SecretManagementMissing);

    // What Get-Secret said, sorted by what it means; its message is SecretManagement's, which names the secret and vault, never a value.
    private static ImmutaPayloadException Failed(string what, ErrorRecord? record, Exception? error)
    {
        string said = error?.Message ?? record?.ToString() ?? "Get-Secret failed";
        string id = record?.FullyQualifiedErrorId ?? string.Empty;
        if (said.IndexOf("password is required", StringComparison.OrdinalIgnoreCase) >= 0 || said.IndexOf("locked", StringComparison.OrdinalIgnoreCase) >= 0
            || error is PSInvalidOperationException && said.IndexOf("password", StringComparison.OrdinalIgnoreCase) >= 0)
        {
            return new ImmutaPayloadException($"{what}: its vault is locked ({said}); unlock it in this session (Unlock-SecretStore) before the command.",
                ImmutaErrorId.SecretVaultLocked);
        }
        if (id.StartsWith("GetSecretNotFound", StringComparison.Ordinal) || said.IndexOf("was not found", StringComparison.OrdinalIgnoreCase) >= 0)
        {
            return new ImmutaPayloadException($"{what} was not found ({said}).", ImmutaErrorId.SecretNotFound);
        }
        if (said.IndexOf("vault", StringComparison.OrdinalIgnoreCase) >= 0 && (said.IndexOf("does not exist", StringComparison.OrdinalIgnoreCase) >= 0
            || said.IndexOf("not registered", StringComparison.OrdinalIgnoreCase) >= 0 || said.IndexOf("not found", StringComparison.OrdinalIgnoreCase) >= 0))
        {
            return new ImmutaPayloadException($"{what}: no such vault is registered ({said}).", ImmutaErrorId.SecretVaultNotFound);
        }
        return new ImmutaPayloadException($"{what} could not be had from Get-Secret ({said}).", ImmutaErrorId.SecretNotFound);
    }
}
