using ImmutaIntegrations.Emulator;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

if (args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine(EmulatorOptions.Usage);
    return 0;
}

WebApplication app;
try
{
    EmulatorOptions options = EmulatorOptions.Parse(args, out string[] hostArgs);
    app = EmulatorApp.Build(options, hostArgs);
}
catch (Exception e) when (e is ArgumentException or InvalidDataException or IOException)
{
    Console.Error.WriteLine($"ImmutaEmulator: {e.Message}");
    Console.Error.WriteLine(EmulatorOptions.Usage);
    return 2;
}

await app.StartAsync();
// Tests and scripts wait for this line to learn the port chosen for --urls http://127.0.0.1:0.
foreach (string address in app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [])
{
    Console.WriteLine($"Now listening on: {address}");
}
Console.Out.Flush();
await app.WaitForShutdownAsync();
return 0;
