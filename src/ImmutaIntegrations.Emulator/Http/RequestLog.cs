using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace ImmutaIntegrations.Emulator.Http;

/// <summary>
/// Counts requests by method and route template (<c>GET /integrations/{id}</c>), for GET /_emulator/requests,
/// and what happened to them (faults injected, requests the client gave up on, connections), for
/// GET /_emulator/stats.
/// </summary>
internal sealed class RequestLog
{
    public const string DroppedItem = "immuta-emulator-dropped";

    private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _faults = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _connections = new(StringComparer.Ordinal);
    private int _abandoned;

    /// <summary>A request's method and route template, "GET /integrations/{id}"; a request no route takes, by its path.</summary>
    public static string RouteOf(HttpContext context)
    {
        string? routed = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText;
        string template = routed is null || routed.StartsWith("{*", StringComparison.Ordinal) ? context.Request.Path.Value ?? "/" : routed;
        if (!template.StartsWith('/')) template = "/" + template;
        return $"{context.Request.Method} {template}";
    }

    public void Count(string key) => _counts.AddOrUpdate(key, 1, (_, count) => count + 1);

    public void CountFault(string fault) => _faults.AddOrUpdate(fault, 1, (_, count) => count + 1);

    public void CountConnection(string id) => _connections.TryAdd(id, 0);

    /// <summary>A request whose client went away before the answer (a cancelled request, not an abandoned one).</summary>
    public void CountAbandoned() => Interlocked.Increment(ref _abandoned);

    public void Clear()
    {
        _counts.Clear();
        _faults.Clear();
        _connections.Clear();
        Interlocked.Exchange(ref _abandoned, 0);
    }

    public JsonObject StatsJson()
    {
        var faults = new JsonObject();
        foreach (var (key, count) in Sorted(_faults)) faults[key] = count;
        return new JsonObject
        {
            ["requests"] = _counts.Values.Sum(),
            ["byRoute"] = ToJson(),
            ["faults"] = faults,
            ["cancelledByClient"] = Volatile.Read(ref _abandoned),
            ["connections"] = _connections.Count,
        };
    }

    public JsonObject ToJson()
    {
        var json = new JsonObject();
        foreach (var (key, count) in Sorted(_counts)) json[key] = count;
        return json;
    }

    // ConcurrentDictionary.ToArray takes a consistent copy. LINQ's own copy of it (Count, then CopyTo) fails with an
    // ArgumentException when a request is counted in between, which made GET /_emulator/requests answer 500.
    private static IEnumerable<KeyValuePair<string, int>> Sorted(ConcurrentDictionary<string, int> counts) =>
        counts.ToArray().OrderBy(p => p.Key, StringComparer.Ordinal);
}

/// <summary>Counts every request except the admin routes, after routing has found its template.</summary>
internal sealed class RequestLogMiddleware(RequestDelegate next, RequestLog log)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (AdminPaths.IsAdmin(context.Request.Path))
        {
            await next(context);
            return;
        }
        log.Count(RequestLog.RouteOf(context));
        if (context.Connection.Id is { Length: > 0 } connection) log.CountConnection(connection);
        try
        {
            await next(context);
        }
        finally
        {
            if (context.RequestAborted.IsCancellationRequested && !context.Items.ContainsKey(RequestLog.DroppedItem)) log.CountAbandoned();
        }
    }
}
