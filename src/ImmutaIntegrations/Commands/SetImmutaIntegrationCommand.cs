using System;
using System.Management.Automation;
using ImmutaIntegrations.Core;
using ImmutaIntegrations.Core.Changes;
using ImmutaIntegrations.Core.Payloads;
using ImmutaIntegrations.Core.Plans;

namespace ImmutaIntegrations.Commands;

/// <summary>
/// Set-ImmutaIntegration: updates an integration (PUT) from a payload, or from an Integration whose Config
/// was changed. Fields that cannot change after creation are refused before anything is sent.
/// </summary>
[Cmdlet(VerbsCommon.Set, "ImmutaIntegration", DefaultParameterSetName = InputObjectSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(Integration))]
[OutputType(typeof(ValidationResults))]
public sealed class SetImmutaIntegrationCommand : DryRunOrWaitCmdlet
{
    public const string InputObjectSet = "InputObject";
    public const string PathSet = "Path";

    /// <summary>The integration to update; taken from a piped Integration when not given.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipelineByPropertyName = true)]
    [Parameter(ParameterSetName = InputObjectSet, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(IntegrationIdCompleter))]
    public string? Id { get; set; }

    /// <summary>A payload file holding the new payload.</summary>
    [Parameter(Mandatory = true, ParameterSetName = PathSet)]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = new string[0];

    /// <summary>An Integration whose Config was changed, or a payload (New-ImmutaIntegrationPayload, a hashtable).</summary>
    [Parameter(Mandatory = true, ParameterSetName = InputObjectSet, ValueFromPipeline = true)]
    [Alias("Payload")]
    [ValidateNotNull]
    public object? InputObject { get; set; }

    /// <summary>Fills the payload's user and secret fields: secrets read back from Immuta are only &lt;REDACTED&gt;.</summary>
    [Parameter]
    [Credential]
    public PSCredential? Credential { get; set; }

    /// <summary>Run the edit script on the platform (through -DbConnection or -Executor) before the update.</summary>
    [Parameter]
    public SwitchParameter ManualSetup { get; set; }

    protected override void ProcessRecord()
    {
        ImmutaConnection connection = ResolveConnection();
        string? id = Id ?? (InputObject is PSObject { BaseObject: Integration piped } ? piped.Id : (InputObject as Integration)?.Id);
        PreparedPayload? payload = TryItem(() =>
        {
            if (string.IsNullOrEmpty(id)) throw new ArgumentException("Give the integration to update with -Id, or pipe an Integration.");
            PreparedPayload read = PayloadInput.Single(this, ParameterSetName == PathSet ? Path : null, InputObject, $"the payload for integration {id}", Credential);
            ChangeRules.CheckUpdatable(read);
            if (ManualSetup) ScriptExecutors.Require(this, DbConnection, Executor, StatementTimeout);
            return read;
        }, (object?)id ?? InputObject);
        if (payload is null) return;
        string target = $"integration {id} ({IntegrationTargets.Phrase(payload.Type, payload.Config)})";
        string action = (DryRun ? "Validate (dry run) the update of" : ManualSetup ? "Update, running its edit script first," : "Update")
            + $" with: {payload.ToDisplayJson()}";
        IntegrationChanges changes = Connections.Changes(connection, Output);
        ChangeOptions options = ChangeSettings.From(this, runScripts: ManualSetup);
        SingleChange.Make(this, connection, target, action, id, cancellation => changes.UpdateAsync(id!, payload, options, cancellation));
    }
}
