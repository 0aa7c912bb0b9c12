using System.Linq;
using System.Management.Automation;
using ImmutaIntegrations.Core.Payloads.Types;

namespace ImmutaIntegrations.Input;

/// <summary>
/// A -Type filter: each value a pattern (wildcards, any case) matched against the API's name of a type and the
/// names users type for it (S3, BigQuery, Synapse, Starburst, the file-name slug).
/// </summary>
internal sealed class TypeFilter
{
    private readonly WildcardPattern[] _patterns;

    private TypeFilter(string[] types) => _patterns = types.Select(t => new WildcardPattern(t, WildcardOptions.IgnoreCase)).ToArray();

    /// <summary>The filter for a -Type argument; null (everything matches) when none was given.</summary>
    public static TypeFilter? From(string[]? types) => types is null ? null : new TypeFilter(types);

    public bool Matches(string typeName)
    {
        IntegrationType? type = IntegrationTypes.Resolve(typeName);
        return _patterns.Any(p => p.IsMatch(typeName) || (type != null && (p.IsMatch(type.Slug) || type.Aliases.Any(p.IsMatch))));
    }
}
