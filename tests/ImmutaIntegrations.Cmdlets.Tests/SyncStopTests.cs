using System.Management.Automation;
using System.Management.Automation.Host;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ImmutaIntegrations.Emulator;
using ImmutaIntegrations.Tests;

namespace ImmutaIntegrations.Cmdlets.Tests;

/// <summary>
/// A sync stopped part way says exactly what was made: a change whose request the emulator answered is made (settled, or
/// not yet settled), with the emulator's id; one in flight is not known; only one never sent is not made. Each test stops
/// on what the emulator's history proves (a request answered and the wait's first look after it, a request held), never
/// on a time, and the emulator's transitions end only when the test settles them.
/// </summary>
public sealed class SyncStopTests : SeededSessionTests
{
    private const string Token = "stop-Vq7-token";
    private const string SeedYaml = """
        - type: Databricks
          autoBootstrap: true
          config:
            workspaceUrl: replaced.cloud.databricks.com
            httpPath: sql/protocolv1/o/0/1
            authenticationType: token
            token: databricks-secret
            catalog: immuta
        """;

    private readonly RecordingHost _host = new();
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"sync-stop-{Guid.NewGuid():N}");

    private protected override string Seed => SeedYaml;

    private protected override PSHost Host => _host;

    // Transitions never end by themselves: a wait for one runs until the test settles it or stops the sync.
    private protected override void Configure(EmulatorOptions options) => options.TransitionDelay = TimeSpan.FromMinutes(5);

    private protected override Task InitializeMoreAsync()
    {
        Directory.CreateDirectory(_folder);
        return Task.CompletedTask;
    }

    private protected override void DisposeMore() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Thirty_creations_stopped_with_16_settled_and_14_answered_are_all_reported_made_with_the_emulators_ids()
    {
        for (int n = 1; n <= 30; n++) File(n, $"stop-{n:00}.cloud.databricks.com");
        var output = new PSDataCollection<PSObject>();
        int? settled = null;

        // The default -ThrottleLimit (16): the first 16 creations are answered, then the test settles them; once their 16
        // results are out, the other 14 are sent and answered, and each one's wait has had its first look (so the client
        // read its answer) when the test stops the sync, their transitions still held.
        Session.StopWhen($"Sync-ImmutaIntegration -Path '{_folder}' -PollInterval 0.05 -Force", () =>
        {
            JsonArray history = History();
            if (settled is null && Answered(history, "POST /integrations") >= 16) settled = Settle();
            return output.Count >= 16 && FirstLooks(history).Length == 30;
        }, output: output);

        Assert.Equal(16, settled);
        Dictionary<string, string> statuses = Statuses("stop-");
        string[] enabled = [.. statuses.Where(s => s.Value == "enabled").Select(s => s.Key).Order()];
        string[] creating = [.. statuses.Where(s => s.Value == "creating").Select(s => s.Key).Order()];
        Assert.Equal((30, 16, 14), (statuses.Count, enabled.Length, creating.Length));
        string report = Report();
        Assert.Equal(enabled, Ids(Section(report, "Made and settled (16):")));
        Assert.Equal(creating, Ids(Section(report, "Made, not yet settled (14):")));
        string follow = Regex.Match(report, @"Wait-ImmutaIntegration -Id ([\d,]+)").Groups[1].Value;
        Assert.Equal(creating, follow.Split(',').Order());
        Assert.DoesNotContain("not made", report);
        Assert.DoesNotContain("not known", report);
        Assert.DoesNotContain(Token, report);
    }

    [Fact]
    public void A_creation_whose_request_is_held_is_in_flight_and_not_known_and_the_ones_never_sent_are_not_made()
    {
        File(1, "flying.cloud.databricks.com");
        File(2, "waiting.cloud.databricks.com");
        // The emulator counts a request as it arrives, then holds it: it has been sent, and cannot have been answered.
        Faults(new JsonObject { ["latencyMs"] = 60_000, ["routes"] = new JsonArray("POST /integrations") });

        Session.StopWhen($"Sync-ImmutaIntegration -Path '{_folder}' -ThrottleLimit 1 -Force", () => Arrived("POST /integrations") >= 1);

        string report = Report();
        Assert.Equal(["Create Databricks flying.cloud.databricks.com"], Section(report, "In flight at the stop, so not known (1):"));
        Assert.Contains("Get-ImmutaIntegration, or Compare-ImmutaIntegration on the same files, tells whether each was made", report);
        Assert.Equal(["Create Databricks waiting.cloud.databricks.com"], Section(report, "Not sent, so not made (1):"));
        Assert.DoesNotContain("Made", report);
        Assert.DoesNotContain(Token, report);
    }

    [Fact]
    public void A_replace_stopped_after_its_delete_was_answered_says_the_delete_was_accepted_and_the_create_not_sent()
    {
        string id = Assert.Single(Statuses("replaced.").Keys);
        File(1, "replaced.cloud.databricks.com", catalog: "other");

        // Stopped once the delete is answered and its wait has had its first look; the delete's transition is held.
        Session.StopWhen($"Sync-ImmutaIntegration -Path '{_folder}' -AllowReplace -PollInterval 0.05 -Force",
            () =>
            {
                JsonArray history = History();
                return Answered(history, "DELETE /integrations/{id}") == 1 && FirstLooks(history).Contains(id);
            });

        Assert.Equal("deleting", Statuses("replaced.")[id]);
        string report = Report();
        Assert.Equal(
            [
                $"Replace Databricks replaced.cloud.databricks.com (id {id}): the delete of integration {id} was accepted by Immuta (deleting) "
                + "and not settled when stopped; Immuta goes on with it; the create of its replacement was not sent",
            ],
            Section(report, "Made, not yet settled (1):"));
        Assert.Contains($"Wait-ImmutaIntegration -Id {id}.", report);
        Assert.DoesNotContain("Not sent", report);
        Assert.DoesNotContain("databricks-secret", report);
        Assert.DoesNotContain(Token, report);
    }

    private void File(int n, string workspace, string catalog = "immuta") =>
        System.IO.File.WriteAllText(Path.Combine(_folder, $"{n:00}.yaml"), $"""
            type: Databricks
            autoBootstrap: true
            config:
              workspaceUrl: {workspace}
              httpPath: sql/protocolv1/o/0/1
              catalog: {catalog}
              authenticationType: token
              token: {Token}
            """);

    private string Report() => Assert.Single(_host.Warnings, w => w.StartsWith("Sync-ImmutaIntegration was stopped. Where each change stands:", StringComparison.Ordinal));

    // The changes listed under a heading, one a line, indented.
    private static string[] Section(string report, string heading)
    {
        string[] lines = report.Split('\n');
        int at = Array.FindIndex(lines, l => l.StartsWith(heading, StringComparison.Ordinal));
        Assert.True(at >= 0, $"no '{heading}' in the report:\n{report}");
        return [.. lines.Skip(at + 1).TakeWhile(l => l.StartsWith("  ", StringComparison.Ordinal)).Select(l => l.Trim())];
    }

    private static string[] Ids(string[] lines) => [.. lines.Select(l => Regex.Match(l, @"\(id (\d+)\)").Groups[1].Value).Order()];

    // The ids whose wait has had its first look (GET /integrations/{id}, which follows the change's answer), in order.
    private static string[] FirstLooks(JsonArray history) =>
        [.. history.Where(e => (string?)e!["route"] == "GET /integrations/{id}").Select(e => ((string)e!["path"]!).Split('/')[2]).Distinct()];

    private static int Answered(JsonArray history, string route) => history.Count(e => (string?)e!["route"] == route && e["endedMs"] is not null);

    // The emulator's admin routes, from a condition polled on the test's own thread: off xunit's synchronization context.
    private JsonArray History() => Task.Run(async () => JsonNode.Parse(await Admin.GetStringAsync("_emulator/history"))!.AsArray()).GetAwaiter().GetResult();

    private int Arrived(string route) =>
        Task.Run(async () => (int?)JsonNode.Parse(await Admin.GetStringAsync("_emulator/requests"))![route] ?? 0).GetAwaiter().GetResult();

    // Ends every transition under way: how many it ended.
    private int Settle() => Task.Run(async () =>
    {
        using HttpResponseMessage settled = await Admin.PostAsync("_emulator/settle", null);
        return (int)JsonNode.Parse(await settled.EnsureSuccessStatusCode().Content.ReadAsStringAsync())!["settled"]!;
    }).GetAwaiter().GetResult();

    private void Faults(JsonObject faults) => Task.Run(async () =>
    {
        using var content = new StringContent(faults.ToJsonString(), System.Text.Encoding.UTF8, "application/json");
        (await Admin.PostAsync("_emulator/faults", content)).EnsureSuccessStatusCode();
    }).GetAwaiter().GetResult();

    // The status of each integration whose workspace begins so, by id.
    private Dictionary<string, string> Statuses(string workspace) => Task.Run(async () => JsonNode.Parse(await Admin.GetStringAsync("integrations"))!
        .AsArray().Where(i => ((string?)i!["config"]?["workspaceUrl"])?.StartsWith(workspace, StringComparison.Ordinal) == true)
        .ToDictionary(i => (string)i!["id"]!, i => (string)i!["status"]!)).GetAwaiter().GetResult();
}
