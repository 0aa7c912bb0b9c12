using System.Text.Json;
using ImmutaIntegrations.Emulator.Http;
using ImmutaIntegrations.Emulator.State;

namespace ImmutaIntegrations.Emulator.Endpoints;

/// <summary>The read endpoints of the Integrations API (contract §2).</summary>
internal static class IntegrationEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/integrations", WriteAllAsync);

        app.MapGet("/integrations/{id}", (string id, IntegrationStore store) =>
            store.Find(id) is { } found ? Json(found.ToJson()) : ApiErrors.NotFound($"No Integration found with ID {id}."));

        app.MapGet("/integrations/{id}/status", (string id, IntegrationStore store) =>
            store.Find(id) is { } found ? Json(found.StatusJson()) : ApiErrors.NotFound($"No Integration found with ID {id}."));
    }

    /// <summary>Writes the list one integration at a time, so a long list is never built whole in memory.</summary>
    private static async Task WriteAllAsync(HttpContext context, IntegrationStore store)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        await using var writer = new Utf8JsonWriter(context.Response.Body, JsonOutput.WriterOptions);
        writer.WriteStartArray();
        foreach (StoredIntegration integration in store.Snapshot())
        {
            integration.ToJson().WriteTo(writer);
            if (writer.BytesPending > 16 * 1024) await writer.FlushAsync(context.RequestAborted);
        }
        writer.WriteEndArray();
        await writer.FlushAsync(context.RequestAborted);
    }

    private static IResult Json(System.Text.Json.Nodes.JsonNode node) => JsonOutput.Result(node);
}
