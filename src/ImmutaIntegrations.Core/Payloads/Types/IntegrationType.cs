using System;
using System.Collections.Generic;
using System.Linq;

namespace ImmutaIntegrations.Core.Payloads.Types;

/// <summary>
/// Everything the module knows about one integration type, as data: its fields (docs/api-contract.md §3), which are secret,
/// required or immutable, its authentication types, what identifies it, its scripts. Validation, redaction,
/// completion and the JSON Schemas are all derived from it.
/// </summary>
public sealed class IntegrationType
{
    public IntegrationType(string name, string displayName, IEnumerable<PayloadField> fields)
    {
        Name = name;
        DisplayName = displayName;
        Fields = fields.ToArray();
        _fieldsByPath = new Dictionary<string, PayloadField>(StringComparer.OrdinalIgnoreCase);
        foreach (PayloadField field in Fields)
        {
            // Fields that apply to different authentication types may share a path: the first is the one found.
            if (!_fieldsByPath.ContainsKey(field.Path)) _fieldsByPath.Add(field.Path, field);
        }
        FieldPaths = new HashSet<string>(_fieldsByPath.Keys, StringComparer.OrdinalIgnoreCase);
    }

    private readonly Dictionary<string, PayloadField> _fieldsByPath;

    /// <summary>The API's name, e.g. <c>Azure Synapse Analytics</c>.</summary>
    public string Name { get; }

    /// <summary>The product's name, e.g. <c>Databricks Unity Catalog</c>.</summary>
    public string DisplayName { get; }

    /// <summary>Other names users type: matched case-insensitively, like <see cref="Name"/>.</summary>
    public IReadOnlyList<string> Aliases { get; set; } = Array.Empty<string>();

    /// <summary>File-name-friendly name, for schemas and exported files (<c>synapse</c>).</summary>
    public string Slug { get; set; } = string.Empty;

    /// <summary>
    /// False for a type Immuta has and this module does not know yet (<see cref="IntegrationTypes.ResolveOrUnknown"/>):
    /// its payloads and integrations are carried as plain data, unchecked, secrets recognised by their names only.
    /// </summary>
    public bool IsKnown { get; set; } = true;

    /// <summary>False for Trino, whose payload is just <c>{"type": "Trino"}</c>.</summary>
    public bool HasConfig { get; set; } = true;

    /// <summary>False for Native S3 and Google BigQuery, which are always set up manually.</summary>
    public bool AllowsAutoBootstrap { get; set; } = true;

    public IReadOnlyList<PayloadField> Fields { get; }

    /// <summary>The values <c>authenticationType</c> takes, in the contract's order; empty when the type has none.</summary>
    public IReadOnlyList<string> AuthenticationTypes =>
        Fields.FirstOrDefault(f => f.Path == "authenticationType")?.Allowed ?? Array.Empty<string>();

    /// <summary>Sets of fields that identify the target (host, workspace, ...); any one set matching means the same target.</summary>
    public IReadOnlyList<IReadOnlyList<string>> IdentityKeys { get; set; } = Array.Empty<IReadOnlyList<string>>();

    /// <summary>
    /// The fields that tell which integration a payload file describes, when files are compared with what
    /// Immuta has (Compare- and Sync-ImmutaIntegration): the first identity set unless set. Empty for a type
    /// that has one integration at most (Trino).
    /// </summary>
    public IReadOnlyList<string> PlanKey
    {
        get => _planKey ?? (IdentityKeys.Count == 0 ? Array.Empty<string>() : IdentityKeys[0]);
        set => _planKey = value;
    }

    private IReadOnlyList<string>? _planKey;

    /// <summary>The setup scripts the type has (docs/api-contract.md §2's table), in the order a manual setup uses them.</summary>
    public IReadOnlyList<IntegrationScriptKind> Scripts { get; set; } = Array.Empty<IntegrationScriptKind>();

    public bool HasScript(IntegrationScriptKind kind) => Scripts.Contains(kind);

    /// <summary>An automatically configured integration of this type needs privileged credentials to be deleted.</summary>
    public bool DeleteNeedsCredentialsWhenAutomatic { get; set; }

    /// <summary>
    /// Config values Immuta shows that no payload carries (Trino's API key and the cluster's configuration snippet): an
    /// answer holding them is as expected.
    /// </summary>
    public IReadOnlyList<string> ResponseFields { get; set; } = Array.Empty<string>();

    /// <summary>Config values the API returns that are secrets of their own (Trino's API key).</summary>
    public IReadOnlyList<string> ResponseSecrets { get; set; } = Array.Empty<string>();

    public IEnumerable<PayloadField> Secrets => Fields.Where(f => f.Secret);

    public IEnumerable<PayloadField> ImmutableFields => Fields.Where(f => f.Immutable);

    /// <summary>The field at a dotted path, or null when the type has none there.</summary>
    public PayloadField? FindField(string path) => _fieldsByPath.TryGetValue(path, out PayloadField field) ? field : null;

    /// <summary>The paths of the type's fields (<c>host</c>, <c>connectionConfig.port</c>), matched ignoring case.</summary>
    public IReadOnlyCollection<string> FieldPaths { get; }

    /// <summary>Whether the type has a field at a path, ignoring case.</summary>
    public bool HasField(string path) => _fieldsByPath.ContainsKey(path);

    public bool IsSecret(string path) => Secrets.Any(f => string.Equals(f.Path, path, StringComparison.OrdinalIgnoreCase))
        || ResponseSecrets.Any(p => string.Equals(p, path, StringComparison.OrdinalIgnoreCase));

    public override string ToString() => Name;
}
