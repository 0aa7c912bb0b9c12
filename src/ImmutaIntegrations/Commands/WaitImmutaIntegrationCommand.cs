using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using ImmutaIntegrations.Core.Changes;

namespace ImmutaIntegrations.Commands;

/// <summary>
/// Wait-ImmutaIntegration: waits, for all the integrations at once, until each settles (enabled, disabled,
/// deleted, or an error status), with one progress display. An error status is a non-terminating error
/// with the failed tests. Returns the final integrations in the order given.
/// </summary>
[Cmdlet(VerbsLifecycle.Wait, "ImmutaIntegration")]
[OutputType(typeof(Integration))]
public sealed class WaitImmutaIntegrationCommand : ConnectedCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(IntegrationIdCompleter))]
    public string[] Id { get; set; } = new string[0];

    /// <summary>How long to wait in all (seconds, or a time span); default 10 minutes.</summary>
    [Parameter]
    [Seconds]
    public TimeSpan Timeout { get; set; } = IntegrationWaiter.DefaultTimeout;

    /// <summary>How often to ask each integration's status (seconds, or a time span); default 2 seconds.</summary>
    [Parameter]
    [Seconds]
    public TimeSpan PollInterval { get; set; } = IntegrationWaiter.DefaultPollInterval;

    /// <summary>How many integrations are polled at the same time.</summary>
    [Parameter]
    [ValidateRange(1, 256)]
    public int ThrottleLimit { get; set; } = DefaultThrottleLimit;

    private readonly List<(string Id, ImmutaConnection Connection)> _waiting = new List<(string, ImmutaConnection)>();

    protected override void ProcessRecord()
    {
        ImmutaConnection connection = ResolveConnection();
        foreach (string id in Id) _waiting.Add((id, connection));
    }

    protected override void EndProcessing()
    {
        if (_waiting.Count == 0) return;
        var outcomes = new WaitOutcome?[_waiting.Count];
        var progress = new ProgressReporter(Output, "Waiting for integrations to settle");
        Run(async cancellation =>
        {
            // One wait per tenant; usually there is only one.
            var waits = _waiting.Select((item, index) => (item.Id, item.Connection, Index: index))
                .GroupBy(item => item.Connection)
                .Select(async group =>
                {
                    var items = group.ToArray();
                    IReadOnlyList<WaitOutcome> results = await IntegrationWaiter.WaitAsync(Connections.Api(group.Key, Output),
                        items.Select(i => i.Id).ToArray(), Timeout, PollInterval, ThrottleLimit, progress.Waiting, cancellation).ConfigureAwait(false);
                    for (int i = 0; i < items.Length; i++) outcomes[items[i].Index] = results[i];
                });
            await System.Threading.Tasks.Task.WhenAll(waits).ConfigureAwait(false);
            progress.WaitEnded();
        });
        for (int i = 0; i < outcomes.Length; i++)
        {
            WaitOutcome outcome = outcomes[i]!;
            if (outcome.Integration != null)
            {
                outcome.Integration.Connection = _waiting[i].Connection;
                WriteObject(outcome.Integration);
            }
            Exception? error = Settling.ErrorOf(outcome, Timeout);
            if (error != null) WriteError(ErrorRecords.From(error, outcome.Id));
        }
    }
}
