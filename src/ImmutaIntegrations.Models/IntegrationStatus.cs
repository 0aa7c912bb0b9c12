namespace ImmutaIntegrations;

/// <summary>The status of an integration (GET /integrations/{id}/status).</summary>
public sealed class IntegrationStatus
{
    /// <summary>The integration's id; the API sends a number here, it is a string as on <see cref="Integration"/>.</summary>
    public string Id { get; set; } = string.Empty;

    public string Status { get; set; } = string.Empty;

    /// <summary>The connection the status was read through.</summary>
    public ImmutaConnection? Connection { get; set; }

    public override string ToString() => $"{Id}: {Status}";
}
