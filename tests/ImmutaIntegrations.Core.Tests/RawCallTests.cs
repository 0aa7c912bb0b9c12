using ImmutaIntegrations.Core.Api;
using ImmutaIntegrations.Tests;
using System.Security;

namespace ImmutaIntegrations.Core.Tests;

/// <summary>Invoke-ImmutaApi's engine: calls go to the connected tenant only, and a regenerated key stays protected.</summary>
public sealed class RawCallTests
{
    [Theory]
    [InlineData("https://elsewhere.example.com/integrations")]
    [InlineData("http://127.0.0.2/integrations")]
    [InlineData("//elsewhere.example.com/integrations")]
    public async Task A_full_address_off_the_tenant_is_refused_before_anything_is_sent(string path)
    {
        await using TestEmulator emulator = await TestEmulator.StartAsync();
        var api = new IntegrationsApi(Clients.Create(emulator.CreateHandler()));

        var error = await Assert.ThrowsAsync<ArgumentException>(() => api.InvokeAsync(HttpMethod.Get, path, null, null, CancellationToken.None));

        Assert.Contains("is not on the connected tenant", error.Message, StringComparison.Ordinal);
        using HttpClient admin = emulator.CreateAuthorizedClient();
        Assert.Equal("{}", (await admin.GetStringAsync("_emulator/requests")).Replace(" ", string.Empty).Trim());
    }

    [Fact]
    public async Task A_path_on_the_tenant_is_called()
    {
        await using TestEmulator emulator = await TestEmulator.StartAsync();
        var api = new IntegrationsApi(Clients.Create(emulator.CreateHandler()));

        object? byPath = await api.InvokeAsync(HttpMethod.Get, "/integrations", null, null, CancellationToken.None);

        Assert.IsType<object?[]>(byPath);
    }

    [Fact]
    public async Task A_regenerated_key_comes_back_as_a_secure_string()
    {
        await using TestEmulator emulator = await TestEmulator.StartAsync();
        var api = new IntegrationsApi(Clients.Create(emulator.CreateHandler()));
        string id = (await api.CreateAsync(Payloads.PreparedPayload.From(new Payloads.PayloadDocument(Payloads.Writing.PayloadWriter.Document("Trino", null, null), "test")), false, CancellationToken.None)).Id;

        var answer = (System.Collections.Specialized.OrderedDictionary)(await api.InvokeAsync(HttpMethod.Post, $"/integrations/{id}/regenerate", null, null, CancellationToken.None))!;

        SecureString key = Assert.IsType<SecureString>(answer["newKey"]);
        Assert.True(key.Length > 8);
    }
}
