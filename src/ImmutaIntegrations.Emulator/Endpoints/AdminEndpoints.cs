using System.Text.Json.Nodes;
using ImmutaIntegrations.Emulator.Http;
using ImmutaIntegrations.Emulator.State;

namespace ImmutaIntegrations.Emulator.Endpoints;

/// <summary>The emulator's own routes, for tests: faults, reset, settling transitions, and the request counts.</summary>
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
        // ?seed=true puts back the integrations the emulator was seeded with, under their ids (tests that each
        // start from the same sample tenant).
        app.MapPost(AdminPaths.Prefix + "/reset", (HttpContext context, IntegrationStore store, FaultInjector faults, RequestLog log, EmulatorOptions options) =>
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
            return JsonOutput.Result(new JsonObject { ["reset"] = true });
        });
        // Ends every transition under way now, as its delay would: with a long --transition-delay-ms, tests say
        // when integrations settle instead of racing a clock.
        app.MapPost(AdminPaths.Prefix + "/settle", (Lifecycle lifecycle) => JsonOutput.Result(new JsonObject { ["settled"] = lifecycle.CompleteAll() }));
        app.MapGet(AdminPaths.Prefix + "/requests", (RequestLog log) => JsonOutput.Result(log.ToJson()));
        app.MapGet(AdminPaths.Prefix + "/stats", (RequestLog log) => JsonOutput.Result(log.StatsJson()));
    }
}
