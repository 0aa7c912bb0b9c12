using System.Text.Json;
using System.Text.Json.Nodes;

namespace ImmutaIntegrations.Emulator.Http;

/// <summary>What to inject: shares of requests that fail in each way, and added latency.</summary>
public sealed class FaultSettings
{
    /// <summary>Answered 503 before any processing.</summary>
    public double UnavailableRate { get; set; }

    /// <summary>Answered 429 with Retry-After, before any processing.</summary>
    public double ThrottleRate { get; set; }

    public int RetryAfterSeconds { get; set; } = 1;

    /// <summary>Processed (the change is made), then the connection is dropped without an answer.</summary>
    public double DropAfterProcessingRate { get; set; }

    public int LatencyMs { get; set; }

    /// <summary>Seeds the draws so the same requests meet the same faults; random when null.</summary>
    public int? Seed { get; set; }

    /// <summary>The routes faults apply to ("GET /integrations/{id}"); every route when null.</summary>
    public string[]? Routes { get; set; }

    public void Check()
    {
        foreach (var (name, rate) in new[] { ("unavailableRate", UnavailableRate), ("throttleRate", ThrottleRate),
            ("dropAfterProcessingRate", DropAfterProcessingRate) })
        {
            if (rate is < 0 or > 1 || double.IsNaN(rate)) throw new ArgumentException($"{name} must be between 0 and 1.");
        }
        // A small tolerance: 0.34 + 0.56 + 0.1 is 1.0000000000000002 in binary floating point.
        if (UnavailableRate + ThrottleRate + DropAfterProcessingRate > 1 + 1e-9) throw new ArgumentException("The fault rates add up to more than 1.");
        if (RetryAfterSeconds < 0) throw new ArgumentException("retryAfterSeconds must not be negative.");
        if (LatencyMs is < 0 or > 600_000) throw new ArgumentException("latencyMs must be between 0 and 600000.");
    }

    public JsonObject ToJson() => new()
    {
        ["unavailableRate"] = UnavailableRate,
        ["throttleRate"] = ThrottleRate,
        ["retryAfterSeconds"] = RetryAfterSeconds,
        ["dropAfterProcessingRate"] = DropAfterProcessingRate,
        ["latencyMs"] = LatencyMs,
        ["seed"] = Seed,
        ["routes"] = Routes is null ? null : new JsonArray(Routes.Select(r => (JsonNode?)r).ToArray()),
    };

    /// <summary>Settings from the body of POST /_emulator/faults; a field left out is zero (or its default).</summary>
    public static FaultSettings FromJson(JsonObject json)
    {
        try
        {
            var settings = new FaultSettings
            {
                UnavailableRate = json["unavailableRate"]?.GetValue<double>() ?? 0,
                ThrottleRate = json["throttleRate"]?.GetValue<double>() ?? 0,
                RetryAfterSeconds = json["retryAfterSeconds"]?.GetValue<int>() ?? 1,
                DropAfterProcessingRate = json["dropAfterProcessingRate"]?.GetValue<double>() ?? 0,
                LatencyMs = json["latencyMs"]?.GetValue<int>() ?? 0,
                Seed = json["seed"]?.GetValue<int>(),
                Routes = json["routes"] is JsonNode routes ? routes.AsArray().Select(r => r!.GetValue<string>()).ToArray() : null,
            };
            settings.Check();
            return settings;
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or ArgumentException or JsonException or NullReferenceException)
        {
            throw ApiProblem.BadRequest($"Invalid fault settings: {e.Message}");
        }
    }
}

internal enum Fault
{
    None,
    Unavailable,
    Throttle,
    DropAfterProcessing,
}

/// <summary>Draws the fault each request meets, from one seeded sequence, so a run can be repeated.</summary>
internal sealed class FaultInjector
{
    private readonly object _gate = new();
    private readonly EmulatorOptions _options;
    private FaultSettings _settings = new();
    private Random _random = new();

    public FaultInjector(EmulatorOptions options)
    {
        _options = options;
        Configure(options.Faults);
    }

    public FaultSettings Current
    {
        get { lock (_gate) return _settings; }
    }

    public void Configure(FaultSettings settings)
    {
        lock (_gate)
        {
            _settings = settings;
            _random = settings.Seed is int seed ? new Random(seed) : new Random();
        }
    }

    public void Reset() => Configure(_options.Faults);

    public (Fault Fault, FaultSettings Settings) Next()
    {
        lock (_gate)
        {
            FaultSettings s = _settings;
            if (s.UnavailableRate + s.ThrottleRate + s.DropAfterProcessingRate == 0) return (Fault.None, s);
            double draw = _random.NextDouble();
            if (draw < s.UnavailableRate) return (Fault.Unavailable, s);
            if (draw < s.UnavailableRate + s.ThrottleRate) return (Fault.Throttle, s);
            if (draw < s.UnavailableRate + s.ThrottleRate + s.DropAfterProcessingRate) return (Fault.DropAfterProcessing, s);
            return (Fault.None, s);
        }
    }
}

/// <summary>Applies the injected faults to every request but the admin routes.</summary>
internal sealed class FaultMiddleware(RequestDelegate next, FaultInjector faults, RequestLog log, RequestHistory history)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (AdminPaths.IsAdmin(context.Request.Path))
        {
            await next(context);
            return;
        }
        // Faults, latency among them, meet only the routes named, when some are; the others do not draw, so a seeded run
        // stays the same.
        string[]? routes = faults.Current.Routes;
        if (routes is not null && !routes.Contains(RequestLog.RouteOf(context), StringComparer.Ordinal))
        {
            await next(context);
            return;
        }
        var (fault, settings) = faults.Next();
        if (settings.LatencyMs > 0) await Task.Delay(settings.LatencyMs, context.RequestAborted);
        switch (fault)
        {
            case Fault.Unavailable:
                log.CountFault("unavailable");
                await ApiErrors.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "Service temporarily unavailable (injected fault).");
                return;
            case Fault.Throttle:
                log.CountFault("throttled");
                context.Response.Headers.RetryAfter = settings.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                await ApiErrors.WriteAsync(context, StatusCodes.Status429TooManyRequests, "Too many requests (injected fault).");
                return;
            case Fault.DropAfterProcessing:
                // Do the work, keep the answer back, and break the connection: the client cannot know it was done.
                // A refused request is dropped too: its answer never arrives either.
                log.CountFault("dropped");
                context.Items[RequestLog.DroppedItem] = true;
                Stream original = context.Response.Body;
                context.Response.Body = Stream.Null;
                try
                {
                    await next(context);
                }
                catch (Exception e) when (e is ApiProblem or BadHttpRequestException)
                {
                    // The refusal is lost with the connection.
                }
                finally
                {
                    context.Response.Body = original;
                }
                history.End(context);
                context.Abort();
                return;
            default:
                await next(context);
                return;
        }
    }
}

internal static class AdminPaths
{
    public const string Prefix = "/_emulator";

    public static bool IsAdmin(PathString path) => path.StartsWithSegments(Prefix, StringComparison.OrdinalIgnoreCase);
}
