using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using ImmutaIntegrations.Core.Probing;

namespace ImmutaIntegrations.Commands;

/// <summary>
/// Test-ImmutaConnection: asks the tenant only what changes nothing, and says how each answer compares with what the
/// module expects: Match, Tolerated (read all the same), Unexpected (please report it) or Skipped (it would need a
/// secret Immuta never shows). Its output holds no secret and no config value: it is made to be pasted into a report.
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "ImmutaConnection")]
[OutputType(typeof(TenantCheck))]
[OutputType(typeof(bool))]
public sealed class TestImmutaConnectionCommand : ConnectedCmdlet
{
    /// <summary>Return only True when no answer was Unexpected, else False.</summary>
    [Parameter]
    public SwitchParameter Quiet { get; set; }

    protected override void ProcessRecord()
    {
        ImmutaConnection connection = ResolveConnection();
        var probe = new TenantProbe(Connections.ClientFor(connection), new OutputLog(Output));
        const string activity = "Checking how the tenant answers";
        IReadOnlyList<TenantCheck> checks = new TenantCheck[0];
        Run(async cancellation =>
        {
            checks = await probe.RunAsync(step => Output.Progress(new ProgressRecord(3, activity, step)), cancellation).ConfigureAwait(false);
            Output.Progress(new ProgressRecord(3, activity, "Done") { RecordType = ProgressRecordType.Completed });
        });
        if (Quiet)
        {
            WriteObject(checks.All(check => check.Verdict != TenantCheckVerdict.Unexpected));
            return;
        }
        foreach (TenantCheck check in checks) WriteObject(check);
    }
}
