using System.Net;
using System.Text.Json.Nodes;
using ImmutaIntegrations.Tests;

namespace ImmutaIntegrations.Emulator.Tests;

public sealed class ConcurrencyTests
{
    private const int Count = 100;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Parallel_creates_get_distinct_ids_and_are_all_listed(bool loopback)
    {
        await using TestEmulator emulator = await TestEmulator.StartAsync(loopback: loopback);
        using HttpClient http = EmulatorCalls.Authorized(emulator);

        string[] ids = await Task.WhenAll(Enumerable.Range(0, Count).Select(i => http.CreateAsync(EmulatorCalls.Snowflake($"h{i}.snowflakecomputing.com"))));

        Assert.Equal(Count, ids.Distinct().Count());
        Assert.Equal(Enumerable.Range(1, Count).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).Order(), ids.Order());
        JsonArray list = (JsonArray)await http.GetJsonAsync("integrations");
        Assert.Equal(ids.Order(), list.Select(i => (string)i!["id"]!).Order());
        Assert.Equal(
            Enumerable.Range(0, Count).Select(i => $"h{i}.snowflakecomputing.com").Order(),
            list.Select(i => (string)i!["config"]!["host"]!).Order());
    }

    [Fact]
    public async Task Parallel_creates_on_the_same_host_let_exactly_one_through()
    {
        await using TestEmulator emulator = await TestEmulator.StartAsync();
        using HttpClient http = EmulatorCalls.Authorized(emulator);

        HttpStatusCode[] codes = await Task.WhenAll(Enumerable.Range(0, 20).Select(async _ =>
        {
            using HttpResponseMessage response = await http.PostJsonAsync("integrations", EmulatorCalls.Snowflake("same.snowflakecomputing.com"));
            return response.StatusCode;
        }));

        Assert.Single(codes, HttpStatusCode.OK);
        Assert.Equal(19, codes.Count(c => c == HttpStatusCode.Conflict));
        Assert.Single((JsonArray)await http.GetJsonAsync("integrations"));
    }

    [Fact]
    public async Task Parallel_updates_of_distinct_integrations_all_take_effect()
    {
        await using TestEmulator emulator = await TestEmulator.StartAsync();
        using HttpClient http = EmulatorCalls.Authorized(emulator);
        string[] ids = await CreateManyAsync(http);

        await Task.WhenAll(ids.Select(async (id, i) =>
        {
            using HttpResponseMessage response = await http.PutJsonAsync($"integrations/{id}", EmulatorCalls.Snowflake($"h{i}.snowflakecomputing.com", warehouse: $"WH_{id}"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }));

        JsonArray list = (JsonArray)await http.GetJsonAsync("integrations");
        Assert.Equal(Count, list.Count);
        Assert.All(list, integration =>
        {
            Assert.Equal("enabled", (string?)integration!["status"]);
            Assert.Equal($"WH_{(string)integration["id"]!}", (string?)integration["config"]!["warehouse"]);
        });
    }

    [Fact]
    public async Task Parallel_deletes_of_distinct_integrations_all_take_effect()
    {
        await using TestEmulator emulator = await TestEmulator.StartAsync();
        using HttpClient http = EmulatorCalls.Authorized(emulator);
        string[] ids = await CreateManyAsync(http);

        await Task.WhenAll(ids.Select(async id =>
        {
            using HttpResponseMessage response = await http.DeleteAsync($"integrations/{id}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }));

        Assert.Empty((JsonArray)await http.GetJsonAsync("integrations"));
        Assert.All(await Task.WhenAll(ids.Select(http.StatusOfAsync)), status => Assert.Equal("deleted", status));
    }

    [Fact]
    public async Task Parallel_updates_deletes_and_creates_mixed_lose_nothing()
    {
        await using TestEmulator emulator = await TestEmulator.StartAsync();
        using HttpClient http = EmulatorCalls.Authorized(emulator);
        string[] ids = await CreateManyAsync(http);

        // Even ids are updated, odd ids deleted, while new integrations are created and the list is read.
        var work = new List<Task>();
        for (int i = 0; i < Count; i++)
        {
            string id = ids[i];
            work.Add(int.Parse(id, System.Globalization.CultureInfo.InvariantCulture) % 2 == 0
                ? ExpectOkAsync(http.PutJsonAsync($"integrations/{id}", EmulatorCalls.Snowflake($"h{i}.snowflakecomputing.com", warehouse: "UPDATED")))
                : ExpectOkAsync(http.DeleteAsync($"integrations/{id}")));
            work.Add(http.CreateAsync(EmulatorCalls.Snowflake($"new{i}.snowflakecomputing.com")));
            work.Add(ExpectOkAsync(http.GetAsync("integrations")));
        }
        await Task.WhenAll(work);

        JsonArray list = (JsonArray)await http.GetJsonAsync("integrations");
        JsonNode[] kept = list.Where(i => int.Parse((string)i!["id"]!, System.Globalization.CultureInfo.InvariantCulture) <= Count).Select(i => i!).ToArray();
        Assert.Equal(Count / 2 + Count, list.Count);
        Assert.All(kept, integration => Assert.Equal("UPDATED", (string?)integration["config"]!["warehouse"]));
        Assert.Equal(Count / 2, kept.Length);
    }

    private static async Task<string[]> CreateManyAsync(HttpClient http)
    {
        var ids = new string[Count];
        for (int i = 0; i < Count; i++) ids[i] = await http.CreateAsync(EmulatorCalls.Snowflake($"h{i}.snowflakecomputing.com"));
        return ids;
    }

    private static async Task ExpectOkAsync(Task<HttpResponseMessage> request)
    {
        using HttpResponseMessage response = await request;
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }
}
