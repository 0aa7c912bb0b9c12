using System.Text.Json.Nodes;
using ImmutaIntegrations.Emulator;
using ImmutaIntegrations.Tests;
using Microsoft.Data.Sqlite;

namespace ImmutaIntegrations.Cmdlets.Tests;

/// <summary>Ctrl+C (StopProcessing) ends a slow request, a wait or a script run within a second, and cancels the request.</summary>
public sealed class CancellationTests : SeededSessionTests
{
    // The promise is a second: each cmdlet gives up on the work it stopped after 400 ms, and work that observes the
    // cancellation ends sooner. On a 2-core machine under full load (load average 11) a stop measured 0.02 to 0.8 s
    // (a statement Microsoft.Data.Sqlite will not cancel takes the whole 400 ms and more), too close to a second to
    // assert it there. Three seconds is met with a wide margin on such a machine, and still fails a stop that sits
    // out the work: the 30-second request, the never-ending wait or statement, the 30-second executor.
    private static readonly TimeSpan StopBound = TimeSpan.FromSeconds(3);

    // Transitions never end by themselves: a wait for one runs until it is stopped.
    private protected override void Configure(EmulatorOptions options) => options.TransitionDelay = TimeSpan.FromMinutes(5);


    [Fact]
    public async Task A_slow_request_stops_within_a_second_and_the_server_sees_it_cancelled()
    {
        await SetLatency(30_000);
        try
        {
            int before = await Requests("GET /integrations/{id}");

            // Stopped once the server holds the request (it counts a request before the injected latency).
            TimeSpan took = Session.StopWhen("Get-ImmutaIntegration -Id 1", () => RequestsNow("GET /integrations/{id}") > before);

            Assert.True(took < StopBound, $"stopping took {took}");
            // The request is cancelled, not abandoned: its connection is closed, and the server notices.
            Assert.True(await Eventually(async () => (int)(await Stats())["cancelledByClient"]! >= 1), "the server did not see the request cancelled");
        }
        finally
        {
            await SetLatency(0);
        }
    }

    [Fact]
    public async Task A_wait_stops_within_a_second()
    {
        var created = Session.Run("New-ImmutaIntegration -Payload @{ type = 'Native S3'; autoBootstrap = $false; config = @{ name = 'c'; awsAccountId = '1'; awsRegion = 'r'; awsLocationRole = 'a'; awsLocationPath = 'p'; authenticationType = 'auto'; awsRoleToAssume = 'x' } } -Force");
        string id = Assert.Single(created.Of<Integration>()).Id;
        int before = await Requests("GET /integrations/{id}/status");

        // Stopped once the wait is polling (the integration stays creating until the test would move the clock).
        TimeSpan took = Session.StopWhen($"Wait-ImmutaIntegration -Id {id} -PollInterval 0.2",
            () => RequestsNow("GET /integrations/{id}/status") > before);

        Assert.True(took < StopBound, $"stopping took {took}");
    }

    [Fact]
    public void A_script_run_on_a_connection_stops_within_a_second()
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        using var running = new ManualResetEventSlim();
        // started() is called as the statement begins: from then on it runs until it is interrupted.
        const string slow = "WITH RECURSIVE c(x) AS (SELECT started() UNION ALL SELECT x + 1 FROM c WHERE x < 5000000000) SELECT count(*) FROM c;";

        connection.Open();
        connection.CreateFunction("started", () =>
        {
            running.Set();
            return 1L;
        });
        try
        {
            TimeSpan took = Session.StopWhen("Invoke-ImmutaScript -Text $sql -DbConnection $db -Confirm:$false", () => running.IsSet,
                new Dictionary<string, object?> { ["sql"] = slow, ["db"] = connection });

            Assert.True(took < StopBound, $"stopping the statement took {took}");
        }
        finally
        {
            // Microsoft.Data.Sqlite ignores DbCommand.Cancel, so the statement the cmdlet let go of is still running: end it here.
            SQLitePCL.raw.sqlite3_interrupt(connection.Handle);
        }
    }

    [Fact]
    public void A_script_run_in_an_executor_stops_within_a_second()
    {
        using var running = new ManualResetEventSlim();

        TimeSpan took = Session.StopWhen("Invoke-ImmutaScript -Text 'SELECT 1;' -Executor { $running.Set(); Start-Sleep -Seconds 30 } -Confirm:$false",
            () => running.IsSet, new Dictionary<string, object?> { ["running"] = running });

        Assert.True(took < StopBound, $"stopping the executor took {took}");
    }

    [Fact]
    public async Task A_sync_stops_everything_within_the_bound_and_says_which_changes_were_made()
    {
        var host = new RecordingHost();
        using PowerShellSession session = PowerShellSession.ConnectedTo(Emulator, host);
        string folder = Path.Combine(Path.GetTempPath(), $"sync-stop-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        string[] workspaces = ["stop-1", "stop-2", "stop-3"];
        foreach (string workspace in workspaces)
        {
            File.WriteAllText(Path.Combine(folder, workspace + ".yaml"), $"""
                type: Databricks
                autoBootstrap: true
                config:
                  workspaceUrl: {workspace}.cloud.databricks.com
                  httpPath: sql/protocolv1/o/0/1
                  catalog: immuta
                  authenticationType: token
                  token: stop-token
                """);
        }
        try
        {
            // One at a time: the first creation settles when the test ends its transition; the second is stopped in its
            // wait, once the wait's first look shows the client read its answer; the third is never sent.
            bool firstSettled = false;
            TimeSpan took = session.StopWhen($"Sync-ImmutaIntegration -Path '{folder}' -ThrottleLimit 1 -PollInterval 0.05 -Force", () =>
            {
                int looks = RequestsNow("GET /integrations/{id}");
                if (looks == 1 && !firstSettled)
                {
                    // The creation's transition begins once its request is answered: settle until it has ended.
                    firstSettled = Task.Run(() => SettleWorkspace("stop-1.cloud.databricks.com")).GetAwaiter().GetResult();
                }
                return firstSettled && CreatingAndLookedAt() == 1;
            });

            Assert.True(took < StopBound, $"stopping took {took}");
            string report = Assert.Single(host.Warnings, w => w.StartsWith("Sync-ImmutaIntegration was stopped", StringComparison.Ordinal));
            JsonArray integrations = JsonNode.Parse(await Admin.GetStringAsync("integrations"))!.AsArray();
            string IdOf(string workspace) => (string)integrations.Single(i => (string?)i!["config"]?["workspaceUrl"] == workspace)!["id"]!;
            Assert.Contains($"Made and settled (1):\n  Create Databricks stop-1.cloud.databricks.com (id {IdOf("stop-1.cloud.databricks.com")})", report);
            Assert.Contains($"Made, not yet settled (1): Immuta accepted these and goes on with them; follow them with Wait-ImmutaIntegration -Id "
                + $"{IdOf("stop-2.cloud.databricks.com")}.\n  Create Databricks stop-2.cloud.databricks.com (id {IdOf("stop-2.cloud.databricks.com")})", report);
            Assert.Contains("Not sent, so not made (1): running Sync-ImmutaIntegration again makes them.\n  Create Databricks stop-3.cloud.databricks.com", report);
            Assert.DoesNotContain("stop-token", report);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private async Task SetLatency(int milliseconds)
    {
        using var content = new StringContent(new JsonObject { ["latencyMs"] = milliseconds }.ToJsonString(), System.Text.Encoding.UTF8, "application/json");
        (await Admin.PostAsync("_emulator/faults", content)).EnsureSuccessStatusCode();
    }

    private async Task<JsonObject> Stats() => (JsonObject)JsonNode.Parse(await Admin.GetStringAsync("_emulator/stats"))!;

    // How many integrations still creating have had their wait's first look (GET /integrations/{id}), which shows the client
    // read the answer to the creation.
    private int CreatingAndLookedAt() => Task.Run(async () =>
    {
        JsonArray history = JsonNode.Parse(await Admin.GetStringAsync("_emulator/history"))!.AsArray();
        JsonArray integrations = JsonNode.Parse(await Admin.GetStringAsync("integrations"))!.AsArray();
        return integrations.Count(i => (string?)i!["status"] == "creating"
            && history.Any(e => (string?)e!["path"] == $"/integrations/{(string)i!["id"]!}"));
    }).GetAwaiter().GetResult();

    // Ends the transitions under way; true once the integration of the workspace is enabled.
    private async Task<bool> SettleWorkspace(string workspaceUrl)
    {
        using (HttpResponseMessage settle = await Admin.PostAsync("_emulator/settle", null).ConfigureAwait(false)) settle.EnsureSuccessStatusCode();
        JsonArray integrations = JsonNode.Parse(await Admin.GetStringAsync("integrations").ConfigureAwait(false))!.AsArray();
        return integrations.Any(i => (string?)i!["config"]?["workspaceUrl"] == workspaceUrl && (string?)i["status"] == "enabled");
    }

    private async Task<int> Requests(string route) => (int?)JsonNode.Parse(await Admin.GetStringAsync("_emulator/requests").ConfigureAwait(false))![route] ?? 0;

    // For a condition polled on the test's own thread: off xunit's synchronization context, which that thread holds.
    private int RequestsNow(string route) => Task.Run(() => Requests(route)).GetAwaiter().GetResult();

    // Waits for a condition; the minute is only a backstop, the loop ends as soon as it holds.
    private static async Task<bool> Eventually(Func<Task<bool>> condition)
    {
        var patience = System.Diagnostics.Stopwatch.StartNew();
        while (patience.Elapsed < TimeSpan.FromMinutes(1))
        {
            if (await condition()) return true;
            await Task.Delay(50);
        }
        return await condition();
    }
}
