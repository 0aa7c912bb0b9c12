using System.IO;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;

namespace ImmutaIntegrations.Host;

/// <summary>
/// The module's views (ImmutaIntegrations.format.ps1xml) and type data (ImmutaIntegrations.types.ps1xml),
/// loaded into a runspace the first time one of its commands runs there, not at import: reading them is most
/// of what importing would otherwise cost (docs/performance.md), and nothing shows before a command runs.
/// </summary>
internal static class FormatLoader
{
    private static readonly ConditionalWeakTable<Runspace, object> Loaded = new ConditionalWeakTable<Runspace, object>();

    private static readonly string Folder = Path.GetDirectoryName(typeof(FormatLoader).Assembly.Location) ?? string.Empty;

    public static void EnsureLoaded(PSCmdlet cmdlet)
    {
        Runspace? runspace = Runspace.DefaultRunspace;
        if (runspace is null || Loaded.TryGetValue(runspace, out _)) return;
        lock (Loaded)
        {
            if (Loaded.TryGetValue(runspace, out _)) return;
            string formats = Path.Combine(Folder, "ImmutaIntegrations.format.ps1xml");
            string types = Path.Combine(Folder, "ImmutaIntegrations.types.ps1xml");
            if (File.Exists(formats) && File.Exists(types))
            {
                cmdlet.InvokeCommand.InvokeScript(false, ScriptBlock.Create(
                    "param($formats, $types) Update-FormatData -PrependPath $formats; Update-TypeData -PrependPath $types -ErrorAction SilentlyContinue"),
                    null, formats, types);
            }
            Loaded.Add(runspace, new object());
        }
    }
}
