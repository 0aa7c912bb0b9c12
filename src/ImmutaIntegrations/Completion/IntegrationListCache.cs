using System;
using System.Collections;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Management.Automation;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using ImmutaIntegrations.Core;

namespace ImmutaIntegrations.Completion;

/// <summary>What a completion shows of one integration: no config, so nothing secret is ever kept here.</summary>
internal sealed class IntegrationSummary
{
    public IntegrationSummary(string id, string type, string status, string? target)
    {
        Id = id;
        Type = type;
        Status = status;
        Target = target;
    }

    public string Id { get; }

    public string Type { get; }

    public string Status { get; }

    /// <summary>The host, workspace, dataset or S3 path; null for a type with one integration at most (Trino).</summary>
    public string? Target { get; }

    /// <summary><c>Snowflake on acme.snowflakecomputing.com, enabled</c>; <c>Trino, enabled</c>.</summary>
    public string ToolTip => (Target is null ? Type : $"{Type} on {Target}") + (Status.Length == 0 ? string.Empty : ", " + Status);
}

/// <summary>
/// The integrations of a tenant as completers see them: read with one GET /integrations, kept for a short while
/// per connection, so pressing Tab again (or completing -Kind after -Id) sends nothing. A read is bounded by
/// <see cref="RequestBound"/> and a failed one is remembered for <see cref="FailureLifetime"/>, so a tenant that
/// does not answer costs the user one short wait, not one per Tab. Never throws.
/// Names no engine type in its fields or signatures: the engine is used only inside <see cref="ReadAsync"/>.
/// </summary>
internal static class IntegrationListCache
{
    /// <summary>How long a listing is used before it is read again.</summary>
    internal static TimeSpan Lifetime { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a failed read is remembered (as no integrations).</summary>
    internal static TimeSpan FailureLifetime { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The longest a completion waits for the tenant: Tab must answer at once or not at all.</summary>
    internal static TimeSpan RequestBound { get; set; } = TimeSpan.FromSeconds(2.5);

    // Weak, so a connection that is forgotten takes its listing with it.
    private static volatile ConditionalWeakTable<ImmutaConnection, Entry> s_entries = new ConditionalWeakTable<ImmutaConnection, Entry>();

    private static readonly IntegrationSummary[] None = new IntegrationSummary[0];

    /// <summary>The integrations of a connection's tenant, ordered by id; empty when they could not be read in time.</summary>
    public static IReadOnlyList<IntegrationSummary> Get(ImmutaConnection connection)
    {
        Entry entry = s_entries.GetValue(connection, _ => new Entry());
        lock (entry)
        {
            if (entry.Integrations != null && Stopwatch.GetTimestamp() < entry.ExpiresAt) return entry.Integrations;
        }
        IntegrationSummary[]? read = Read(connection);
        lock (entry)
        {
            entry.Integrations = read ?? None;
            entry.ExpiresAt = Stopwatch.GetTimestamp() + Ticks(read is null ? FailureLifetime : Lifetime);
            return entry.Integrations;
        }
    }

    /// <summary>Forgets what is cached for a connection (every connection when null).</summary>
    public static void Invalidate(ImmutaConnection? connection = null)
    {
        if (connection is null) s_entries = new ConditionalWeakTable<ImmutaConnection, Entry>();
        else s_entries.Remove(connection);
    }

    /// <summary>
    /// The connection a completion is for: the -Connection already typed on the line, else the command's own
    /// fallbacks (Connect-Immuta's, then IMMUTA_URL and IMMUTA_API_KEY). Null when there is none.
    /// </summary>
    public static ImmutaConnection? ConnectionFor(IDictionary? fakeBoundParameters)
    {
        try
        {
            if (fakeBoundParameters != null && fakeBoundParameters.Contains("Connection")
                && Unwrap(fakeBoundParameters["Connection"]) is ImmutaConnection given)
            {
                return given;
            }
            return Connections.Current ?? Connections.FromEnvironment();
        }
        catch (Exception)
        {
            // An unusable IMMUTA_URL is the command's error to report, not the completion's.
            return null;
        }
    }

    /// <summary>The object behind a PSObject, except a PSCustomObject, whose properties live on the PSObject.</summary>
    internal static object? Unwrap(object? value) => value is PSObject wrapped && !(wrapped.BaseObject is PSCustomObject) ? wrapped.BaseObject : value;

    private static IntegrationSummary[]? Read(ImmutaConnection connection)
    {
        var cancellation = new CancellationTokenSource();
        Task<IntegrationSummary[]> reading;
        bool ended;
        try
        {
            // On the thread pool, so that even loading the engine and making the client counts within the bound.
            reading = Task.Run(() => ReadAsync(connection, cancellation.Token));
            ended = reading.Wait(RequestBound);
        }
        catch (Exception)
        {
            // The read failed (AggregateException from Wait): no answer to offer.
            cancellation.Dispose();
            return null;
        }
        if (!ended)
        {
            // Abandoned: cancelled, and left to end on its own; its failure is observed so it is never reported.
            cancellation.Cancel();
            reading.ContinueWith(t => { _ = t.Exception; cancellation.Dispose(); }, TaskScheduler.Default);
            return null;
        }
        cancellation.Dispose();
        return reading.Result;
    }

    // Kept apart so that the engine's types are named only here, in a method run after the module's resolver is in place.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task<IntegrationSummary[]> ReadAsync(ImmutaConnection connection, CancellationToken cancellationToken)
    {
        var api = new Core.Api.IntegrationsApi(Connections.ClientFor(connection));
        var read = new List<IntegrationSummary>();
        await api.GetIntegrationsAsync(integration => read.Add(Summarize(integration)), cancellationToken).ConfigureAwait(false);
        return read.OrderBy(i => i.Id, IntegrationIdOrder.Instance).ToArray();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static IntegrationSummary Summarize(Integration integration)
    {
        string? target = null;
        Core.Payloads.Types.IntegrationType? type = Core.Payloads.Types.IntegrationTypes.Resolve(integration.Type);
        if (type != null && type.PlanKey.Count > 0)
        {
            target = Core.Plans.IntegrationTargets.Describe(type, integration.Config);
        }
        else if (type is null && integration.Config != null)
        {
            // A type this version does not know: its host, when it has one.
            target = integration.Config["host"] as string ?? integration.Config["workspaceUrl"] as string;
        }
        return new IntegrationSummary(integration.Id, integration.Type, integration.Status, string.IsNullOrEmpty(target) ? null : target);
    }

    private static long Ticks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);

    private sealed class Entry
    {
        public IntegrationSummary[]? Integrations;
        public long ExpiresAt;
    }
}
