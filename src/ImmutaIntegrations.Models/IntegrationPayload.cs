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
    public const string Redacted = "<REDACTED>";

    /// <summary>The API's type name, e.g. <c>Native S3</c>.</summary>
    public string Type { get; set; } = string.Empty;

    /// <summary>Whether Immuta configures the platform itself; null for Trino.</summary>
    public bool? AutoBootstrap { get; set; }

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

    public override string ToString() => string.IsNullOrEmpty(Source) ? $"{Type} payload" : $"{Type} payload ({Source})";
}
