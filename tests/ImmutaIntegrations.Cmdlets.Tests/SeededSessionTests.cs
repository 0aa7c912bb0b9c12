using System.Management.Automation.Host;
using ImmutaIntegrations.Emulator;
using ImmutaIntegrations.Tests;

namespace ImmutaIntegrations.Cmdlets.Tests;

/// <summary>
/// A test class's own emulator on loopback, seeded with the sample integrations (or <see cref="Seed"/>), a session
/// connected to it, and an authorized client for the emulator's admin routes: started before each test, disconnected
/// and stopped after it. A class changes what it needs by overriding <see cref="Seed"/>, <see cref="Configure"/> or
/// <see cref="Host"/>, and adds its own set-up and clean-up in <see cref="InitializeMoreAsync"/> and
/// <see cref="DisposeMore"/>.
/// </summary>
public abstract class SeededSessionTests : IAsyncLifetime
{
    private HttpClient? _admin;

    private protected TestEmulator Emulator { get; private set; } = null!;

    private protected PowerShellSession Session { get; private set; } = null!;

    /// <summary>A client of the emulator's admin routes (settle, latency, faults), made on first use.</summary>
    private protected HttpClient Admin => _admin ??= Emulator.CreateAuthorizedClient();

    /// <summary>The integrations the emulator starts with, as YAML.</summary>
    private protected virtual string Seed => SampleData.Seed;

    /// <summary>The session's host; null for the default one.</summary>
    private protected virtual PSHost? Host => null;

    /// <summary>The emulator's options (a transition delay, latency).</summary>
    private protected virtual void Configure(EmulatorOptions options)
    {
    }

    private protected virtual Task InitializeMoreAsync() => Task.CompletedTask;

    private protected virtual void DisposeMore()
    {
    }

    public async Task InitializeAsync()
    {
        Emulator = await TestEmulator.StartAsync(Seed, loopback: true, configure: Configure);
        Session = PowerShellSession.ConnectedTo(Emulator, Host);
        await InitializeMoreAsync();
    }

    public async Task DisposeAsync()
    {
        Session.Run("Disconnect-Immuta");
        Session.Dispose();
        _admin?.Dispose();
        await Emulator.DisposeAsync();
        DisposeMore();
    }
}
