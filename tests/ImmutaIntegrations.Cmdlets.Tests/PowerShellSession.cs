using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace ImmutaIntegrations.Cmdlets.Tests;

/// <summary>A runspace with the module (the cmdlet assembly from this build) imported.</summary>
internal sealed class PowerShellSession : IDisposable
{
    private readonly Runspace _runspace;

    /// <param name="host">A host to see what is written to it directly (what a command tells the user as it stops).</param>
    public PowerShellSession(System.Management.Automation.Host.PSHost? host = null)
    {
        var state = InitialSessionState.CreateDefault2();
        state.ImportPSModule(typeof(ImmutaIntegrations.Commands.GetImmutaIntegrationCommand).Assembly.Location);
        _runspace = host is null ? RunspaceFactory.CreateRunspace(state) : RunspaceFactory.CreateRunspace(host, state);
        _runspace.Open();
    }

    /// <summary>A session connected (as the current connection) to an emulator with its API key.</summary>
    public static PowerShellSession ConnectedTo(ImmutaIntegrations.Tests.TestEmulator emulator, System.Management.Automation.Host.PSHost? host = null)
    {
        var session = new PowerShellSession(host);
        var connect = session.Run("Connect-Immuta -Url $url -ApiKey (ConvertTo-SecureString $key -AsPlainText -Force)",
            new Dictionary<string, object?> { ["url"] = emulator.BaseUrl.ToString(), ["key"] = ImmutaIntegrations.Tests.TestEmulator.ApiKey });
        Assert.Null(connect.Terminating);
        return session;
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
        return new Result([.. output.Select(o => o?.BaseObject)], [.. shell.Streams.Error], terminating, [.. shell.Streams.Verbose.Select(v => v.Message)],
            [.. shell.Streams.Warning.Select(w => w.Message)]);
    }

    /// <summary>
    /// Starts a script, waits until <paramref name="started"/> says it is in the work to stop (a request the server
    /// holds, a wait polling, a statement running), then stops it as Ctrl+C does; returns how long the stop took.
    /// Waiting on the condition rather than a fixed time means a busy machine cannot make the stop come too early
    /// (before the work) or the command end first.
    /// </summary>
    /// <param name="output">Where the script's output goes as it is written, for a condition that depends on it.</param>
    public TimeSpan StopWhen(string script, Func<bool> started, IDictionary<string, object?>? variables = null, PSDataCollection<PSObject>? output = null)
    {
        foreach (var (name, value) in variables ?? new Dictionary<string, object?>()) _runspace.SessionStateProxy.SetVariable(name, value);
        using PowerShell shell = PowerShell.Create();
        shell.Runspace = _runspace;
        shell.AddScript(script);
        IAsyncResult running = output is null ? shell.BeginInvoke() : shell.BeginInvoke<PSObject, PSObject>(null, output);
        // Only a backstop for a command that never gets there: the condition, not this, decides when to stop.
        var patience = System.Diagnostics.Stopwatch.StartNew();
        while (!started())
        {
            // (The error stream is read only once the command has ended: while it runs, reading it waits for more.)
            if (running.IsCompleted) Assert.Fail("the command ended before it could be stopped: " + string.Join("; ", shell.Streams.Error.ReadAll()));
            Assert.True(patience.Elapsed < TimeSpan.FromMinutes(2), "the command never reached the work to stop");
            Thread.Sleep(20);
        }
        Assert.False(running.IsCompleted, "the command ended before it could be stopped");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        shell.Stop();
        TimeSpan took = clock.Elapsed;
        Assert.Equal(PSInvocationState.Stopped, shell.InvocationStateInfo.State);
        return took;
    }

    public void Dispose() => _runspace.Dispose();

    public sealed record Result(object?[] Output, ErrorRecord[] Errors, ErrorRecord? Terminating, string[] Verbose, string[] Warnings)
    {
        public T[] Of<T>() => Output.OfType<T>().ToArray();
    }
}
