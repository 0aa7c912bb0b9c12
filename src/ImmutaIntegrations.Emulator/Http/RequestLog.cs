using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace ImmutaIntegrations.Emulator.Http;

/// <summary>Counts requests by method and route template (<c>GET /integrations/{id}</c>), for GET /_emulator/requests.</summary>
internal sealed class RequestLog
{
    private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);

    public void Count(string key) => _counts.AddOrUpdate(key, 1, (_, count) => count + 1);

    public void Clear() => _counts.Clear();

    public JsonObject ToJson()
    {
        var json = new JsonObject();
        foreach (var (key, count) in _counts.OrderBy(p => p.Key, StringComparer.Ordinal)) json[key] = count;
        return json;
    }
}

/// <summary>Counts every request except the admin routes, after routing has found its template.</summary>
internal sealed class RequestLogMiddleware(RequestDelegate next, RequestLog log)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (!AdminPaths.IsAdmin(context.Request.Path))
        {
            string? routed = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText;
            // Requests no route takes (the fallback's catch-all) are counted by their path.
            string template = routed is null || routed.StartsWith("{*", StringComparison.Ordinal) ? context.Request.Path.Value ?? "/" : routed;
            if (!template.StartsWith('/')) template = "/" + template;
            log.Count($"{context.Request.Method} {template}");
        }
        return next(context);
    }
}
