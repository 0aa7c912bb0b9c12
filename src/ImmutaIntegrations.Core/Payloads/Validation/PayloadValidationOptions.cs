using System;
using ImmutaIntegrations.Core.Secrets;

namespace ImmutaIntegrations.Core.Payloads.Validation;

/// <summary>
/// How <see cref="PayloadValidator"/> checks. Immutable: <see cref="Default"/> is shared by every caller, so
/// a variant is a new instance made with one of the <c>With...</c> methods, never a change to an existing one.
/// </summary>
public sealed class PayloadValidationOptions
{
    /// <summary>References are resolved, from the process's environment and files (no vault).</summary>
    public static readonly PayloadValidationOptions Default = new PayloadValidationOptions();

    /// <param name="checkSecretReferences">See <see cref="CheckSecretReferences"/>.</param>
    /// <param name="environment">Looks a variable up; null for the process's environment.</param>
    public PayloadValidationOptions(bool checkSecretReferences = true, Func<string, string?>? environment = null)
        : this(checkSecretReferences, environment is null ? SecretResolver.Process : new SecretResolver(environment), secretsAsReferencesOnly: false)
    {
    }

    private PayloadValidationOptions(bool checkSecretReferences, SecretResolver secrets, bool secretsAsReferencesOnly)
    {
        CheckSecretReferences = checkSecretReferences;
        Secrets = secrets;
        SecretsAsReferencesOnly = secretsAsReferencesOnly;
    }

    /// <summary>
    /// Resolve every reference (<c>${env:}</c>, <c>${file:}</c>, <c>${secret:}</c>), reporting one that cannot be as a
    /// problem at its field. Without it, only a reference's form is checked: no variable, file or vault is needed.
    /// </summary>
    public bool CheckSecretReferences { get; }

    /// <summary>Where references are resolved; a payload prepared with these options sends what it finds there.</summary>
    public SecretResolver Secrets { get; }

    /// <summary>Looks an environment variable up: its value, or null when it is not set.</summary>
    public Func<string, string?> Environment => Secrets.Variable;

    /// <summary>
    /// A secret written in plain text is an error, not a warning: for payloads that go into a saved plan, which must hold
    /// references to secrets, never their values.
    /// </summary>
    public bool SecretsAsReferencesOnly { get; }

    /// <summary>
    /// The same options, checking only the form of references: for payloads that are not sent from here (a plan, a lint, a
    /// payload built to be saved), where the variables, files and vaults may not exist.
    /// </summary>
    public PayloadValidationOptions WithoutSecretReferenceCheck() => new PayloadValidationOptions(false, Secrets, SecretsAsReferencesOnly);

    /// <summary>The same options, resolving references with <paramref name="secrets"/>.</summary>
    public PayloadValidationOptions WithSecrets(SecretResolver secrets) =>
        new PayloadValidationOptions(CheckSecretReferences, secrets ?? throw new ArgumentNullException(nameof(secrets)), SecretsAsReferencesOnly);

    /// <summary>The same options, refusing secrets written in plain text (<see cref="SecretsAsReferencesOnly"/>).</summary>
    public PayloadValidationOptions WithSecretsAsReferencesOnly() => new PayloadValidationOptions(CheckSecretReferences, Secrets, secretsAsReferencesOnly: true);

    /// <summary>The same options, looking variables up with <paramref name="environment"/>.</summary>
    public PayloadValidationOptions WithEnvironment(Func<string, string?> environment) => WithSecrets(Secrets.WithEnvironment(environment));

    /// <summary>
    /// The same options, resolving each reference once from now on (a long file refers to the same ones, and a secret is
    /// fetched once per command): for one command's payloads, never kept beyond it.
    /// </summary>
    public PayloadValidationOptions WithSecretsResolvedOnce() => WithSecrets(Secrets.Once());
}
