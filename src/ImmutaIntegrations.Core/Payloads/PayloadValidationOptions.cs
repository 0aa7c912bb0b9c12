using System;
using System.Collections.Concurrent;

namespace ImmutaIntegrations.Core.Payloads;

/// <summary>
/// How <see cref="PayloadValidator"/> checks. Immutable: <see cref="Default"/> is shared by every caller, so
/// a variant is a new instance made with one of the <c>With...</c> methods, never a change to an existing one.
/// </summary>
public sealed class PayloadValidationOptions
{
    /// <summary>References are checked, against the process's environment.</summary>
    public static readonly PayloadValidationOptions Default = new PayloadValidationOptions();

    /// <param name="checkSecretReferences">See <see cref="CheckSecretReferences"/>.</param>
    /// <param name="environment">Looks a variable up; null for the process's environment.</param>
    public PayloadValidationOptions(bool checkSecretReferences = true, Func<string, string?>? environment = null)
        : this(checkSecretReferences, environment, secretsAsReferencesOnly: false)
    {
    }

    private PayloadValidationOptions(bool checkSecretReferences, Func<string, string?>? environment, bool secretsAsReferencesOnly)
    {
        CheckSecretReferences = checkSecretReferences;
        Environment = environment ?? System.Environment.GetEnvironmentVariable;
        SecretsAsReferencesOnly = secretsAsReferencesOnly;
    }

    /// <summary>Report <c>${env:NAME}</c> references whose variable is not set.</summary>
    public bool CheckSecretReferences { get; }

    /// <summary>Looks an environment variable up: its value, or null when it is not set.</summary>
    public Func<string, string?> Environment { get; }

    /// <summary>
    /// A secret written in plain text is an error, not a warning: for payloads that go into a saved plan, which must hold
    /// references to secrets, never their values.
    /// </summary>
    public bool SecretsAsReferencesOnly { get; }

    /// <summary>
    /// The same options, leaving <c>${env:NAME}</c> references unchecked: for payloads that are not sent from
    /// here (a plan, a payload built to be saved), where the variables may not exist.
    /// </summary>
    public PayloadValidationOptions WithoutSecretReferenceCheck() => new PayloadValidationOptions(false, Environment, SecretsAsReferencesOnly);

    /// <summary>The same options, refusing secrets written in plain text (<see cref="SecretsAsReferencesOnly"/>).</summary>
    public PayloadValidationOptions WithSecretsAsReferencesOnly() => new PayloadValidationOptions(CheckSecretReferences, Environment, secretsAsReferencesOnly: true);

    /// <summary>The same options, looking variables up with <paramref name="environment"/>.</summary>
    public PayloadValidationOptions WithEnvironment(Func<string, string?> environment) =>
        new PayloadValidationOptions(CheckSecretReferences, environment ?? throw new ArgumentNullException(nameof(environment)), SecretsAsReferencesOnly);

    /// <summary>The same options, looking each environment variable up once (a long file refers to the same ones).</summary>
    public PayloadValidationOptions WithEnvironmentCached()
    {
        // Lazy: validation runs on several threads, and a variable is still looked up only once.
        var values = new ConcurrentDictionary<string, Lazy<string?>>(StringComparer.Ordinal);
        Func<string, string?> environment = Environment;
        return WithEnvironment(name => values.GetOrAdd(name, key => new Lazy<string?>(() => environment(key))).Value);
    }
}
