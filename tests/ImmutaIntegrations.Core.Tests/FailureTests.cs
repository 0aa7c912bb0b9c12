using System.Net;
using ImmutaIntegrations.Core;
using ImmutaIntegrations.Core.Api;
using ImmutaIntegrations.Core.Http;

namespace ImmutaIntegrations.Core.Tests;

/// <summary>How failures without a clean Immuta answer become errors.</summary>
public sealed class FailureTests
{
    [Fact]
    public async Task A_non_JSON_error_body_is_shown_with_the_status()
    {
        using ImmutaClient client = Clients.Create(FakeHandler.Answer(HttpStatusCode.BadGateway, "upstream unavailable", "text/plain"));

        var error = await Assert.ThrowsAsync<ImmutaApiException>(() => new IntegrationsApi(client).GetStatusAsync("1", CancellationToken.None));

        Assert.Equal("502 Bad Gateway: upstream unavailable", error.Message);
        Assert.Equal(ImmutaErrorId.ServerError, error.ErrorId);
        Assert.Equal(502, error.StatusCode);
    }

    [Fact]
    public async Task An_error_with_only_an_error_field_uses_it()
    {
        using ImmutaClient client = Clients.Create(FakeHandler.Answer(HttpStatusCode.Conflict, "{\"error\":\"Conflict\"}"));

        var error = await Assert.ThrowsAsync<ImmutaApiException>(() => new IntegrationsApi(client).GetStatusAsync("1", CancellationToken.None));

        Assert.Equal("Conflict", error.Message);
        Assert.Equal(ImmutaErrorId.Conflict, error.ErrorId);
    }

    [Fact]
    public async Task No_answer_within_the_timeout_is_RequestTimeout()
    {
        var handler = new FakeHandler(async (_, token) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(30), token);
            return new HttpResponseMessage(HttpStatusCode.OK);
        });
        using ImmutaClient client = Clients.Create(handler, timeout: TimeSpan.FromMilliseconds(200));

        var error = await Assert.ThrowsAsync<ImmutaApiException>(() => new IntegrationsApi(client).GetStatusAsync("1", CancellationToken.None));

        Assert.Equal(ImmutaErrorId.RequestTimeout, error.ErrorId);
        Assert.Equal(ImmutaFailure.Timeout, error.Failure);
        Assert.Contains("0.2 seconds", error.Message);
    }

    [Fact]
    public async Task Cancellation_is_not_a_timeout_and_ends_the_request_promptly()
    {
        var handler = new FakeHandler(async (_, token) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(30), token);
            return new HttpResponseMessage(HttpStatusCode.OK);
        });
        using ImmutaClient client = Clients.Create(handler);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        var clock = System.Diagnostics.Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new IntegrationsApi(client).GetStatusAsync("1", cancel.Token));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task A_transport_failure_is_ConnectionFailed_naming_the_host()
    {
        var handler = new FakeHandler((_, _) => throw new HttpRequestException("Connection refused (127.0.0.1:1)"));
        using ImmutaClient client = Clients.Create(handler, url: "https://acme.immuta.com");

        var error = await Assert.ThrowsAsync<ImmutaApiException>(() => new IntegrationsApi(client).GetStatusAsync("1", CancellationToken.None));

        Assert.Equal(ImmutaErrorId.ConnectionFailed, error.ErrorId);
        Assert.Equal(ImmutaFailure.Transport, error.Failure);
        Assert.Equal("Could not reach acme.immuta.com: Connection refused (127.0.0.1:1)", error.Message);
    }

    [Fact]
    public async Task A_success_that_is_not_the_promised_JSON_is_InvalidResponse()
    {
        using ImmutaClient client = Clients.Create(FakeHandler.Answer(HttpStatusCode.OK, "<html>login</html>", "text/html"));

        var error = await Assert.ThrowsAsync<ImmutaApiException>(() => new IntegrationsApi(client).GetIntegrationAsync("1", CancellationToken.None));

        Assert.Equal(ImmutaErrorId.InvalidResponse, error.ErrorId);
        Assert.Equal(ImmutaFailure.InvalidResponse, error.Failure);
    }

    [Fact]
    public async Task A_list_that_is_not_an_array_is_InvalidResponse()
    {
        using ImmutaClient client = Clients.Create(FakeHandler.Answer(HttpStatusCode.OK, "{\"integrations\":[]}"));

        var error = await Assert.ThrowsAsync<ImmutaApiException>(() => new IntegrationsApi(client).GetIntegrationsAsync(_ => { }, CancellationToken.None));

        Assert.Equal(ImmutaErrorId.InvalidResponse, error.ErrorId);
        Assert.Contains("array of integrations", error.Message);
    }

    [Fact]
    public void An_empty_id_is_refused_before_sending()
    {
        var handler = FakeHandler.Answer(HttpStatusCode.OK, "{}");
        using ImmutaClient client = Clients.Create(handler);

        var error = Assert.Throws<ImmutaRefusedException>(() => { _ = new IntegrationsApi(client).GetIntegrationAsync(" ", CancellationToken.None); });
        Assert.Equal(ImmutaErrorId.InvalidId, error.ErrorId);
        Assert.Equal(0, handler.Calls);
    }
}
