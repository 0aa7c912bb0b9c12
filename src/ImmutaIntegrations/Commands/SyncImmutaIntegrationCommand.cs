using System.Management.Automation;
using ImmutaIntegrations.Flows;
using ImmutaIntegrations.Infrastructure;

namespace ImmutaIntegrations.Commands;

/// <summary>
/// Sync-ImmutaIntegration: makes Immuta's integrations what payload files say. Every file is read and validated
/// first, and nothing changes if any is invalid; then the plan (Compare-ImmutaIntegration) is applied in a safe
/// order: updates, replacements, creations, then deletions (-Prune), waiting for each to settle. A failed item
/// is an error and the rest go on; the output says what was done to each. Running it again changes nothing.
/// </summary>
[Cmdlet(VerbsData.Sync, "ImmutaIntegration", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(IntegrationSyncResult))]
public sealed class SyncImmutaIntegrationCommand : ImmutaApplyCmdlet
{
    /// <summary>Payload files, or folders whose *.yaml, *.yml and *.json files are read (wildcards allowed).</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = new string[0];

    /// <summary>Delete the integrations that are in none of the files.</summary>
    [Parameter]
    public SwitchParameter Prune { get; set; }

    /// <summary>
    /// Apply Replace items: an integration whose file changes a field fixed at creation (a database, a catalog) is
    /// deleted and created again. Without it such items fail and everything else goes on.
    /// </summary>
    [Parameter]
    public SwitchParameter AllowReplace { get; set; }

    /// <summary>
    /// The privileged account Immuta needs to delete an automatically configured Snowflake, Redshift or Synapse
    /// integration: one that -Prune removes, or that a Replace deletes before creating it again.
    /// </summary>
    [Parameter]
    public PSCredential? Credential { get; set; }

    /// <summary>The role to use with -Credential (Snowflake); by default the integration's own.</summary>
    [Parameter]
    public string? Role { get; set; }

    protected override void EndProcessing() => SyncFlow.Sync(this);
}
