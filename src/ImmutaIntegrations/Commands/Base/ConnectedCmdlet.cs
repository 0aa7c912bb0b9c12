using System.Management.Automation;

namespace ImmutaIntegrations.Commands.Base;

/// <summary>The base of the cmdlets that call a tenant: the -Connection parameter and its fallbacks.</summary>
public abstract class ConnectedCmdlet : AsyncCmdlet
{
    /// <summary>
    /// How many requests a command with many ids sends at a time, unless -ThrottleLimit says otherwise: with 20 ms of
    /// latency, 16 at a time is about 15 times faster than one at a time, and more adds little (docs/performance.md);
    /// the client keeps up to 32 connections to a tenant.
    /// </summary>
    public const int DefaultThrottleLimit = 16;

    /// <summary>
    /// The tenant to use; by default the one from Connect-Immuta, else IMMUTA_URL and IMMUTA_API_KEY. Binds from piped
    /// objects, so integrations read from one tenant go back to that tenant.
    /// </summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public ImmutaConnection? Connection { get; set; }

    /// <summary>The connection this call uses; a terminating error when there is none.</summary>
    internal ImmutaConnection ResolveConnection()
    {
        ImmutaConnection? connection = null;
        try
        {
            connection = Current();
        }
        catch (ImmutaRefusedException e)
        {
            ThrowTerminatingError(ErrorRecords.From(e, null));
        }
        if (connection is null) ThrowTerminatingError(ErrorRecords.NotConnected());
        return connection!;
    }

    /// <summary>
    /// The connection this call would use, or null when there is none or it is refused: for a request that may start
    /// before the command says so (<see cref="ResolveConnection"/> says it, later).
    /// </summary>
    internal ImmutaConnection? FindConnection()
    {
        try
        {
            return Current();
        }
        catch (ImmutaRefusedException)
        {
            return null;
        }
    }

    private ImmutaConnection? Current() => Connection ?? Connections.Current ?? Connections.FromEnvironment(Output);
}
