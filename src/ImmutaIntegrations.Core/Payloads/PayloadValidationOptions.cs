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
    {
        CheckSecretReferences = checkSecretReferences;
        Environment = environment ?? System.Environment.GetEnvironmentVariable;
    }

    /// <summary>Report <c>${env:NAME}</c> references whose variable is not set.</summary>
    public bool CheckSecretReferences { get; }

    /// <summary>Looks an environment variable up: its value, or null when it is not set.</summary>
    public Func<string, string?> Environment { get; }

    /// <summary>
    /// The same options, leaving <c>${env:NAME}</c> references unchecked: for payloads that are not sent from
    /// here (a plan, a payload built to be saved), where the variables may not exist.
    /// </summary>
    public PayloadValidationOptions WithoutSecretReferenceCheck() => new PayloadValidationOptions(false, Environment);

    /// <summary>The same options, looking variables up with <paramref name="environment"/>.</summary>
    public PayloadValidationOptions WithEnvironment(Func<string, string?> environment) =>
        new PayloadValidationOptions(CheckSecretReferences, environment ?? throw new ArgumentNullException(nameof(environment)));

    /// <summary>The same options, looking each environment variable up once (a long file refers to the same ones).</summary>
    public PayloadValidationOptions WithEnvironmentCached()
    {
        // Lazy: validation runs on several threads, and a variable is still looked up only once.
        var values = new ConcurrentDictionary<string, Lazy<string?>>(StringComparer.Ordinal);
        Func<string, string?> environment = Environment;
        return WithEnvironment(name => values.GetOrAdd(name, key => new Lazy<string?>(() => environment(key))).Value);
    }
}
