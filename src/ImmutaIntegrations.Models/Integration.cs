using System.Collections.Specialized;
using System.Security;

namespace ImmutaIntegrations;

/// <summary>An integration as Immuta reports it (GET /integrations/{id}).</summary>
public sealed class Integration
{
    /// <summary>The integration's id. The API sends it as a string or a number; it is always a string here.</summary>
    public string Id { get; set; } = string.Empty;

    /// <summary>The API's type name, e.g. <c>Snowflake</c> or <c>Azure Synapse Analytics</c>.</summary>
    public string Type { get; set; } = string.Empty;

    /// <summary>The lifecycle status, e.g. <c>creating</c>, <c>enabled</c>, <c>createError</c>.</summary>
    public string Status { get; set; } = string.Empty;

    /// <summary>Whether Immuta configured the platform itself; absent (null) for Trino.</summary>
    public bool? AutoBootstrap { get; set; }

    /// <summary>
    /// The configuration with defaults filled in and secrets shown as <c>&lt;REDACTED&gt;</c>.
    /// Keys are case-insensitive, nested objects are dictionaries of the same kind, lists are arrays.
    /// </summary>
    public OrderedDictionary Config { get; set; } = ConfigDictionary.Create();

    /// <summary>The validation tests of the last create, edit or delete.</summary>
    public ValidationResults? ValidationResults { get; set; }

    /// <summary>
    /// Starburst (Trino) only: the Immuta API key the cluster uses, which GET returns. Kept encrypted here;
    /// <see cref="Config"/> shows it as <c>&lt;REDACTED&gt;</c>.
    /// </summary>
    public SecureString? ApiKey { get; set; }

    /// <summary>The connection this integration was read through, so piped commands use the same tenant.</summary>
    public ImmutaConnection? Connection { get; set; }

    /// <summary>Type, id and status, e.g. <c>Snowflake integration 5 (enabled)</c>; never the configuration.</summary>
    public override string ToString() => $"{Type} integration {Id} ({Status})";
}
