using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using ImmutaIntegrations.Core;
using ImmutaIntegrations.Core.Api;
using ImmutaIntegrations.Core.Changes;
using ImmutaIntegrations.Core.Http;
using ImmutaIntegrations.Core.Payloads;
using ImmutaIntegrations.Core.Payloads.Reading;
using ImmutaIntegrations.Tests;
using static ImmutaIntegrations.Core.Tests.ScriptedHandler;

namespace ImmutaIntegrations.Core.Tests;

/// <summary>What is retried, how long it waits, and how a change whose answer was lost is reconciled.</summary>
public sealed class RetryTests
{
    private const string Status = "{\"id\": 1, \"status\": \"enabled\"}";

    [Theory]
    [InlineData(HttpStatusCode.RequestTimeout)]
    [InlineData(HttpStatusCode.TooManyRequests)]
    [InlineData(HttpStatusCode.BadGateway)]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    [InlineData(HttpStatusCode.GatewayTimeout)]
    public async Task A_read_is_retried_on_transient_answers_and_each_retry_is_a_verbose_line(HttpStatusCode transient)
    {
        var handler = new ScriptedHandler(ScriptedHandler.Status(transient), ScriptedHandler.Status(transient), ScriptedHandler.Status(HttpStatusCode.OK, Status));
        var log = new RecordingLog();
        using ImmutaClient client = Clients.Create(handler);

        IntegrationStatus status = await new IntegrationsApi(client, log).GetStatusAsync("1", CancellationToken.None);

        Assert.Equal("enabled", status.Status);
        Assert.Equal(3, handler.Requests.Count);
        Assert.Equal(2, log.Lines.Count(l => l.StartsWith("VERBOSE: Retrying GET http://localhost/integrations/1/status in ", StringComparison.Ordinal)));
        Assert.Contains(log.Lines, l => l.Contains("(attempt 2 of 5)"));
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest)]
    [InlineData(HttpStatusCode.Unauthorized)]
    [InlineData(HttpStatusCode.NotFound)]
    [InlineData(HttpStatusCode.Conflict)]
    [InlineData(HttpStatusCode.InternalServerError)]
    public async Task An_answer_that_would_not_change_is_not_retried(HttpStatusCode final)
    {
        var handler = new ScriptedHandler(ScriptedHandler.Status(final, "{\"message\":\"no\"}"));
        using ImmutaClient client = Clients.Create(handler);

        var error = await Assert.ThrowsAsync<ImmutaApiException>(() => new IntegrationsApi(client).GetStatusAsync("1", CancellationToken.None));

        Assert.Single(handler.Requests);
        Assert.Equal(1, error.Attempts);
    }

    [Fact]
    public async Task Retries_stop_after_the_connections_limit_and_the_error_says_how_many_attempts()
    {
        var handler = new ScriptedHandler(ScriptedHandler.Status(HttpStatusCode.ServiceUnavailable, "{\"message\":\"busy\"}"));
        using ImmutaClient client = Clients.Create(handler, maxRetries: 2);

        var error = await Assert.ThrowsAsync<ImmutaApiException>(() => new IntegrationsApi(client).GetStatusAsync("1", CancellationToken.None));

        Assert.Equal(3, handler.Requests.Count);
        Assert.Equal((3, ImmutaErrorId.ServerError, "busy"), (error.Attempts, error.ErrorId, error.Message));
    }

    [Fact]
    public async Task No_retries_means_one_attempt()
    {
        var handler = new ScriptedHandler(ScriptedHandler.Status(HttpStatusCode.ServiceUnavailable));
        using ImmutaClient client = Clients.Create(handler, maxRetries: 0);

        await Assert.ThrowsAsync<ImmutaApiException>(() => new IntegrationsApi(client).GetStatusAsync("1", CancellationToken.None));

        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task Retry_After_is_honoured()
    {
        var handler = new ScriptedHandler(ScriptedHandler.Status(HttpStatusCode.TooManyRequests, retryAfter: "1"), ScriptedHandler.Status(HttpStatusCode.OK, Status));
        var log = new RecordingLog();
        using ImmutaClient client = Clients.Create(handler);
        var clock = Stopwatch.StartNew();

        await new IntegrationsApi(client, log).GetStatusAsync("1", CancellationToken.None);

        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(950), $"waited only {clock.Elapsed}");
        Assert.Contains(log.Lines, l => l.Contains(" in 1 s (attempt 2 of 5)"));
    }

    [Fact]
    public async Task The_backoff_doubles_with_jitter_and_has_a_ceiling()
    {
        var handler = new ScriptedHandler(ScriptedHandler.Status(HttpStatusCode.ServiceUnavailable));
        var log = new RecordingLog();
        using var client = new ImmutaClient(new ImmutaClientOptions(new Uri("http://localhost/"), Clients.Key("k"))
        {
            MaxRetries = 5,
            RetryBaseDelay = TimeSpan.FromMilliseconds(20),
            MaxRetryDelay = TimeSpan.FromMilliseconds(100),
        }, handler);

        await Assert.ThrowsAsync<ImmutaApiException>(() => new IntegrationsApi(client, log).GetStatusAsync("1", CancellationToken.None));

        double[] delays = log.Lines.Where(l => l.StartsWith("VERBOSE: Retrying", StringComparison.Ordinal))
            .Select(l => double.Parse(l.Split(" in ")[1].Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) * 1000).ToArray();
        Assert.Equal(5, delays.Length);
        double[] ceilings = [20, 40, 80, 100, 100];
        for (int i = 0; i < delays.Length; i++)
        {
            Assert.InRange(delays[i], ceilings[i] / 2 - 1, ceilings[i] + 1);
        }
    }

    [Fact]
    public async Task A_timed_out_or_broken_read_is_retried()
    {
        int calls = 0;
        var handler = new FakeHandler(async (_, token) =>
        {
            int call = Interlocked.Increment(ref calls);
            // Only the client's timeout ends the first attempt.
            if (call == 1) await Task.Delay(Timeout.InfiniteTimeSpan, token);
            if (call == 2) throw new HttpRequestException("reset", new IOException("Connection reset by peer"));
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(Status) };
        });
        // The timeout applies to every attempt, the answered one too: it must be long enough that a busy machine never
        // takes it to hand over an answer that is already there (at 200 ms a stall of the test process was enough for
        // a fourth attempt), and it is all the first attempt waits.
        using ImmutaClient client = Clients.Create(handler, timeout: TimeSpan.FromSeconds(5));

        IntegrationStatus status = await new IntegrationsApi(client).GetStatusAsync("1", CancellationToken.None);

        Assert.Equal(("enabled", 3), (status.Status, calls));
    }

    [Fact]
    public async Task A_POST_that_may_have_acted_is_not_retried_but_one_that_certainly_did_not_is()
    {
        var lost = new ScriptedHandler(ScriptedHandler.Throw(new HttpRequestException("reset")), ScriptedHandler.Status(HttpStatusCode.OK, "{\"newKey\":\"k\"}"));
        var gateway = new ScriptedHandler(ScriptedHandler.Status(HttpStatusCode.BadGateway), ScriptedHandler.Status(HttpStatusCode.OK, "{\"newKey\":\"k\"}"));
        var throttled = new ScriptedHandler(ScriptedHandler.Status(HttpStatusCode.ServiceUnavailable), ScriptedHandler.Status(HttpStatusCode.OK, "{\"newKey\":\"k\"}"));
        var refused = new ScriptedHandler(ScriptedHandler.Throw(new HttpRequestException("refused", new SocketException((int)SocketError.ConnectionRefused))),
            ScriptedHandler.Status(HttpStatusCode.OK, "{\"newKey\":\"k\"}"));

        foreach (var once in new[] { lost, gateway })
        {
            using ImmutaClient client = Clients.Create(once);
            await Assert.ThrowsAsync<ImmutaApiException>(() => new IntegrationsApi(client).RegenerateApiKeyAsync("1", CancellationToken.None));
            Assert.Single(once.Requests);
        }
        foreach (var twice in new[] { throttled, refused })
        {
            using ImmutaClient client = Clients.Create(twice);
            Assert.Equal("k", await new IntegrationsApi(client).RegenerateApiKeyAsync("1", CancellationToken.None));
            Assert.Equal(2, twice.Requests.Count);
        }
    }

    [Fact]
    public async Task A_create_whose_answer_was_lost_is_reconciled_with_the_integration_it_made()
    {
        await using TestEmulator emulator = await TestEmulator.StartAsync();
        var losing = new LosingHandler(emulator.CreateHandler(), (request, number) => request.Method == HttpMethod.Post && number == 1);
        var log = new RecordingLog();
        using ImmutaClient client = Clients.Create(losing);
        var api = new IntegrationsApi(client, log);

        ChangeResult created = await api.CreateAsync(Payload("snowflake"), false, CancellationToken.None);

        Assert.Equal("1", created.Id);
        int count = await api.GetIntegrationsAsync(_ => { }, CancellationToken.None);
        Assert.Equal(1, count);
        Assert.Contains(log.Lines, l => l.Contains("integration 1, which matches the payload, is the one it made"));
    }

    [Theory]
    [InlineData("POST", "create")]
    [InlineData("PUT", "update")]
    [InlineData("DELETE", "delete")]
    public async Task A_change_that_fails_after_a_lost_answer_says_it_may_have_been_made(string method, string change)
    {
        var handler = new ScriptedHandler(Throw(new HttpRequestException("The connection was reset.")), ScriptedHandler.Status(HttpStatusCode.ServiceUnavailable, "{\"message\":\"busy\"}"));
        using ImmutaClient client = Clients.Create(handler, maxRetries: 2);
        var api = new IntegrationsApi(client);

        var error = await Assert.ThrowsAsync<ImmutaApiException>(() => method switch
        {
            "POST" => api.CreateAsync(Payload("s3"), false, CancellationToken.None),
            "PUT" => api.UpdateAsync("1", Payload("s3"), false, CancellationToken.None),
            _ => api.DeleteAsync("1", null, false, false, CancellationToken.None),
        });

        Assert.Equal(3, handler.Requests.Count);
        Assert.Equal((ImmutaErrorId.ServerError, 503, 3), (error.ErrorId, error.StatusCode, error.Attempts));
        Assert.True(error.AfterLostResponse);
        Assert.StartsWith("busy. An answer was lost, so the " + change + " may have been made: look at the integration", error.Message);
    }

    [Fact]
    public async Task A_create_whose_only_answer_is_lost_says_it_may_have_been_made()
    {
        var handler = new ScriptedHandler(Throw(new HttpRequestException("The connection was reset.")));
        using ImmutaClient client = Clients.Create(handler, maxRetries: 0);

        var error = await Assert.ThrowsAsync<ImmutaApiException>(() => new IntegrationsApi(client).CreateAsync(Payload("s3"), false, CancellationToken.None));

        Assert.Single(handler.Requests);
        Assert.Equal(ImmutaErrorId.ConnectionFailed, error.ErrorId);
        Assert.True(error.AfterLostResponse);
        Assert.EndsWith("An answer was lost, so the create may have been made: look at the integration before trying again.", error.Message);
    }

    [Fact]
    public async Task A_create_whose_reconciliation_cannot_look_says_it_may_have_been_made()
    {
        // The create's answer is lost, its retry finds integration 5 on the host, and the look at 5 fails too.
        var handler = new ScriptedHandler(
            Throw(new HttpRequestException("The connection was reset.")),
            ScriptedHandler.Status(HttpStatusCode.Conflict, "{\"message\":\"An integration already exists on host h (id = 5)\"}"),
            ScriptedHandler.Status(HttpStatusCode.Forbidden, "{\"message\":\"no\"}"));
        using ImmutaClient client = Clients.Create(handler, maxRetries: 1);

        var error = await Assert.ThrowsAsync<ImmutaApiException>(() => new IntegrationsApi(client).CreateAsync(Payload("s3"), false, CancellationToken.None));

        Assert.Equal(["POST /integrations", "POST /integrations", "GET /integrations/5"], handler.Requests);
        Assert.Equal(ImmutaErrorId.Forbidden, error.ErrorId);
        Assert.True(error.AfterLostResponse);
        Assert.Equal("no. An answer was lost, so the create may have been made: look at the integration before trying again.", error.Message);
    }

    [Fact]
    public async Task A_regeneration_whose_answer_is_lost_is_not_repeated_and_says_the_key_may_have_changed()
    {
        var handler = new ScriptedHandler(Throw(new HttpRequestException("The connection was reset.")), ScriptedHandler.Status(HttpStatusCode.OK, "{\"newKey\":\"k\"}"));
        using ImmutaClient client = Clients.Create(handler, maxRetries: 3);

        var error = await Assert.ThrowsAsync<ImmutaApiException>(() => new IntegrationsApi(client).RegenerateApiKeyAsync("7", CancellationToken.None));

        Assert.Equal(["POST /integrations/7/regenerate"], handler.Requests);
        Assert.Contains("so a new key may have been made, and the old one no longer work", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_change_that_fails_without_a_lost_answer_says_nothing_of_the_kind()
    {
        var handler = new ScriptedHandler(ScriptedHandler.Status(HttpStatusCode.ServiceUnavailable, "{\"message\":\"busy\"}"));
        using ImmutaClient client = Clients.Create(handler, maxRetries: 1);

        var error = await Assert.ThrowsAsync<ImmutaApiException>(() => new IntegrationsApi(client).CreateAsync(Payload("s3"), false, CancellationToken.None));

        Assert.False(error.AfterLostResponse);
        Assert.Equal("busy", error.Message);
    }

    [Fact]
    public async Task A_409_for_someone_elses_integration_stays_an_error_even_after_a_lost_answer()
    {
        await using TestEmulator emulator = await TestEmulator.StartAsync();
        using (ImmutaClient first = Clients.Create(emulator.CreateHandler()))
        {
            await new IntegrationsApi(first).CreateAsync(Payload("snowflake", warehouse: "THEIRS"), false, CancellationToken.None);
        }
        // The first attempt is lost before it reaches the server: the client cannot know that.
        var losing = new LosingHandler(new RefusingFirstPost(emulator.CreateHandler()), (_, _) => false);
        using ImmutaClient client = Clients.Create(losing);

        var error = await Assert.ThrowsAsync<ImmutaApiException>(() => new IntegrationsApi(client).CreateAsync(Payload("snowflake", warehouse: "MINE"), false, CancellationToken.None));

        Assert.Equal(ImmutaErrorId.IntegrationExists, error.ErrorId);
        Assert.True(error.AfterLostResponse);
        Assert.Equal("1", error.ConflictingId);
    }

    [Fact]
    public async Task A_409_on_the_first_attempt_is_a_plain_conflict()
    {
        await using TestEmulator emulator = await TestEmulator.StartAsync();
        using ImmutaClient client = Clients.Create(emulator.CreateHandler());
        var api = new IntegrationsApi(client);
        await api.CreateAsync(Payload("snowflake"), false, CancellationToken.None);

        var error = await Assert.ThrowsAsync<ImmutaApiException>(() => api.CreateAsync(Payload("snowflake"), false, CancellationToken.None));

        Assert.False(error.AfterLostResponse);
        Assert.Equal(1, error.Attempts);
    }

    [Fact]
    public async Task An_update_and_a_delete_whose_answers_were_lost_are_reconciled()
    {
        await using TestEmulator emulator = await TestEmulator.StartAsync(configure: o => o.TransitionDelay = TimeSpan.FromMilliseconds(300));
        var losing = new LosingHandler(emulator.CreateHandler(), (request, _) =>
            (request.Method == HttpMethod.Put || request.Method == HttpMethod.Delete) && request.Headers.Contains("X-Lose"));
        using ImmutaClient plain = Clients.Create(emulator.CreateHandler());
        var setup = new IntegrationsApi(plain);
        string id = (await setup.CreateAsync(Payload("databricks"), false, CancellationToken.None)).Id;
        await SettleAsync(emulator, setup, id);
        using ImmutaClient client = Clients.Create(new MarkingHandler(losing));
        var api = new IntegrationsApi(client);

        MarkingHandler.LoseNext = true;
        ChangeResult edited = await api.UpdateAsync(id, Payload("databricks", httpPath: "sql/new"), false, CancellationToken.None);
        await SettleAsync(emulator, setup, id);
        MarkingHandler.LoseNext = true;
        ChangeResult deleted = await api.DeleteAsync(id, null, false, false, CancellationToken.None);

        Assert.Equal((id, "editing"), (edited.Id, edited.Status));
        Assert.Equal("deleting", deleted.Status);
    }

    // Ends the transition under way on the emulator's clock and waits for the integration to show it (the waiter's
    // timeout is a backstop, not a bound on how soon).
    private static async Task SettleAsync(TestEmulator emulator, IntegrationsApi api, string id)
    {
        emulator.PassTransitionDelay();
        WaitOutcome settled = (await IntegrationWaiter.WaitAsync(api, [id], TimeSpan.FromMinutes(1), TimeSpan.FromMilliseconds(20), 1, null, CancellationToken.None))[0];
        Assert.Equal("enabled", settled.Integration?.Status);
    }

    private static PreparedPayload Payload(string name, string? warehouse = null, string? httpPath = null)
    {
        PayloadDocument document = PayloadFiles.Read(Path.Combine(AppContext.BaseDirectory, "examples", $"create-{name}.json"))[0];
        var config = (System.Collections.Specialized.OrderedDictionary)((System.Collections.Specialized.OrderedDictionary)document.Root!)["config"]!;
        if (warehouse != null) config["warehouse"] = warehouse;
        if (httpPath != null) config["httpPath"] = httpPath;
        return PreparedPayload.From(document);
    }

    /// <summary>Fails the first POST before it reaches the server, as a broken connection would.</summary>
    private sealed class RefusingFirstPost(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        private int _posts;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            request.Method == HttpMethod.Post && Interlocked.Increment(ref _posts) == 1
                ? throw new HttpRequestException("reset", new IOException("Connection reset by peer"))
                : base.SendAsync(request, cancellationToken);
    }

    /// <summary>Marks the next request so the losing handler under it loses its answer.</summary>
    private sealed class MarkingHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        public static bool LoseNext;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (LoseNext)
            {
                LoseNext = false;
                request.Headers.Add("X-Lose", "1");
            }
            return base.SendAsync(request, cancellationToken);
        }
    }
}
