using System.Collections.Generic;
using System.Management.Automation;
using ImmutaIntegrations.Core.Payloads;

namespace ImmutaIntegrations.Commands;

/// <summary>
/// Compare-ImmutaIntegration: the plan for making Immuta's integrations what payload files say, without changing
/// anything. One item per integration: Create, Update (with the changed fields, old and new), Replace (a field fixed
/// at creation changed), Delete (with -Prune, for integrations in no file) or NoChange.
/// </summary>
[Cmdlet(VerbsData.Compare, "ImmutaIntegration")]
[OutputType(typeof(IntegrationPlanItem))]
public sealed class CompareImmutaIntegrationCommand : ConnectedCmdlet
{
    /// <summary>Payload files, or folders whose *.yaml, *.yml and *.json files are read (wildcards allowed).</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = new string[0];

    /// <summary>Plan to delete the integrations that are in none of the files.</summary>
    [Parameter]
    public SwitchParameter Prune { get; set; }

    protected override void EndProcessing()
    {
        // A plan sends nothing: the secrets the files refer to need not be set (a pull request's build rarely has them).
        PayloadValidationOptions options = PayloadValidationOptions.Default.WithoutSecretReferenceCheck();
        IReadOnlyList<IntegrationPlanItem> plan = DesiredState.Plan(this, Path, Prune, options, "nothing was compared");
        foreach (IntegrationPlanItem item in plan) WriteObject(item);
        AgentSummaries.Plan(this, plan);
    }
}
