using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace ImmutaIntegrations.Cmdlets.Tests;

/// <summary>A runspace with the module (the cmdlet assembly from this build) imported.</summary>
internal sealed class PowerShellSession : IDisposable
{
    private readonly Runspace _runspace;

    public PowerShellSession()
    {
        var state = InitialSessionState.CreateDefault2();
        state.ImportPSModule(typeof(ImmutaIntegrations.Commands.GetImmutaIntegrationCommand).Assembly.Location);
        _runspace = RunspaceFactory.CreateRunspace(state);
        _runspace.Open();
    }

    /// <summary>
    /// Runs a script. A terminating error (statement- or script-terminating) ends it and is returned apart
    /// from the non-terminating errors it wrote before, so tests can tell the two kinds apart.
    /// </summary>
    public Result Run(string script, IDictionary<string, object?>? variables = null)
    {
        using PowerShell shell = PowerShell.Create();
        shell.Runspace = _runspace;
        _runspace.SessionStateProxy.SetVariable("__terminating", null);
        foreach (var (name, value) in variables ?? new Dictionary<string, object?>())
        {
            _runspace.SessionStateProxy.SetVariable(name, value);
        }
        shell.AddScript("try {\n" + script + "\n} catch { $global:__terminating = $_ }");
        Collection<PSObject> output = shell.Invoke();
        var terminating = _runspace.SessionStateProxy.GetVariable("__terminating") as ErrorRecord;
        return new Result([.. output.Select(o => o?.BaseObject)], [.. shell.Streams.Error], terminating, [.. shell.Streams.Verbose.Select(v => v.Message)]);
    }

    public void Dispose() => _runspace.Dispose();

    public sealed record Result(object?[] Output, ErrorRecord[] Errors, ErrorRecord? Terminating, string[] Verbose)
    {
        public T[] Of<T>() => Output.OfType<T>().ToArray();
    }
}
