using System.Text.Json.Nodes;
using ImmutaIntegrations.Tests;
using Microsoft.Data.Sqlite;

namespace ImmutaIntegrations.Cmdlets.Tests;

/// <summary>Ctrl+C (StopProcessing) ends a slow request, a wait or a script run within a second, and cancels the request.</summary>
public sealed class CancellationTests : IAsyncLifetime
{
    private TestEmulator _emulator = null!;
    private PowerShellSession _session = null!;
    private HttpClient _admin = null!;

    public async Task InitializeAsync()
    {
        _emulator = await TestEmulator.StartAsync(SampleData.Seed, loopback: true, configure: o => o.TransitionDelay = TimeSpan.FromMinutes(5));
        _admin = _emulator.CreateAuthorizedClient();
        _session = PowerShellSession.ConnectedTo(_emulator);
    }

    public async Task DisposeAsync()
    {
        _session.Run("Disconnect-Immuta");
        _session.Dispose();
        _admin.Dispose();
        await _emulator.DisposeAsync();
    }

    [Fact]
    public async Task A_slow_request_stops_within_a_second_and_the_server_sees_it_cancelled()
    {
        await SetLatency(30_000);
        try
        {
            TimeSpan took = _session.StopAfter("Get-ImmutaIntegration -Id 1", TimeSpan.FromMilliseconds(500));

            Assert.True(took < TimeSpan.FromSeconds(1), $"stopping took {took}");
            // The request is cancelled, not abandoned: its connection is closed, and the server notices.
            Assert.True(await Eventually(async () => (int)(await Stats())["cancelledByClient"]! >= 1), "the server did not see the request cancelled");
        }
        finally
        {
            await SetLatency(0);
        }
    }

    [Fact]
    public void A_wait_stops_within_a_second()
    {
        var created = _session.Run("New-ImmutaIntegration -Payload @{ type = 'Native S3'; autoBootstrap = $false; config = @{ name = 'c'; awsAccountId = '1'; awsRegion = 'r'; awsLocationRole = 'a'; awsLocationPath = 'p'; authenticationType = 'auto'; awsRoleToAssume = 'x' } } -Force");
        string id = Assert.Single(created.Of<Integration>()).Id;

        TimeSpan took = _session.StopAfter($"Wait-ImmutaIntegration -Id {id} -PollInterval 0.2", TimeSpan.FromMilliseconds(700));

        Assert.True(took < TimeSpan.FromSeconds(1), $"stopping took {took}");
    }

    [Fact]
    public void A_script_run_on_a_connection_stops_within_a_second()
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        const string slow = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 5000000000) SELECT count(*) FROM c;";

        connection.Open();
        try
        {
            TimeSpan took = _session.StopAfter("Invoke-ImmutaScript -Text $sql -DbConnection $db -Confirm:$false", TimeSpan.FromMilliseconds(700),
                new Dictionary<string, object?> { ["sql"] = slow, ["db"] = connection });

            Assert.True(took < TimeSpan.FromSeconds(1), $"stopping the statement took {took}");
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
        TimeSpan took = _session.StopAfter("Invoke-ImmutaScript -Text 'SELECT 1;' -Executor { Start-Sleep -Seconds 30 } -Confirm:$false", TimeSpan.FromMilliseconds(700));

        Assert.True(took < TimeSpan.FromSeconds(1), $"stopping the executor took {took}");
    }

    private async Task SetLatency(int milliseconds)
    {
        using var content = new StringContent(new JsonObject { ["latencyMs"] = milliseconds }.ToJsonString(), System.Text.Encoding.UTF8, "application/json");
        (await _admin.PostAsync("_emulator/faults", content)).EnsureSuccessStatusCode();
    }

    private async Task<JsonObject> Stats() => (JsonObject)JsonNode.Parse(await _admin.GetStringAsync("_emulator/stats"))!;

    private static async Task<bool> Eventually(Func<Task<bool>> condition)
    {
        for (int i = 0; i < 50; i++)
        {
            if (await condition()) return true;
            await Task.Delay(100);
        }
        return false;
    }
}
