using System;
using System.Management.Automation;
using ImmutaIntegrations.Completers;
using ImmutaIntegrations.Flows;
using ImmutaIntegrations.Infrastructure;

namespace ImmutaIntegrations.Commands;

/// <summary>
/// Remove-ImmutaIntegration: deletes (disables) integrations. The privileged credentials go in the request
/// only when the integration needs them (automatically configured Synapse, Redshift and Snowflake);
/// -ForceDisable removes it from Immuta only; -ManualCleanup runs the delete script after the delete.
/// </summary>
[Cmdlet(VerbsCommon.Remove, "ImmutaIntegration", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(ValidationResults))]
[OutputType(typeof(ScriptStatementResult))]
public sealed class RemoveImmutaIntegrationCommand : ImmutaChangeCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(IntegrationIdCompleter))]
    public string[] Id { get; set; } = new string[0];

    /// <summary>The privileged account Immuta uses to remove what it configured (user name and password).</summary>
    [Parameter]
    [Credential]
    public PSCredential? Credential { get; set; }

    /// <summary>The privileged role to use with -Credential (Snowflake); by default the integration's own role.</summary>
    [Parameter]
    public string? Role { get; set; }

    /// <summary>Remove it from Immuta only: the objects on the platform stay, for you to clean up.</summary>
    [Parameter]
    public SwitchParameter ForceDisable { get; set; }

    /// <summary>For a manual setup: fetch the delete script, delete, then run the script (through -DbConnection or -Executor).</summary>
    [Parameter]
    public SwitchParameter ManualCleanup { get; set; }

    /// <summary>A piped Integration, to describe what is removed before anything is sent.</summary>
    [Parameter(ValueFromPipeline = true, DontShow = true)]
    public object? InputObject { get; set; }

    protected override void ProcessRecord() => RemoveFlow.Process(this);
}
