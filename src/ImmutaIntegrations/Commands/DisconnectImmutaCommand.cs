using System.Management.Automation;

namespace ImmutaIntegrations.Commands;

/// <summary>Disconnect-Immuta: forgets a connection (the current one by default) and closes its HTTP client.</summary>
[Cmdlet(VerbsCommunications.Disconnect, "Immuta")]
[OutputType(typeof(void))]
public sealed class DisconnectImmutaCommand : AsyncCmdlet
{
    [Parameter(Position = 0, ValueFromPipeline = true)]
    public ImmutaConnection? Connection { get; set; }

    protected override void ProcessRecord()
    {
        ImmutaConnection? forgotten = Connections.Forget(Connection);
        WriteVerbose(forgotten is null ? "There was no current connection." : $"Disconnected from {forgotten.Url}.");
    }
}
