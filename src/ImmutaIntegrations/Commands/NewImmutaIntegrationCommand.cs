using System;
using System.Collections.Generic;
using System.Management.Automation;
using ImmutaIntegrations.Core.Changes;
using ImmutaIntegrations.Core.Payloads;
using ImmutaIntegrations.Core.Plans;

namespace ImmutaIntegrations.Commands;

/// <summary>
/// New-ImmutaIntegration: creates integrations from payload files or objects. -DryRun only validates on the server;
/// -Wait waits for enabled (a createError is an error with the failed tests); -ManualSetup runs the type's setup
/// scripts on the platform first, and the cleanup scripts when creation fails.
/// </summary>
[Cmdlet(VerbsCommon.New, "ImmutaIntegration", DefaultParameterSetName = PathSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(Integration))]
[OutputType(typeof(ValidationResults))]
public sealed class NewImmutaIntegrationCommand : DryRunOrWaitCmdlet
{
    public const string PathSet = "Path";
    public const string PayloadSet = "Payload";

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = new string[0];

    /// <summary>A payload: New-ImmutaIntegrationPayload output, a hashtable or PSCustomObject, or a file.</summary>
    [Parameter(Mandatory = true, ParameterSetName = PayloadSet, ValueFromPipeline = true)]
    [Alias("InputObject")]
    [ValidateNotNull]
    public object? Payload { get; set; }

    /// <summary>
    /// Run the manual setup (autoBootstrap false): the type's setup scripts through -DbConnection or -Executor, then
    /// create the integration and wait for it; on a failed creation, run the cleanup scripts.
    /// </summary>
    [Parameter]
    public SwitchParameter ManualSetup { get; set; }

    private int _inputCount;

    protected override void ProcessRecord()
    {
        ImmutaConnection connection = ResolveConnection();
        IntegrationChanges changes = Connections.Changes(connection, Output);
        ChangeOptions options = ChangeSettings.From(this, runScripts: ManualSetup);
        string origin = $"input object {++_inputCount}";
        IReadOnlyList<PayloadDocument>? documents = TryItem(() => PayloadInput.Read(this, ParameterSetName == PathSet ? Path : null, Payload, origin),
            Payload ?? Path);
        if (documents is null) return;
        foreach (PayloadDocument document in documents)
        {
            PreparedPayload? payload = TryItem(() =>
            {
                PreparedPayload prepared = PayloadInput.Prepared(this, document);
                if (ManualSetup)
                {
                    ChangeRules.CheckManualSetup(prepared);
                    ScriptExecutors.Require(this, DbConnection, Executor, StatementTimeout);
                }
                return prepared;
            }, document.Origin);
            if (payload is null) continue;
            string target = IntegrationTargets.Phrase(payload.Type, payload.Config);
            string action = (DryRun ? "Validate (dry run) the creation of" : ManualSetup ? "Create, running its setup scripts first," : "Create")
                + $" from {payload.Origin}: {payload.ToDisplayJson()}";
            SingleChange.Make(this, connection, target, action, payload.Origin, cancellation => changes.CreateAsync(payload, options, cancellation));
        }
    }
}
