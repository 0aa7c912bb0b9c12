namespace ImmutaIntegrations;

/// <summary>The status of an integration (GET /integrations/{id}/status).</summary>
public sealed class IntegrationStatus
{
    /// <summary>The integration's id; the API sends a number here, it is a string as on <see cref="Integration"/>.</summary>
    public string Id { get; set; } = string.Empty;

    /// <summary>
    /// The lifecycle status, as on <see cref="Integration.Status"/>: <c>creating</c>, <c>enabled</c>, <c>editing</c>,
    /// <c>deleting</c>, <c>deleted</c>, <c>createError</c>, ...; empty when Immuta sent none.
    /// </summary>
    public string Status { get; set; } = string.Empty;

    /// <summary>The connection the status was read through.</summary>
    public ImmutaConnection? Connection { get; set; }

    /// <summary>Id and status, e.g. <c>5: enabled</c>.</summary>
    public override string ToString() => $"{Id}: {Status}";
}
