using System.Text.Json.Nodes;
using ImmutaIntegrations.Emulator.Http;
using ImmutaIntegrations.Emulator.Quirks;
using ImmutaIntegrations.Emulator.Settings;
using ImmutaIntegrations.Emulator.State;

namespace ImmutaIntegrations.Emulator.Endpoints;

/// <summary>The emulator's own routes, for tests: faults, settings, quirks, reset, settling transitions, the request counts and the history.</summary>
internal static class AdminEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet(AdminPaths.Prefix + "/faults", (FaultInjector faults) => JsonOutput.Result(faults.Current.ToJson()));
        app.MapPost(AdminPaths.Prefix + "/faults", async (HttpContext context, FaultInjector faults) =>
        {
            FaultSettings settings = FaultSettings.FromJson(await RequestBody.ReadObjectAsync(context.Request, "an object of fault settings"));
            faults.Configure(settings);
            return JsonOutput.Result(settings.ToJson());
        });
        app.MapGet(AdminPaths.Prefix + "/settings", (RuntimeSettings settings) => JsonOutput.Result(settings.ToJson()));
        app.MapPost(AdminPaths.Prefix + "/settings", async (HttpContext context, RuntimeSettings settings) =>
        {
            settings.Apply(await RequestBody.ReadObjectAsync(context.Request, "an object of settings, such as {\"scriptContentType\": \"text/html\"}"));
            return JsonOutput.Result(settings.ToJson());
        });
        app.MapGet(AdminPaths.Prefix + "/quirks", (QuirkSet quirks) => JsonOutput.Result(quirks.ToJson()));
        app.MapPost(AdminPaths.Prefix + "/quirks", async (HttpContext context, QuirkSet quirks) =>
        {
            quirks.Apply(await RequestBody.ReadObjectAsync(context.Request, "{\"quirks\": [...]}"));
            return JsonOutput.Result(quirks.ToJson());
        });
        app.MapPost(AdminPaths.Prefix + "/reset", Reset);
        // Ends every transition under way now, as its delay would: with a long --transition-delay-ms, tests say
        // when integrations settle instead of racing a clock.
        app.MapPost(AdminPaths.Prefix + "/settle", (Lifecycle lifecycle) => JsonOutput.Result(new JsonObject { ["settled"] = lifecycle.CompleteAll() }));
        app.MapGet(AdminPaths.Prefix + "/requests", (RequestLog log) => JsonOutput.Result(log.ToJson()));
        app.MapGet(AdminPaths.Prefix + "/stats", (RequestLog log) => JsonOutput.Result(log.StatsJson()));
        app.MapGet(AdminPaths.Prefix + "/history", (HttpRequest request, RequestHistory history) =>
            JsonOutput.Result(history.ToJson(bodies: string.Equals(request.Query["bodies"], "true", StringComparison.OrdinalIgnoreCase))));
    }

    /// <summary>
    /// Back to the start: no integrations (?seed=true puts back the ones the emulator was seeded with, under
    /// their ids, for tests that each start from the same sample tenant), no counts, no history, and faults,
    /// settings and quirks as the start options say (a quirk's integration comes back with its quirk).
    /// </summary>
    private static IResult Reset(HttpContext context, IntegrationStore store, FaultInjector faults, RequestLog log, RequestHistory history,
        RuntimeSettings settings, QuirkSet quirks, EmulatorOptions options)
    {
        store.Write(transaction =>
        {
            transaction.Clear();
            return true;
        });
        if (string.Equals(context.Request.Query["seed"], "true", StringComparison.OrdinalIgnoreCase) && options.SeedPath is not null)
        {
            Seed.Load(options.SeedPath, store);
        }
        faults.Reset();
        log.Clear();
        history.Clear();
        settings.Reset();
        quirks.Reset();
        return JsonOutput.Result(new JsonObject { ["reset"] = true });
    }
}
