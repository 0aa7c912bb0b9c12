namespace ImmutaIntegrations;

/// <summary>How a tenant's answer compares with what the module expects.</summary>
public enum TenantCheckVerdict
{
    /// <summary>As the reference (docs/api-contract.md) and the emulator answer.</summary>
    Match,

    /// <summary>Otherwise than expected, in a way the module reads all the same (a number for an id, an unknown status, ...).</summary>
    Tolerated,

    /// <summary>In a way the module cannot read, or an answer it did not expect at all: please report it.</summary>
    Unexpected,

    /// <summary>Not checked, and why is in <see cref="TenantCheck.Observed"/> (a request that would need a secret Immuta never shows).</summary>
    Skipped,
}

/// <summary>
/// One check of Test-ImmutaConnection: a route of the tenant, what the module expected of its answer, what came, and
/// the verdict. Made to be pasted into a report: it never holds a secret, a config value or a key.
/// </summary>
public sealed class TenantCheck
{
    /// <summary>The request, as a route: <c>GET /integrations/{id}</c>.</summary>
    public string Route { get; set; } = string.Empty;

    /// <summary>What was looked at: <c>content type</c>, <c>ids</c>, <c>statuses</c>, <c>script</c>, ...</summary>
    public string Check { get; set; } = string.Empty;

    /// <summary>What the module expects there.</summary>
    public string Expected { get; set; } = string.Empty;

    /// <summary>What the tenant answered (shapes, names and counts, never values), or why the check was skipped.</summary>
    public string Observed { get; set; } = string.Empty;

    /// <summary>Match, Tolerated, Unexpected or Skipped.</summary>
    public TenantCheckVerdict Verdict { get; set; }

    /// <summary>The verdict, route and check, then what was observed: <c>Tolerated GET /integrations ids: numbers (3 of 3)</c>.</summary>
    public override string ToString() => $"{Verdict} {Route} {Check}: {Observed}";
}
