using System;
using System.Collections.Generic;

namespace ImmutaIntegrations.Core.Payloads.Types;

/// <summary>The JSON kinds a config value may have.</summary>
public enum PayloadValueKind
{
    String,
    Integer,
    Boolean,
    Object,
    Array,

    /// <summary>A string or an object (Snowflake's privateKey: the PEM text, or a key-file object).</summary>
    StringOrObject,
}

/// <summary>Which part of a PSCredential fills a field (New-ImmutaIntegrationPayload -Credential).</summary>
public enum CredentialPart
{
    None,
    UserName,
    Password,
}

/// <summary>One config field of an integration type: a row of docs/api-contract.md §3, as data.</summary>
public sealed class PayloadField
{
    public PayloadField(string path, PayloadValueKind kind, string description)
    {
        Path = path;
        Kind = kind;
        Description = description;
    }

    /// <summary>The dotted path inside <c>config</c>, e.g. <c>oAuthClientConfig.clientId</c>.</summary>
    public string Path { get; }

    /// <summary>The last segment of <see cref="Path"/>.</summary>
    public string Name => Path.Substring(Path.LastIndexOf('.') + 1);

    /// <summary>The path of the block this field sits in, or null at the top of <c>config</c>.</summary>
    public string? Parent => Path.IndexOf('.') < 0 ? null : Path.Substring(0, Path.LastIndexOf('.'));

    public PayloadValueKind Kind { get; }

    public string Description { get; }

    /// <summary>Required (where it applies: its authentication type, and its block when the block is present).</summary>
    public bool Required { get; set; }

    /// <summary>Required only when <c>autoBootstrap</c> is true.</summary>
    public bool RequiredWhenAutomatic { get; set; }

    /// <summary>Never shown, logged or exported: <c>&lt;REDACTED&gt;</c> everywhere but on the wire.</summary>
    public bool Secret { get; set; }

    /// <summary>Cannot change once the integration is configured (a PUT that changes it is refused).</summary>
    public bool Immutable { get; set; }

    /// <summary>The value the API fills in when the field is left out.</summary>
    public object? Default { get; set; }

    /// <summary>The only values allowed, when there is such a list.</summary>
    public IReadOnlyList<string>? Allowed { get; set; }

    /// <summary>A prefix the value must start with (BigQuery's datasetSuffix starts with '_').</summary>
    public string? Prefix { get; set; }

    public long? Minimum { get; set; }

    public long? Maximum { get; set; }

    /// <summary>The authentication types the field belongs to; null when it belongs to all.</summary>
    public IReadOnlyList<string>? AuthenticationTypes { get; set; }

    /// <summary>What of a PSCredential fills this field, for its authentication types.</summary>
    public CredentialPart Credential { get; set; }

    /// <summary>Whether a value is of the field's kind (an int, as a PowerShell hashtable holds numbers, counts as an integer).</summary>
    public bool TakesKindOf(object value)
    {
        switch (Kind)
        {
            case PayloadValueKind.String: return value is string || value is System.Security.SecureString;
            case PayloadValueKind.Integer: return value is long || value is int;
            case PayloadValueKind.Boolean: return value is bool;
            case PayloadValueKind.Object: return value is System.Collections.Specialized.OrderedDictionary;
            case PayloadValueKind.Array: return value is object?[];
            default: return value is string || value is System.Security.SecureString || value is System.Collections.Specialized.OrderedDictionary;
        }
    }

    public bool AppliesTo(string? authenticationType) =>
        AuthenticationTypes is null || (authenticationType != null && Contains(AuthenticationTypes, authenticationType));

    private static bool Contains(IReadOnlyList<string> list, string value)
    {
        foreach (string item in list)
        {
            if (string.Equals(item, value, StringComparison.Ordinal)) return true;
        }
        return false;
    }
}
