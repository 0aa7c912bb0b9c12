using ImmutaIntegrations.Emulator.Endpoints;
using ImmutaIntegrations.Emulator.Http;
using ImmutaIntegrations.Emulator.Quirks;
using ImmutaIntegrations.Emulator.Scripts;
using ImmutaIntegrations.Emulator.Settings;
using ImmutaIntegrations.Emulator.State;

namespace ImmutaIntegrations.Emulator;

/// <summary>Builds the emulator's web application; the program and the in-memory tests both start here.</summary>
public static class EmulatorApp
{
    public static WebApplication Build(EmulatorOptions options, string[]? hostArgs = null, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder(hostArgs ?? []);
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(console => console.SingleLine = true).SetMinimumLevel(LogLevel.Error);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<Tokens>();
        builder.Services.AddSingleton<RequestLog>();
        builder.Services.AddSingleton<FaultInjector>();
        builder.Services.AddSingleton<Lifecycle>();
        builder.Services.AddSingleton<IntegrationStore>();
        builder.Services.AddSingleton<RequestHistory>();
        builder.Services.AddSingleton<RuntimeSettings>();
        builder.Services.AddSingleton<QuirkSet>();
        builder.Services.AddSingleton<Answers>();
        builder.Services.AddSingleton<ScriptReply>();
        configure?.Invoke(builder);

        WebApplication app = builder.Build();
        // The history's milliseconds count from here: the emulator's start.
        app.Services.GetRequiredService<RequestHistory>();
        LoadState(app.Services, options);
        // After the starting state, so a quirk's integration never takes an id the seed or the state file holds.
        app.Services.GetRequiredService<QuirkSet>().Start();

        // Routing first, so the history knows each request's route on arrival; the history outside the error
        // middleware, so it records the status of an error answer too.
        app.UseRouting();
        app.UseMiddleware<RequestHistoryMiddleware>();
        app.UseMiddleware<ErrorMiddleware>();
        app.UseMiddleware<RequestLogMiddleware>();
        app.UseMiddleware<FaultMiddleware>();
        app.UseMiddleware<ApiKeyAuthentication>();
        AuthEndpoints.Map(app);
        IntegrationEndpoints.Map(app);
        ScriptEndpoints.Map(app);
        AdminEndpoints.Map(app);
        app.MapFallback((HttpContext context) => ApiErrors.NotFound($"Cannot {context.Request.Method} {context.Request.Path}."));
        return app;
    }

    /// <summary>
    /// The starting state: the state file when it exists (resuming transitions that were under way), else the
    /// seed. Done before the emulator says it is listening, so a bad file stops it at once.
    /// </summary>
    private static void LoadState(IServiceProvider services, EmulatorOptions options)
    {
        var store = services.GetRequiredService<IntegrationStore>();
        var lifecycle = services.GetRequiredService<Lifecycle>();
        StateFile? stateFile = options.StateFile is null ? null : new StateFile(options.StateFile);
        if (stateFile is { Exists: true })
        {
            foreach (StoredIntegration resumed in stateFile.Load(store)) lifecycle.Schedule(resumed);
        }
        else if (options.SeedPath is not null)
        {
            Seed.Load(options.SeedPath, store);
        }
        if (stateFile is not null)
        {
            stateFile.Save(store);
            store.Changed += stateFile.Save;
            // Once stopping, this emulator no longer owns the file: a new one may already be starting on it.
            services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.Register(() => store.Changed -= stateFile.Save);
        }
    }
}
