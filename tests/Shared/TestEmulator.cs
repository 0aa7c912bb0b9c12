using System.Text;
using ImmutaIntegrations.Emulator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace ImmutaIntegrations.Tests;

/// <summary>
/// The emulator inside the test process: in memory (TestServer) for Core and emulator tests, or on a
/// loopback port (Kestrel) for tests of the cmdlets, which open their own connections.
/// </summary>
internal sealed class TestEmulator : IAsyncDisposable
{
    public const string ApiKey = "test-api-key";
    public const string NonAdminKey = "non-admin-key";

    private readonly string? _seedFile;

    private TestEmulator(WebApplication app, EmulatorOptions options, ManualClock clock, string? seedFile, Uri baseUrl)
    {
        App = app;
        Options = options;
        Clock = clock;
        _seedFile = seedFile;
        BaseUrl = baseUrl;
    }

    public WebApplication App { get; }

    public EmulatorOptions Options { get; }

    /// <summary>The emulator's clock; advance it to expire tokens or to end transitions (see <see cref="PassTransitionDelay"/>).</summary>
    public ManualClock Clock { get; }

    public Uri BaseUrl { get; }

    /// <summary>Starts the emulator with integrations from YAML (or JSON) text.</summary>
    public static async Task<TestEmulator> StartAsync(string? seed = null, bool loopback = false, string seedExtension = ".yaml",
        Action<EmulatorOptions>? configure = null)
    {
        string? seedFile = null;
        if (seed is not null)
        {
            seedFile = Path.Combine(Path.GetTempPath(), $"immuta-seed-{Guid.NewGuid():N}{seedExtension}");
            await File.WriteAllTextAsync(seedFile, seed, Encoding.UTF8);
        }
        try
        {
            var options = EmulatorOptions.Parse(["--api-key", ApiKey, "--non-admin-key", NonAdminKey, "--transition-delay-ms", "0"], out _);
            options.SeedPath = seedFile;
            configure?.Invoke(options);
            var clock = new ManualClock();
            string[] hostArgs = loopback ? ["--urls", "http://127.0.0.1:0"] : [];
            WebApplication app = EmulatorApp.Build(options, hostArgs, builder =>
            {
                if (!loopback) builder.WebHost.UseTestServer();
                builder.Services.AddSingleton<TimeProvider>(clock);
            });
            await app.StartAsync();
            Uri baseUrl = loopback
                ? new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First())
                : new Uri("http://localhost/");
            return new TestEmulator(app, options, clock, seedFile, baseUrl);
        }
        catch
        {
            // An emulator that does not start (a seed it refuses) leaves no seed file behind.
            if (seedFile is not null) File.Delete(seedFile);
            throw;
        }
    }

    /// <summary>
    /// Moves the clock past the transition delay: every create, edit and delete under way so far reaches its end
    /// state (a moment later, on the emulator's side: poll for it). Without this, none ever does.
    /// </summary>
    public void PassTransitionDelay() => Clock.Advance(Options.TransitionDelay);

    /// <summary>A handler that sends requests to the in-memory server (TestServer mode only).</summary>
    public HttpMessageHandler CreateHandler() => App.GetTestServer().CreateHandler();

    /// <summary>A plain HttpClient for the emulator, with no Authorization header.</summary>
    public HttpClient CreateClient() =>
        new(App.Services.GetService<IServer>() is TestServer ? CreateHandler() : new HttpClientHandler()) { BaseAddress = BaseUrl };

    /// <summary>An HttpClient for the emulator that sends the API key (for the admin routes and direct calls).</summary>
    public HttpClient CreateAuthorizedClient()
    {
        HttpClient http = CreateClient();
        http.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", ApiKey);
        return http;
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        if (_seedFile is not null) File.Delete(_seedFile);
    }
}

/// <summary>
/// A clock the tests move by hand. Its time and its one-shot timers (delays, such as the emulator's transition
/// delay) stand still until <see cref="Advance"/>: an in-process test decides when a creating, editing or
/// deleting integration settles, and a busy machine cannot make it settle early or late. Tokens expire on it too.
/// Periodic timers (the web server's own housekeeping) keep running on real time, as they would without it.
/// </summary>
internal sealed class ManualClock : TimeProvider
{
    private readonly object _gate = new();
    private readonly List<ManualTimer> _timers = new();
    private DateTimeOffset _now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate) return _now;
    }

    /// <summary>Moves the time on, firing (on this thread, in order) every timer that falls due on the way.</summary>
    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        DateTimeOffset target;
        lock (_gate) target = _now + by;
        while (true)
        {
            ManualTimer? due;
            lock (_gate)
            {
                due = _timers.Where(t => t.DueAt <= target).MinBy(t => t.DueAt);
                if (due is null)
                {
                    _now = target;
                    return;
                }
                if (due.DueAt > _now) _now = due.DueAt;
                _timers.Remove(due);
            }
            due.Fire();
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (period != Timeout.InfiniteTimeSpan && period != TimeSpan.Zero) return System.CreateTimer(callback, state, dueTime, period);
        var timer = new ManualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>A one-shot timer that falls due on the clock's time.</summary>
    private sealed class ManualTimer(ManualClock clock, TimerCallback callback, object? state) : ITimer
    {
        public DateTimeOffset DueAt { get; private set; }

        public void Fire() => callback(state);

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            if (period != Timeout.InfiniteTimeSpan && period != TimeSpan.Zero) throw new NotSupportedException("A manual timer fires once.");
            lock (clock._gate)
            {
                clock._timers.Remove(this);
                if (dueTime == Timeout.InfiniteTimeSpan) return true;
                DueAt = clock._now + dueTime;
                clock._timers.Add(this);
                return true;
            }
        }

        public void Dispose()
        {
            lock (clock._gate) clock._timers.Remove(this);
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}

/// <summary>Sample integrations: one of each type, as the tests expect them.</summary>
internal static class SampleData
{
    public const string Seed = """
        - type: Snowflake
          autoBootstrap: true
          config:
            host: acme.us-east-1.snowflakecomputing.com
            warehouse: WH
            database: IMMUTA
            authenticationType: userPassword
            username: admin@acme.com
            password: snowflake-secret
            role: ACCOUNTADMIN
        - type: Databricks
          autoBootstrap: true
          config:
            workspaceUrl: acme.cloud.databricks.com
            httpPath: sql/protocolv1/o/0/1
            authenticationType: token
            token: databricks-secret
            catalog: immuta
        - type: Redshift
          status: createError
          autoBootstrap: false
          config:
            host: acme.redshift.amazonaws.com
            database: immuta
            authenticationType: userPassword
            username: immuta_system
            password: redshift-secret
          validationResults:
            status: failed
            validationTests:
              - name: "Initial Validation: Basic Connection Test"
                status: failed
                message: Connection refused.
                result: []
        - type: Trino
        """;

    /// <summary>Every secret in <see cref="Seed"/>: none may ever appear in output.</summary>
    public static readonly string[] Secrets = ["snowflake-secret", "databricks-secret", "redshift-secret"];
}
