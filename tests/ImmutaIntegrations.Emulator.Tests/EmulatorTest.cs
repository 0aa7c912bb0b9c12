using ImmutaIntegrations.Tests;

namespace ImmutaIntegrations.Emulator.Tests;

/// <summary>A test class with its own in-memory emulator (empty, no delays) and a client for it.</summary>
public abstract class EmulatorTest : IAsyncLifetime
{
    internal TestEmulator Emulator { get; private set; } = null!;

    internal HttpClient Http { get; private set; } = null!;

    internal ApiCalls Api { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Emulator = await TestEmulator.StartAsync();
        Http = Emulator.CreateClient();
        Api = new ApiCalls(Http);
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await Emulator.DisposeAsync();
    }
}
