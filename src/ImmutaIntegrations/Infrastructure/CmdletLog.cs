using ImmutaIntegrations.Core;

namespace ImmutaIntegrations.Infrastructure;

/// <summary>The engine's log, written to a cmdlet's verbose, debug and warning streams.</summary>
internal sealed class CmdletLog : IImmutaLog
{
    private readonly ImmutaCmdlet _cmdlet;

    public CmdletLog(ImmutaCmdlet cmdlet) => _cmdlet = cmdlet;

    public void Verbose(string message) => _cmdlet.PostVerbose(message);

    public void Debug(string message) => _cmdlet.PostDebug(message);

    public void Warning(string message) => _cmdlet.PostWarning(message);
}
