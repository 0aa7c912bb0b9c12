using System;
using System.Management.Automation;
using ImmutaIntegrations.Core.Changes;
using ImmutaIntegrations.Core.Payloads.Types;
using ImmutaIntegrations.Core.Plans;

namespace ImmutaIntegrations.Commands;

/// <summary>
/// Remove-ImmutaIntegration: deletes (disables) integrations. The privileged credentials go in the request
/// only when the integration needs them (automatically configured Synapse, Redshift and Snowflake);
/// -ForceDisable removes it from Immuta only; -ManualCleanup runs the delete script on the platform first, and removes
/// the integration from Immuta only once the script has run.
/// </summary>
[Cmdlet(VerbsCommon.Remove, "ImmutaIntegration", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(ValidationResults))]
[OutputType(typeof(ScriptStatementResult))]
public sealed class RemoveImmutaIntegrationCommand : DryRunOrWaitCmdlet
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

    /// <summary>
    /// For a manual setup: run its delete script on the platform (through -DbConnection or -Executor), then delete it in
    /// Immuta; a failed statement leaves it in Immuta. A Databricks integration has no delete script and needs no executor.
    /// </summary>
    [Parameter]
    public SwitchParameter ManualCleanup { get; set; }

    /// <summary>A piped Integration, to describe what is removed before anything is sent.</summary>
    [Parameter(ValueFromPipeline = true, DontShow = true)]
    public object? InputObject { get; set; }

    protected override void ProcessRecord()
    {
        ImmutaConnection connection = ResolveConnection();
        var piped = (InputObject is PSObject wrapped ? wrapped.BaseObject : InputObject) as Integration;
        string action = DryRun ? "Validate (dry run) the removal"
            : ForceDisable ? "Force-disable (remove from Immuta only; the platform objects stay)"
            : ManualCleanup ? "Run its delete script on the platform (where it has one), then remove it"
            : "Remove";
        IntegrationChanges changes = Connections.Changes(connection, Output);
        ChangeOptions options = ChangeSettings.From(this, runScripts: ManualCleanup);
        options.ForceDisable = ForceDisable;
        options.CanForceDisable = true;
        options.Credentials = ChangeSettings.Credentials(Credential, Role);
        foreach (string id in Id)
        {
            string target = piped != null && piped.Id == id ? $"{piped.Type} integration {id} ({Describe(piped)})" : $"integration {id}";
            SingleChange.Make(this, connection, target, action, id, cancellation => changes.DeleteAsync(id, options, cancellation), writeScripts: true);
        }
    }

    // What a piped integration is about, for the confirmation: its target, or its status for a type the module does not know.
    private static string Describe(Integration integration)
    {
        IntegrationType? type = IntegrationTypes.Resolve(integration.Type);
        return type is null ? integration.Status : IntegrationTargets.Describe(type, integration.Config);
    }
}
