using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using ImmutaIntegrations.Core.Changes;
using ImmutaIntegrations.Core.Health;

namespace ImmutaIntegrations.Commands;

/// <summary>
/// Test-ImmutaIntegrationHealth: is any integration unwell? Reads the tenant's integrations (or those with the given
/// ids), watches those in a change until -StuckAfter has passed since the check began, and returns one
/// IntegrationHealth each, the unhealthy first: in an error status, or stuck in a change. -Quiet answers one true or
/// false. $LASTEXITCODE is 1 when any is unhealthy or could not be read, else 0, so a scheduled job fails with a meaning.
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "ImmutaIntegrationHealth", DefaultParameterSetName = ListSet)]
[OutputType(typeof(IntegrationHealth))]
[OutputType(typeof(bool))]
public sealed class TestImmutaIntegrationHealthCommand : ConnectedCmdlet
{
    public const string ListSet = "List";
    public const string IdSet = "Id";

    /// <summary>Only these integrations, read one by one; an id Immuta does not know is a non-terminating error.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = IdSet, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(IntegrationIdCompleter))]
    public string[] Id { get; set; } = new string[0];

    /// <summary>Only integrations whose type matches one of these (wildcards allowed, case-insensitive).</summary>
    [Parameter]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(IntegrationTypeCompleter))]
    public string[]? Type { get; set; }

    /// <summary>How long, from the start of the check, a change may go on before it counts as stuck (seconds, or a time span); default 5 minutes.</summary>
    [Parameter]
    [Seconds]
    public TimeSpan StuckAfter { get; set; } = HealthCheck.DefaultStuckAfter;

    /// <summary>How often to ask the status of an integration in a change (seconds, or a time span); default 2 seconds.</summary>
    [Parameter]
    [Seconds]
    public TimeSpan PollInterval { get; set; } = IntegrationWaiter.DefaultPollInterval;

    /// <summary>How many integrations are read or polled at the same time.</summary>
    [Parameter]
    [ValidateRange(1, 256)]
    public int ThrottleLimit { get; set; } = DefaultThrottleLimit;

    /// <summary>Return only True when every integration is healthy, else False.</summary>
    [Parameter]
    public SwitchParameter Quiet { get; set; }

    private readonly List<(string Id, ImmutaConnection Connection)> _ids = new List<(string, ImmutaConnection)>();

    protected override void ProcessRecord()
    {
        if (ParameterSetName != IdSet) return;
        ImmutaConnection connection = FailingWithExitCode(ResolveConnection);
        foreach (string id in Id) _ids.Add((id, connection));
    }

    protected override void EndProcessing()
    {
        var results = new List<IntegrationHealth>();
        int unreadable = 0;
        FailingWithExitCode(() =>
        {
            TypeFilter? types = TypeFilter.From(Type);
            (ImmutaConnection Connection, string[]? Ids)[] tenants = ParameterSetName == IdSet
                ? _ids.GroupBy(item => item.Connection).Select(group => (group.Key, (string[]?)group.Select(item => item.Id).ToArray())).ToArray()
                : new[] { (ResolveConnection(), (string[]?)null) };
            Run(async cancellation =>
            {
                // All tenants at once (usually there is one), so -StuckAfter counts from the same start for each.
                await Task.WhenAll(tenants.Select(async tenant =>
                {
                    var check = new HealthCheck(Connections.Api(tenant.Connection, Output), new OutputLog(Output),
                        new ProgressReporter(Output, "Watching integrations in a change"))
                    {
                        StuckAfter = StuckAfter, PollInterval = PollInterval, Concurrency = ThrottleLimit,
                    };
                    IReadOnlyList<IntegrationHealth> found = await check.RunAsync(tenant.Ids, types is null ? null : types.Matches, (id, error) =>
                    {
                        Interlocked.Increment(ref unreadable);
                        Output.Error(error, id);
                    }, cancellation).ConfigureAwait(false);
                    foreach (IntegrationHealth health in found) health.Connection = tenant.Connection;
                    lock (results) results.AddRange(found);
                })).ConfigureAwait(false);
            });
            return true;
        });
        IReadOnlyList<IntegrationHealth> report = HealthJudge.InReportOrder(results);
        int unhealthy = report.Count(r => !r.Healthy);
        // Set before anything is written, so a pipeline that stops reading early still gets it.
        ExitCode.Exit(this, unhealthy + unreadable == 0 ? 0 : 1,
            unhealthy + unreadable == 0 ? $"All {report.Count} integration(s) are healthy" : $"{unhealthy} unhealthy, {unreadable} not read");
        AgentSummaries.Health(this, report, unreadable);
        if (Quiet)
        {
            WriteObject(unhealthy + unreadable == 0);
            return;
        }
        foreach (IntegrationHealth health in report) WriteObject(health);
    }

    // A check that cannot be made (no connection, a tenant that cannot be reached or refuses the key) fails the job too;
    // the terminating error goes on as it is.
    private T FailingWithExitCode<T>(Func<T> step)
    {
        try
        {
            return step();
        }
        catch
        {
            ExitCode.Fail(this, "The health check could not be made");
            throw;
        }
    }
}
