using System;
using System.Collections.Concurrent;
using System.IO;
using System.Linq;

namespace ImmutaIntegrations.Core.Secrets;

/// <summary>
/// Finds the values references stand for: environment variables, files' text, a vault's secrets. A resolver made for one
/// command (<see cref="Once"/>) looks each reference up once, so a long file naming the same secret fetches it once, and
/// sending uses what validation found; the shared <see cref="Process"/> looks up every time. A reference that cannot be
/// resolved is an <see cref="ImmutaPayloadException"/> whose id says why and whose message names where the value was
/// looked for, never a value.
/// </summary>
public sealed class SecretResolver
{
    private readonly Func<string, string?> _environment;
    private readonly ISecretVault? _vault;
    private readonly string? _folder;
    private readonly ConcurrentDictionary<string, Lazy<object>>? _found;

    /// <param name="environment">Looks a variable up; null for the process's environment.</param>
    /// <param name="vault">Where <c>${secret:}</c> references are looked up; null when there is none here.</param>
    /// <param name="folder">Where a relative file path starts when the payload came from no file; null for the current directory.</param>
    public SecretResolver(Func<string, string?>? environment = null, ISecretVault? vault = null, string? folder = null)
        : this(environment ?? Environment.GetEnvironmentVariable, vault, folder, once: false)
    {
    }

    private SecretResolver(Func<string, string?> environment, ISecretVault? vault, string? folder, bool once)
    {
        _environment = environment;
        _vault = vault;
        _folder = folder;
        _found = once ? new ConcurrentDictionary<string, Lazy<object>>(StringComparer.Ordinal) : null;
    }

    /// <summary>The process's environment variables and files, looked up every time; no vault.</summary>
    public static SecretResolver Process { get; } = new SecretResolver();

    /// <summary>Whether references to the vault must be resolved on the thread that made it (see <see cref="ISecretVault.NeedsCallingThread"/>).</summary>
    public bool NeedsCallingThread => _vault?.NeedsCallingThread == true;

    /// <summary>The same sources, each reference looked up once from now on (for one command).</summary>
    public SecretResolver Once() => _found != null ? this : new SecretResolver(_environment, _vault, _folder, once: true);

    /// <summary>The same sources, looking variables up with <paramref name="environment"/>.</summary>
    public SecretResolver WithEnvironment(Func<string, string?> environment) =>
        new SecretResolver(environment ?? throw new ArgumentNullException(nameof(environment)), _vault, _folder, _found != null);

    /// <summary>Looks an environment variable up: its value, or null when it is not set.</summary>
    public string? Variable(string name) => _environment(name);

    /// <summary>The text with each reference replaced by its value; <paramref name="folder"/> is the payload file's folder.</summary>
    public string Expand(string text, string? folder) => SecretReferenceParser.Replace(text, reference => Resolve(reference, folder));

    /// <summary>The value a reference stands for.</summary>
    public string Resolve(SecretReference reference, string? folder)
    {
        switch (reference.Kind)
        {
            case SecretReferenceKind.Environment:
                return (string)Found("env:" + reference.Name, () => VariableValue(reference.Name, reference.Text));
            case SecretReferenceKind.File:
                string path = FilePath(reference, folder);
                return (string)Found("file:" + path, () => SecretFiles.Read(path));
            default:
                var secret = (VaultSecret)Found("secret:" + reference.Vault + "/" + reference.Name, () => Fetch(reference));
                return VaultValue.Of(reference, secret);
        }
    }

    /// <summary>The full path a <c>${file:}</c> reference names, its variables resolved.</summary>
    public string FilePath(SecretReference reference, string? folder)
    {
        string path = reference.Inner.Count == 0 ? reference.Name
            : SecretReferenceParser.Replace(reference.Name, inner => VariableValue(inner.Name, inner.Text));
        if (path.Trim().Length == 0) throw new ImmutaPayloadException($"{reference.Text} names no file: its path is empty", ImmutaErrorId.SecretFileUnreadable);
        try
        {
            return SecretFiles.FullPath(path, folder ?? _folder ?? Directory.GetCurrentDirectory());
        }
        catch (Exception e) when (e is ArgumentException || e is NotSupportedException || e is PathTooLongException)
        {
            throw new ImmutaPayloadException($"{reference.Text} names no file that can be: {e.Message}", ImmutaErrorId.SecretFileUnreadable);
        }
    }

    private object Found(string key, Func<object> lookUp)
    {
        if (_found is null) return lookUp();
        // Lazy: validation may run on several threads, and a reference is still looked up once (its failure too).
        return _found.GetOrAdd(key, _ => new Lazy<object>(lookUp)).Value;
    }

    private string VariableValue(string name, string written)
    {
        string? value = _environment(name);
        if (value is null)
        {
            throw new ImmutaPayloadException($"the environment variable {name} (from {written}) is not set", ImmutaErrorId.SecretReferenceMissing);
        }
        if (value.Length == 0)
        {
            // A pipeline maps a secret it does not have to an empty variable.
            throw new ImmutaPayloadException($"the environment variable {name} (from {written}) is set but empty", ImmutaErrorId.SecretReferenceMissing);
        }
        return value;
    }

    private VaultSecret Fetch(SecretReference reference)
    {
        if (_vault is null)
        {
            throw new ImmutaPayloadException($"{reference.Text} names a secret of SecretManagement, and no vault is open to this command",
                ImmutaErrorId.SecretManagementMissing);
        }
        return _vault.Fetch(reference.Vault, reference.Name);
    }
}
