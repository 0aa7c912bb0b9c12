using System;

namespace ImmutaIntegrations;

/// <summary>
/// How one integration is doing (Test-ImmutaIntegrationHealth): well, in an error status, or stuck in a change that
/// has not ended within the time allowed.
/// </summary>
public sealed class IntegrationHealth
{
    /// <summary>The integration's id.</summary>
    public string Id { get; set; } = string.Empty;

    /// <summary>The API's type name, e.g. <c>Snowflake</c>.</summary>
    public string Type { get; set; } = string.Empty;

    /// <summary>What the integration is on, in words: <c>acme.snowflakecomputing.com</c>, <c>sales in US</c>, <c>the Trino integration</c>.</summary>
    public string Target { get; set; } = string.Empty;

    /// <summary>The status it was judged by: where it settled, or the change it is stuck in.</summary>
    public string Status { get; set; } = string.Empty;

    /// <summary>False when the integration is in an error status, stuck in a change, or could not be read.</summary>
    public bool Healthy { get; set; }

    /// <summary>What is wrong, in words: <c>error state</c>, <c>stuck in creating for 00:05:00</c>; null when healthy.</summary>
    public string? Problem { get; set; }

    /// <summary>The validation tests that failed, with Immuta's messages; empty when none did.</summary>
    public ValidationTest[] FailedTests { get; set; } = Array.Empty<ValidationTest>();

    /// <summary>The connection the integration was read through, so piped commands use the same tenant.</summary>
    public ImmutaConnection? Connection { get; set; }

    /// <summary>Type, id, and what is wrong or <c>healthy</c>: <c>Redshift integration 3: error state (createError)</c>.</summary>
    public override string ToString() => $"{Type} integration {Id}: {(Healthy ? "healthy" : Problem)} ({Status})";
}
