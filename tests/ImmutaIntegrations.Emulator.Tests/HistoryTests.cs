using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using ImmutaIntegrations.Emulator.Http;
using ImmutaIntegrations.Tests;

namespace ImmutaIntegrations.Emulator.Tests;

/// <summary>GET /_emulator/history: the API requests in order of arrival, with their routes, statuses and times; bounded; cleared by reset.</summary>
public sealed class HistoryTests : EmulatorTest
{
    private async Task<JsonObject[]> HistoryAsync()
    {
        Answer answer = await Api.Get("_emulator/history");
        Assert.Equal(HttpStatusCode.OK, answer.Status);
        return answer.Json!.AsArray().Cast<JsonObject>().ToArray();
    }

    private static string[] Lines(IEnumerable<JsonObject> history) =>
        history.Select(e => $"{e["seq"]} {e["method"]} {e["path"]}{e["query"]} | {e["route"]} | {e["status"]}").ToArray();

    [Fact]
    public async Task The_API_requests_are_listed_in_order_of_arrival_with_route_and_status_and_admin_routes_are_not()
    {
        string id = await Api.CreateAsync(Payloads.Manual("snowflake"));
        await Api.Get("_emulator/faults");
        await Api.Get($"integrations/{id}");
        await Api.Post($"integrations/{id}/scripts/delete");
        await Api.Post("_emulator/settings", new JsonObject());
        await Api.Delete($"integrations/{id}?forceDisable=true");
        await Api.Get("integrations/99");
        await Api.Post("integrations/scripts/create", ApiCalls.Example("bigquery"));
        await Api.SendAsync(HttpMethod.Get, "integrations", key: null);
        await Api.Get("nowhere");

        JsonObject[] history = await HistoryAsync();

        Assert.Equal(
        [
            "1 POST /integrations | POST /integrations | 200",
            "2 GET /integrations/1 | GET /integrations/{id} | 200",
            "3 POST /integrations/1/scripts/delete | POST /integrations/{id}/scripts/delete | 200",
            "4 DELETE /integrations/1?forceDisable=true | DELETE /integrations/{id} | 200",
            "5 GET /integrations/99 | GET /integrations/{id} | 404",
            "6 POST /integrations/scripts/create | POST /integrations/scripts/create | 400",
            "7 GET /integrations | GET /integrations | 401",
            "8 GET /nowhere | GET /nowhere | 404",
        ], Lines(history));
    }

    [Fact]
    public async Task Asked_for_bodies_each_request_with_one_shows_it_as_received_and_only_then()
    {
        JsonObject payload = Payloads.Manual("snowflake");
        payload["config"]!["password"] = "pw-line-1\npw-line-2";
        string id = await Api.CreateAsync(payload);
        await Api.Get($"integrations/{id}");

        Answer answer = await Api.Get("_emulator/history?bodies=true");
        JsonObject[] plain = await HistoryAsync();

        JsonObject[] history = answer.Json!.AsArray().Cast<JsonObject>().ToArray();
        Assert.Equal("pw-line-1\npw-line-2", (string)JsonNode.Parse((string)history[0]["body"]!)!["config"]!["password"]!);
        Assert.Null(history[1]["body"]);
        Assert.All(plain, e => Assert.Null(e["body"]));
    }

    [Fact]
    public async Task Each_entry_has_the_emulators_clock_time_and_milliseconds_since_start_when_it_arrived_and_ended()
    {
        await Api.Get("integrations");
        Emulator.Clock.Advance(TimeSpan.FromMilliseconds(1500));
        await Api.Get("integrations");

        JsonObject[] history = await HistoryAsync();

        Assert.Equal(["2026-01-01T00:00:00.000Z", "2026-01-01T00:00:01.500Z"], history.Select(e => (string)e["at"]!));
        Assert.Equal(["seq", "at", "elapsedMs", "method", "path", "route", "status", "endedMs"], history[0].Select(p => p.Key));
        Assert.All(history, e => Assert.True((double)e["endedMs"]! >= (double)e["elapsedMs"]! && (double)e["elapsedMs"]! >= 0));
        Assert.True((double)history[1]["elapsedMs"]! >= (double)history[0]["elapsedMs"]!);
    }

    [Fact]
    public async Task Concurrent_requests_each_get_their_own_number_in_order_of_arrival()
    {
        await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => Api.Get("integrations")));

        JsonObject[] history = await HistoryAsync();

        Assert.Equal(Enumerable.Range(1, 40).Select(n => (long)n), history.Select(e => (long)e["seq"]!));
        // Arrival order is the order of the milliseconds too.
        double[] arrivals = history.Select(e => (double)e["elapsedMs"]!).ToArray();
        Assert.Equal(arrivals.Order(), arrivals);
        Assert.All(history, e => Assert.True((double)e["endedMs"]! >= (double)e["elapsedMs"]!));
    }

    [Fact]
    public async Task A_request_whose_answer_was_dropped_is_marked_so()
    {
        using HttpClient admin = Emulator.CreateAuthorizedClient();
        await admin.SetFaultsAsync("""{"dropAfterProcessingRate": 1, "routes": ["GET /integrations"]}""");
        await Assert.ThrowsAnyAsync<Exception>(() => Api.Get("integrations"));
        await Api.Get("integrations/1/status");

        JsonObject[] history = await HistoryAsync();

        Assert.True((bool)history[0]["dropped"]!);
        Assert.False(history[1].ContainsKey("dropped"));
        Assert.Equal(404, (int)history[1]["status"]!);
    }

    [Fact]
    public async Task Reset_clears_the_history_and_numbering_starts_again()
    {
        await Api.Get("integrations");
        await Api.Get("integrations");

        await Api.Post("_emulator/reset");
        await Api.Get("integrations/1");

        Assert.Equal(["1 GET /integrations/1 | GET /integrations/{id} | 404"], Lines(await HistoryAsync()));
    }

    [Fact]
    public async Task Only_the_last_ten_thousand_requests_are_kept()
    {
        const int Sent = RequestHistory.Capacity + 5;
        int next = 0;
        await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) <= Sent) await Api.Get("integrations/1/status");
        }));

        JsonObject[] history = await HistoryAsync();

        Assert.Equal(10_000, history.Length);
        Assert.Equal(Enumerable.Range(6, 10_000).Select(n => (long)n), history.Select(e => (long)e["seq"]!));
    }

    [Fact]
    public void The_history_drops_its_oldest_entry_when_full_and_shows_a_request_under_way_without_status_or_end()
    {
        var history = new RequestHistory(new ManualClock(), capacity: 3);
        RequestHistory.Entry[] entries = Enumerable.Range(0, 5).Select(n => history.Arrive("GET", $"/integrations/{n}", null, "GET /integrations/{id}")).ToArray();
        foreach (RequestHistory.Entry entry in entries[..4]) history.End(entry, 200, dropped: false);

        JsonArray json = history.ToJson();

        Assert.Equal([3L, 4L, 5L], json.Select(e => (long)e!["seq"]!));
        Assert.Equal(JsonValueKind.Number, json[0]!["endedMs"]!.GetValueKind());
        Assert.False(json[2]!.AsObject().ContainsKey("status"));
        Assert.False(json[2]!.AsObject().ContainsKey("endedMs"));
    }
}
