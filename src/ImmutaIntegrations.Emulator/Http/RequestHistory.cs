using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;

namespace ImmutaIntegrations.Emulator.Http;

/// <summary>
/// GET /_emulator/history: the requests the API routes received, in order of arrival, for tests of ordering
/// (which request came first, whether one began before another ended). Only the last <see cref="Capacity"/>
/// are kept; a reset clears them. <c>at</c> comes from the emulator's TimeProvider (a test's clock), the
/// milliseconds from a Stopwatch started with the emulator, so they order requests even when the clock stands still.
/// </summary>
internal sealed class RequestHistory
{
    public const int Capacity = 10_000;

    private readonly object _gate = new();
    private readonly Queue<Entry> _entries = new();
    private readonly Stopwatch _sinceStart = Stopwatch.StartNew();
    private readonly TimeProvider _time;
    private readonly int _capacity;
    private long _lastSeq;

    public RequestHistory(TimeProvider time)
        : this(time, Capacity)
    {
    }

    internal RequestHistory(TimeProvider time, int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _time = time;
        _capacity = capacity;
    }

    private double ElapsedMs => Math.Round(_sinceStart.Elapsed.TotalMilliseconds, 3);

    /// <summary>Records a request as it arrives, with the next number; the oldest entry goes when the history is full.</summary>
    public Entry Arrive(string method, string path, string? query, string route)
    {
        lock (_gate)
        {
            var entry = new Entry(++_lastSeq, _time.GetUtcNow(), ElapsedMs, method, path, query, route);
            _entries.Enqueue(entry);
            if (_entries.Count > _capacity) _entries.Dequeue();
            return entry;
        }
    }

    /// <summary>Records how a request ended: its status, and whether the answer was dropped (an injected fault). Only the first end counts.</summary>
    public void End(Entry entry, int status, bool dropped)
    {
        lock (_gate)
        {
            if (entry.EndedMs is not null) return;
            entry.Status = status;
            entry.Dropped = dropped;
            entry.EndedMs = ElapsedMs;
        }
    }

    /// <summary>
    /// Ends the entry of the request <paramref name="context"/> carries, if it has one. The fault middleware calls it
    /// before it breaks a connection: the client learns of the break at once, and its next look at the history
    /// must already show the request ended.
    /// </summary>
    public void End(HttpContext context)
    {
        if (context.Items[typeof(Entry)] is Entry entry) End(entry, context.Response.StatusCode, context.Items.ContainsKey(RequestLog.DroppedItem));
    }

    public void Clear()
    {
        lock (_gate)
        {
            _entries.Clear();
            _lastSeq = 0;
        }
    }

    /// <param name="bodies">With each request's body as received (secrets and all): what a test checks Immuta was sent.</param>
    public JsonArray ToJson(bool bodies = false)
    {
        lock (_gate) return new JsonArray(_entries.Select(e => (JsonNode?)e.ToJson(bodies)).ToArray());
    }

    /// <summary>One request; Status and EndedMs are set when it ends (under the history's lock).</summary>
    internal sealed class Entry(long seq, DateTimeOffset at, double elapsedMs, string method, string path, string? query, string route)
    {
        public int? Status { get; set; }

        public double? EndedMs { get; set; }

        public bool Dropped { get; set; }

        /// <summary>The body as read by the route (<see cref="RequestBody"/>); null for a request without one.</summary>
        public string? Body { get; set; }

        public JsonObject ToJson(bool body = false)
        {
            var json = new JsonObject
            {
                ["seq"] = seq,
                ["at"] = at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
                ["elapsedMs"] = elapsedMs,
                ["method"] = method,
                ["path"] = path,
            };
            if (!string.IsNullOrEmpty(query)) json["query"] = query;
            json["route"] = route;
            if (Status is int status) json["status"] = status;
            if (EndedMs is double ended) json["endedMs"] = ended;
            if (Dropped) json["dropped"] = true;
            if (body && Body is not null) json["body"] = Body;
            return json;
        }
    }
}

/// <summary>
/// Records every request but the admin routes in the history. It runs after routing (the route template is known
/// on arrival) and outside the error middleware, so the status it records is the one the client was sent.
/// </summary>
internal sealed class RequestHistoryMiddleware(RequestDelegate next, RequestHistory history)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (AdminPaths.IsAdmin(context.Request.Path))
        {
            await next(context);
            return;
        }
        context.Items[typeof(RequestHistory.Entry)] = history.Arrive(context.Request.Method, context.Request.Path.Value ?? "/",
            context.Request.QueryString.Value, RequestLog.RouteOf(context));
        try
        {
            await next(context);
        }
        finally
        {
            history.End(context);
        }
    }
}
