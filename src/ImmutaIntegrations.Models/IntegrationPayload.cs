using System;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.Security;

namespace ImmutaIntegrations;

/// <summary>
/// A create or update payload (<c>{type, autoBootstrap, config}</c>), as New-ImmutaIntegrationPayload builds
/// it. <see cref="Config"/> is the display form: every secret of the type shows as <c>&lt;REDACTED&gt;</c>,
/// while the secret itself is kept apart, encrypted, until the payload is sent. Set a config value to
/// change it; set a secret to a new value (or a <c>${env:NAME}</c> reference) to replace it.
/// </summary>
public sealed class IntegrationPayload
{
    /// <summary>
    /// The text shown in place of a secret, in <see cref="Config"/> and in what Immuta returns. Left in place in a payload
    /// object, it stands for the secret the object keeps. Anywhere else (a file, a hashtable, an integration read from Immuta)
    /// a secret holding it is refused: give the secret or a <c>${env:NAME}</c> reference.
    /// </summary>
    public const string Redacted = "<REDACTED>";

    /// <summary>The API's type name, e.g. <c>Native S3</c>.</summary>
    public string Type { get; set; } = string.Empty;

    /// <summary>Whether Immuta configures the platform itself; null for Trino.</summary>
    public bool? AutoBootstrap { get; set; }

    /// <summary>
    /// The configuration to send, in the API's field names (case-insensitive, in order; nested blocks are dictionaries of
    /// the same kind, lists are arrays). Secrets show as <see cref="Redacted"/>, <c>${env:NAME}</c> references as written.
    /// Empty for Starburst (Trino), whose payload is only its type.
    /// </summary>
    public OrderedDictionary Config { get; set; } = ConfigDictionary.Create();

    /// <summary>Where the payload came from: a file (and its position in a list), or how it was built.</summary>
    public string Source { get; set; } = string.Empty;

    /// <summary>The secrets behind the <c>&lt;REDACTED&gt;</c> values of <see cref="Config"/>, by dotted path.</summary>
    internal Dictionary<string, SecureString> Secrets { get; } = new Dictionary<string, SecureString>(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The paths of <see cref="Secrets"/> whose value is not a string (a number, true or false, a list under a
    /// name that says secret): kept as JSON text, so they are sent back with their kind.
    /// </summary>
    internal HashSet<string> JsonSecrets { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>The type and, when known, the source, e.g. <c>Snowflake payload (New-ImmutaIntegrationPayload)</c>; never the configuration.</summary>
    public override string ToString() => string.IsNullOrEmpty(Source) ? $"{Type} payload" : $"{Type} payload ({Source})";
}
