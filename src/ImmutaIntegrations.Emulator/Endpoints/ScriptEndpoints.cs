using System.Text.Json.Nodes;
using ImmutaIntegrations.Emulator.Catalog;
using ImmutaIntegrations.Emulator.Http;
using ImmutaIntegrations.Emulator.Scripts;
using ImmutaIntegrations.Emulator.State;
using ImmutaIntegrations.Emulator.Validation;

namespace ImmutaIntegrations.Emulator.Endpoints;

/// <summary>
/// The script endpoints of a manual setup (docs/api-contract.md §2): SQL the user runs on the platform, as
/// <c>text/plain</c> unless the emulator is told to send it otherwise (<see cref="ScriptReply"/>). Each endpoint
/// takes only the types of the contract's table, and only <c>autoBootstrap: false</c>.
/// </summary>
internal static class ScriptEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        MapForPayload(app, ScriptKind.Create);
        MapForPayload(app, ScriptKind.Cleanup);
        MapForPayload(app, ScriptKind.InitialCreate);
        MapForPayload(app, ScriptKind.PostCleanup);
        app.MapPost("/integrations/{id}/scripts/edit", EditAsync);
        app.MapPost("/integrations/{id}/scripts/delete", Delete);
    }

    private static void MapForPayload(IEndpointRouteBuilder app, ScriptKind kind)
    {
        string endpoint = "scripts/" + kind.EndpointName();
        app.MapPost("/integrations/" + endpoint, (HttpRequest request, ScriptReply reply) => ForPayloadAsync(request, reply, kind, endpoint));
    }

    private static async Task<IResult> ForPayloadAsync(HttpRequest request, ScriptReply reply, ScriptKind kind, string endpoint)
    {
        JsonObject body = await RequestBody.ReadObjectAsync(request, RequestValidator.PayloadShape);
        ValidPayload payload = ValidateManual(body, kind, endpoint);
        return reply.Script(payload.Rules.Name, kind, payload.Config, null, null);
    }

    private static async Task<IResult> EditAsync(string id, HttpContext context, IntegrationStore store, ScriptReply reply)
    {
        StoredIntegration stored = ForStored(store, id, ScriptKind.Edit, "scripts/edit");
        JsonObject body = await RequestBody.ReadObjectAsync(context.Request, RequestValidator.PayloadShape);
        ValidPayload payload = ValidateManual(body, ScriptKind.Edit, "scripts/edit");
        if (payload.Rules != stored.Rules)
        {
            throw ApiProblem.BadRequest($"type cannot be changed: integration {id} is {stored.Type}, not {payload.Rules.Name}.");
        }
        JsonObject previous = store.Read(() =>
        {
            IntegrationEndpoints.CheckImmutable(stored, payload.Config);
            return (JsonObject)stored.Config.DeepClone();
        });
        return reply.Script(stored.Type, ScriptKind.Edit, payload.Config, previous, stored.Id);
    }

    private static IResult Delete(string id, IntegrationStore store, ScriptReply reply)
    {
        StoredIntegration stored = ForStored(store, id, ScriptKind.Delete, "scripts/delete");
        JsonObject config = store.Read(() =>
        {
            // The delete script removes what a successful creation made; a failed one has the cleanup script.
            if (stored.Status is "creating" or "createError")
            {
                throw ApiProblem.BadRequest(
                    $"Integration {id} was not created successfully (status {stored.Status}): use /integrations/scripts/cleanup instead.");
            }
            return (JsonObject)stored.Config.DeepClone();
        });
        return reply.Script(stored.Type, ScriptKind.Delete, config, config, stored.Id);
    }

    /// <summary>The type may use the endpoint, the payload is a manual setup, and it is valid.</summary>
    private static ValidPayload ValidateManual(JsonObject body, ScriptKind kind, string endpoint)
    {
        TypeRules rules = RequestValidator.ValidateType(body);
        RequireSupport(rules.Name, kind, endpoint);
        if (body["autoBootstrap"] is JsonValue auto && auto.TryGetValue(out bool automatic) && automatic)
        {
            throw ApiProblem.BadRequest($"autoBootstrap must be false: /integrations/{endpoint} is for integrations set up manually.");
        }
        return RequestValidator.Validate(body);
    }

    private static StoredIntegration ForStored(IntegrationStore store, string id, ScriptKind kind, string endpoint)
    {
        StoredIntegration stored = IntegrationEndpoints.Find(store, id, IntegrationEndpoints.GetNotFound, allowDeleted: false);
        RequireSupport(stored.Type, kind, "{id}/" + endpoint);
        if (stored.AutoBootstrap != false)
        {
            throw ApiProblem.BadRequest(
                $"Integration {id} was configured automatically: /integrations/{{id}}/{endpoint} is for integrations set up manually.");
        }
        return stored;
    }

    private static void RequireSupport(string type, ScriptKind kind, string endpoint)
    {
        if (!ScriptGenerator.Supports(type, kind))
        {
            throw ApiProblem.BadRequest($"type {type} is not supported by /integrations/{endpoint}.");
        }
    }
}
