namespace ImmutaIntegrations.Core.Changes;

/// <summary>The answer to a create, update or delete: the id, the status it moved to, and the validation results.</summary>
public sealed class ChangeResult
{
    /// <summary>Empty for a dry run, which changes nothing.</summary>
    public string Id { get; set; } = string.Empty;

    /// <summary>creating, editing, deleting or disabled; empty for a dry run.</summary>
    public string Status { get; set; } = string.Empty;

    public ValidationResults ValidationResults { get; set; } = new ValidationResults();
}
