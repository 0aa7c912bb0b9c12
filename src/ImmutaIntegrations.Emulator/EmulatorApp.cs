using ImmutaIntegrations.Emulator.Endpoints;
using ImmutaIntegrations.Emulator.Http;
using ImmutaIntegrations.Emulator.State;

namespace ImmutaIntegrations.Emulator;

/// <summary>Builds the emulator's web application; the program and the in-memory tests both start here.</summary>
public static class EmulatorApp
{
    public static WebApplication Build(EmulatorOptions options, string[]? hostArgs = null, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder(hostArgs ?? []);
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<Tokens>();
        builder.Services.AddSingleton(_ =>
        {
            var store = new IntegrationStore();
            if (options.SeedPath is not null) Seed.Load(options.SeedPath, store);
            return store;
        });
        configure?.Invoke(builder);

        WebApplication app = builder.Build();
        // Load the seed now, so a bad seed file stops the emulator before it says it is listening.
        app.Services.GetRequiredService<IntegrationStore>();
        app.UseExceptionHandler(error => error.Run(context =>
            ApiErrors.WriteAsync(context, StatusCodes.Status500InternalServerError, "The emulator failed to process the request.")));
        app.UseMiddleware<ApiKeyAuthentication>();
        AuthEndpoints.Map(app);
        IntegrationEndpoints.Map(app);
        app.MapFallback((HttpContext context) =>
            ApiErrors.NotFound($"Cannot {context.Request.Method} {context.Request.Path}."));
        return app;
    }
}
