using System.Management.Automation;

namespace ImmutaIntegrations.Host;

/// <summary>One cmdlet's progress: a progress bar, or where no one watches one (a pipeline job's log), plain lines now and then.</summary>
internal sealed class ProgressDisplay
{
    private readonly PSCmdlet _cmdlet;
    private ProgressLines? _lines;

    public ProgressDisplay(PSCmdlet cmdlet) => _cmdlet = cmdlet;

    public void Show(ProgressRecord record)
    {
        if (!Interactivity.IsNonInteractive(_cmdlet.Host))
        {
            _cmdlet.WriteProgress(record);
            return;
        }
        string? line = (_lines ??= new ProgressLines()).LineFor(record);
        if (line != null) _cmdlet.WriteInformation(new HostInformationMessage { Message = line }, new[] { "PSHOST" });
    }
}
