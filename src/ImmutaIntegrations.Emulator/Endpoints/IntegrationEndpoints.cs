using System.Text.Json;
using System.Text.Json.Nodes;
using ImmutaIntegrations.Emulator.Catalog;
using ImmutaIntegrations.Emulator.Http;
using ImmutaIntegrations.Emulator.Quirks;
using ImmutaIntegrations.Emulator.State;
using ImmutaIntegrations.Emulator.Validation;

namespace ImmutaIntegrations.Emulator.Endpoints;

/// <summary>The Integrations API's endpoints for integrations themselves (docs/api-contract.md §2, §4, §5).</summary>
internal static class IntegrationEndpoints
{
    // The types whose automatic setup left objects only privileged credentials can remove (docs/api-contract.md §5).
    internal static readonly string[] CleanedUpWithCredentials = [TypeCatalog.Synapse, TypeCatalog.Redshift, TypeCatalog.Snowflake];

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/integrations", WriteAllAsync);
        app.MapGet("/integrations/{id}", (string id, HttpRequest request, IntegrationStore store, Answers answers) =>
        {
            StoredIntegration found = Find(store, id, GetNotFound);
            return JsonOutput.Result(answers.Integration(store.Read(() => found.ToJson(TenantUrl(request)))));
        });
        app.MapGet("/integrations/{id}/status", (string id, IntegrationStore store, Answers answers) =>
        {
            StoredIntegration found = Find(store, id, GetNotFound);
            return JsonOutput.Result(answers.Status(store.Read(found.StatusJson)));
        });
        app.MapPost("/integrations", CreateAsync);
        app.MapPut("/integrations/{id}", UpdateAsync);
        app.MapDelete("/integrations/{id}", DeleteEndpoint.DeleteAsync);
        app.MapPost("/integrations/{id}/regenerate", Regenerate);
    }

    public static string GetNotFound(string id) => $"No Integration found with ID {id}.";

    public static string DeleteNotFound(string id) => $"No integration found with ID {id}.";

    /// <summary>An integration that is still there (a deleted one answers GET only).</summary>
    public static StoredIntegration Find(IntegrationStore store, string id, Func<string, string> notFound, bool allowDeleted = true)
    {
        StoredIntegration? found = store.Find(id);
        if (found is null || (!allowDeleted && found.IsDeleted)) throw ApiProblem.NotFound(notFound(id));
        return found;
    }

    public static string TenantUrl(HttpRequest request) => $"{request.Scheme}://{request.Host}";

    /// <summary>
    /// Writes the list one integration at a time, so a long list is never built whole in memory. With odd-item,
    /// the unreadable item comes second, so a client meets good items on both sides of it.
    /// </summary>
    private static async Task WriteAllAsync(HttpContext context, IntegrationStore store, Answers answers)
    {
        string tenant = TenantUrl(context.Request);
        context.Response.ContentType = "application/json; charset=utf-8";
        await using var writer = new Utf8JsonWriter(context.Response.Body, JsonOutput.WriterOptions);
        writer.WriteStartArray();
        JsonObject? odd = answers.OddItem();
        int written = 0;
        foreach (StoredIntegration integration in store.Listed())
        {
            if (written++ == 1) odd?.WriteTo(writer);
            answers.Integration(store.Read(() => integration.ToJson(tenant))).WriteTo(writer);
            if (writer.BytesPending > 16 * 1024) await writer.FlushAsync(context.RequestAborted);
        }
        if (written < 2) odd?.WriteTo(writer);
        writer.WriteEndArray();
        await writer.FlushAsync(context.RequestAborted);
    }

    private static async Task<IResult> CreateAsync(HttpContext context, IntegrationStore store, Lifecycle lifecycle, Answers answers)
    {
        bool dryRun = RequestBody.Flag(context.Request, "dryRun");
        ValidPayload payload = RequestValidator.Validate(await RequestBody.ReadObjectAsync(context.Request, RequestValidator.PayloadShape));
        CheckPrerequisites(payload);
        string? failing = Simulation.FindValue(payload.Config, Simulation.FailPrefix);
        JsonObject checks = ValidationRun.Results(payload);
        JsonObject outcome = ValidationRun.Results(payload, failing);
        string host = context.Request.Host.ToString();

        var (created, answer) = store.Write(transaction =>
        {
            if (transaction.FindSameTarget(payload.Rules, payload.Config, except: null) is { } existing)
            {
                throw ApiProblem.Conflict(AlreadyExists(payload.Rules, payload.Config, existing, host));
            }
            if (dryRun) return ((StoredIntegration?)null, answers.DryRun(outcome));
            var integration = new StoredIntegration
            {
                Id = transaction.NextId(),
                Rules = payload.Rules,
                Status = "creating",
                AutoBootstrap = payload.AutoBootstrap,
                Config = payload.Config,
                ValidationResults = checks,
                ApiKey = payload.Rules.HasConfig ? null : ApiKeys.New(),
                Pending = new PendingTransition(transaction.NextTicket(), failing is null ? "enabled" : "createError", outcome),
            };
            transaction.Add(integration);
            return (integration, answers.Change(integration.ChangeJson()));
        });
        if (created is not null) lifecycle.Schedule(created);
        return JsonOutput.Result(answer);
    }

    private static async Task<IResult> UpdateAsync(string id, HttpContext context, IntegrationStore store, Lifecycle lifecycle, Answers answers)
    {
        bool dryRun = RequestBody.Flag(context.Request, "dryRun");
        StoredIntegration stored = Find(store, id, GetNotFound, allowDeleted: false);
        JsonObject body = await RequestBody.ReadObjectAsync(context.Request, RequestValidator.PayloadShape);
        if (RequestValidator.ValidateType(body) is { HasConfig: false } rules)
        {
            throw ApiProblem.BadRequest($"type {rules.Name} cannot be updated: Starburst (Trino) integrations take no PUT.");
        }
        ValidPayload payload = RequestValidator.Validate(body);
        if (payload.Rules != stored.Rules)
        {
            throw ApiProblem.BadRequest($"type cannot be changed: integration {id} is {stored.Type}, not {payload.Rules.Name}.");
        }
        string? failing = Simulation.FindValue(payload.Config, Simulation.FailPrefix);
        JsonObject checks = ValidationRun.Results(payload);
        JsonObject outcome = ValidationRun.Results(payload, failing);
        string host = context.Request.Host.ToString();

        var (edited, answer) = store.Write(transaction =>
        {
            if (stored.IsDeleted) throw ApiProblem.NotFound(GetNotFound(id));
            if (stored.IsTransitional) throw ApiProblem.Conflict(Busy(stored));
            CheckImmutable(stored, payload.Config);
            if (transaction.FindSameTarget(payload.Rules, payload.Config, except: stored.Id) is { } existing)
            {
                throw ApiProblem.Conflict(AlreadyExists(payload.Rules, payload.Config, existing, host));
            }
            if (dryRun) return ((StoredIntegration?)null, answers.DryRun(outcome));
            stored.Pending = new PendingTransition(transaction.NextTicket(), failing is null ? "enabled" : "editError", outcome)
            {
                // An edit error rolls the integration back to the config it had.
                RestoreConfig = failing is null ? null : stored.Config,
                RestoreAutoBootstrap = stored.AutoBootstrap,
            };
            stored.Status = "editing";
            stored.Config = payload.Config;
            stored.AutoBootstrap = payload.AutoBootstrap;
            stored.ValidationResults = checks;
            transaction.Touch();
            return (stored, answers.Change(stored.ChangeJson()));
        });
        if (edited is not null) lifecycle.Schedule(edited);
        return JsonOutput.Result(answer);
    }

    private static IResult Regenerate(string id, IntegrationStore store, Answers answers)
    {
        StoredIntegration stored = Find(store, id, GetNotFound, allowDeleted: false);
        if (stored.Rules.HasConfig)
        {
            throw ApiProblem.BadRequest($"Only Starburst (Trino) integrations have an API key to regenerate; integration {id} is {stored.Type}.");
        }
        string key = store.Write(transaction =>
        {
            stored.ApiKey = ApiKeys.New();
            transaction.Touch();
            return stored.ApiKey;
        });
        return JsonOutput.Result(answers.Other(new JsonObject { ["newKey"] = key }, "rotatedAt"));
    }

    /// <summary>The simulated prerequisite checks of a create, which fail at once with 422.</summary>
    private static void CheckPrerequisites(ValidPayload payload)
    {
        if (payload.Rules.Name == TypeCatalog.Databricks && Simulation.FindValue(payload.Config, Simulation.MetastorePrefix) is not null)
        {
            throw ApiProblem.Unprocessable(Simulation.MetastoreMessage);
        }
        if (Simulation.FindValue(payload.Config, Simulation.RejectPrefix) is not null) throw ApiProblem.Unprocessable(Simulation.PrerequisiteMessage);
    }

    public static void CheckImmutable(StoredIntegration stored, JsonObject config)
    {
        foreach (string field in stored.Rules.ImmutableFields)
        {
            string? before = ConfigPaths.Get(stored.Config, field)?.ToJsonString();
            string? after = ConfigPaths.Get(config, field)?.ToJsonString();
            if (before != after) throw ApiProblem.BadRequest($"config.{field} cannot be changed once an integration is configured.");
        }
    }

    public static string Busy(StoredIntegration stored) => $"Unable to edit integration with ID {stored.Id} in current state {stored.Status}.";

    /// <summary>
    /// The documented 409 text. The "host" is whatever identifies the target for the type: the host, the
    /// workspace URL, the S3 name or path that collided, BigQuery's dataset/location, the tenant for Trino.
    /// </summary>
    private static string AlreadyExists(TypeRules rules, JsonObject config, StoredIntegration existing, string tenantHost)
    {
        string target = tenantHost;
        foreach (string[] key in rules.IdentityKeys)
        {
            string[] values = key.Select(field => ConfigPaths.Get(config, field)?.ToString() ?? string.Empty).ToArray();
            string[] theirs = key.Select(field => ConfigPaths.Get(existing.Config, field)?.ToString() ?? string.Empty).ToArray();
            if (values.SequenceEqual(theirs, StringComparer.OrdinalIgnoreCase))
            {
                target = string.Join("/", values);
                break;
            }
        }
        return $"{rules.Name} integration already exists on host {target} (id = {existing.Id})";
    }
}
