using System.Text.Json.Nodes;
using ImmutaIntegrations.Emulator.Http;

namespace ImmutaIntegrations.Emulator.Tests;

public sealed class RequestLogTests
{
    [Fact]
    public async Task The_counts_can_be_read_while_requests_are_counted_and_the_counts_cleared()
    {
        // GET /_emulator/requests once answered 500 (an ArgumentException from copying the counts) when a request of a
        // route not seen before was counted while it read them. Here routes are counted, and the counts cleared, all along.
        var log = new RequestLog();
        using var started = new ManualResetEventSlim();
        using var stop = new CancellationTokenSource();
        Task counter = Task.Run(() =>
        {
            started.Set();
            for (int round = 0; round < 200_000 && !stop.IsCancellationRequested; round++)
            {
                for (int route = 0; route < 16; route++) log.Count($"GET /route/{route}");
                log.Clear();
            }
        });
        started.Wait();
        try
        {
            for (int read = 0; read < 20_000 && !counter.IsCompleted; read++)
            {
                JsonObject counts = log.ToJson();
                JsonObject stats = log.StatsJson();
                Assert.All(counts, pair => Assert.InRange((int)pair.Value!, 1, 2));
                Assert.True(counts.Count <= 16);
                Assert.NotNull(stats["requests"]);
            }
        }
        finally
        {
            stop.Cancel();
            await counter;
        }
    }
}
