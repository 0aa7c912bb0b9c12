using ImmutaIntegrations.Tests;

namespace ImmutaIntegrations.Cmdlets.Tests;

/// <summary>A test class's own emulator on loopback, seeded with the sample integrations, and a session connected to it.</summary>
public abstract class SeededSessionTests : IAsyncLifetime
{
    private protected TestEmulator Emulator { get; private set; } = null!;

    private protected PowerShellSession Session { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Emulator = await TestEmulator.StartAsync(SampleData.Seed, loopback: true);
        Session = PowerShellSession.ConnectedTo(Emulator);
    }

    public async Task DisposeAsync()
    {
        Session.Run("Disconnect-Immuta");
        Session.Dispose();
        await Emulator.DisposeAsync();
    }
}
