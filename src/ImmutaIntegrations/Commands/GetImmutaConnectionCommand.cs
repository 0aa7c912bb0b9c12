using System.Management.Automation;

namespace ImmutaIntegrations.Commands;

/// <summary>
/// Get-ImmutaConnection: the connection commands use when given no -Connection: the current one from
/// Connect-Immuta, else the one from IMMUTA_URL and IMMUTA_API_KEY. Nothing when there is neither.
/// </summary>
[Cmdlet(VerbsCommon.Get, "ImmutaConnection")]
[OutputType(typeof(ImmutaConnection))]
public sealed class GetImmutaConnectionCommand : AsyncCmdlet
{
    protected override void ProcessRecord()
    {
        ImmutaConnection? connection = null;
        try
        {
            connection = Connections.Current ?? Connections.FromEnvironment(Output);
        }
        catch (ImmutaRefusedException e)
        {
            ThrowTerminatingError(ErrorRecords.From(e, null));
        }
        if (connection is null)
        {
            WriteVerbose("Not connected: no Connect-Immuta in this session, and IMMUTA_URL or IMMUTA_API_KEY is not set.");
            return;
        }
        WriteObject(connection);
    }
}
