using System.Management.Automation;

namespace ImmutaIntegrations.Commands.Base;

/// <summary>The base of the cmdlets that make one change per input (New, Set, Remove): -DryRun and -Wait.</summary>
public abstract class DryRunOrWaitCmdlet : ChangingCmdlet
{
    /// <summary>Ask Immuta to validate the change (dryRun=true) without making it.</summary>
    [Parameter]
    public SwitchParameter DryRun { get; set; }

    /// <summary>Wait until the integration settles; an error status is reported with its failed tests.</summary>
    [Parameter]
    public SwitchParameter Wait { get; set; }
}
