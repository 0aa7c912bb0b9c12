using ImmutaIntegrations.Core;

namespace ImmutaIntegrations.Host;

/// <summary>The engine's log, written to a cmdlet's verbose, debug and warning streams.</summary>
internal sealed class OutputLog : IImmutaLog
{
    private readonly PipelineOutput _output;

    public OutputLog(PipelineOutput output) => _output = output;

    public void Verbose(string message) => _output.Verbose(message);

    public void Debug(string message) => _output.Debug(message);

    public void Warning(string message) => _output.Warning(message);
}
