using System.Text.Json.Nodes;
using ImmutaIntegrations.Emulator.Catalog;
using ImmutaIntegrations.Emulator.Http;
using ImmutaIntegrations.Emulator.Quirks;
using ImmutaIntegrations.Emulator.Settings;
using ImmutaIntegrations.Emulator.State;
using ImmutaIntegrations.Emulator.Validation;

namespace ImmutaIntegrations.Emulator.Endpoints;

/// <summary>
/// DELETE /integrations/{id} (docs/api-contract.md §2, §4, §5): the credential rules with the documented messages,
/// dry runs, and forceDisable, which deletes the integration in Immuta only.
/// </summary>
internal static class DeleteEndpoint
{
    public const string AutomaticNeedsCredentials =
        "Integrations that are automatically configured require privileged credentials to disable. Please provide them in your payload.";

    public const string ManualTakesNoCredentials =
        "Credentials are not required for disable unless the integration was configured automatically. "
        + "If you need to update your integration credentials, use PUT to update the integration before disabling.";

    public const string DatabricksTakesNoCredentials =
        "Credentials are not required to disable a Databricks Unity Catalog integration. "
        + "If you need to update your integration credentials, use PUT to update the integration before disabling.";

    public static async Task<IResult> DeleteAsync(string id, HttpContext context, IntegrationStore store, Lifecycle lifecycle,
        RuntimeSettings settings, Answers answers)
    {
        bool dryRun = RequestBody.Flag(context.Request, "dryRun");
        bool forceDisable = RequestBody.Flag(context.Request, "forceDisable");
        StoredIntegration stored = IntegrationEndpoints.Find(store, id, IntegrationEndpoints.DeleteNotFound, allowDeleted: false);
        JsonObject? credentials = await RequestBody.ReadAsync(context.Request) switch
        {
            null => null,
            JsonObject { Count: 0 } => null,
            JsonObject obj => obj,
            _ => throw ApiProblem.BadRequest("The request body must be an object with the privileged credentials, or empty."),
        };
        bool failing = credentials is not null && Simulation.FindValue(credentials, Simulation.FailPrefix) is not null;
        // As for a create or an edit: the answer carries the checks, the end state the outcome of the removal.
        JsonObject checks = ValidationRun.DeleteResults(false, forceDisable);
        JsonObject outcome = ValidationRun.DeleteResults(failing, forceDisable);
        // A force-disable runs nothing on the platform, so it cannot fail there: it ends deleted, or disabled
        // where the emulator answers as a newer tenant does.
        string end = forceDisable ? settings.ForceDisableStatus : failing ? "deleteError" : "deleted";

        var (deleting, answer) = store.Write(transaction =>
        {
            if (stored.IsDeleted) throw ApiProblem.NotFound(IntegrationEndpoints.DeleteNotFound(id));
            if (stored.IsTransitional) throw ApiProblem.Conflict(IntegrationEndpoints.Busy(stored));
            CheckCredentials(stored, credentials, forceDisable);
            if (dryRun) return ((StoredIntegration?)null, answers.DryRun(outcome));
            stored.Pending = new PendingTransition(transaction.NextTicket(), end, outcome);
            stored.Status = "deleting";
            stored.ValidationResults = checks;
            transaction.Touch();
            return (stored, answers.Change(stored.ChangeJson()));
        });
        if (deleting is not null) lifecycle.Schedule(deleting);
        return JsonOutput.Result(answer);
    }

    private static void CheckCredentials(StoredIntegration stored, JsonObject? credentials, bool forceDisable)
    {
        if (stored.Type == TypeCatalog.Databricks)
        {
            if (credentials is not null) throw ApiProblem.BadRequest(DatabricksTakesNoCredentials);
            return;
        }
        bool needed = stored.AutoBootstrap == true && IntegrationEndpoints.CleanedUpWithCredentials.Contains(stored.Type);
        if (!needed && credentials is not null) throw ApiProblem.BadRequest(ManualTakesNoCredentials);
        // A force-disable cleans nothing up on the platform, so it needs no privileged account.
        if (needed && credentials is null && !forceDisable) throw ApiProblem.BadRequest(AutomaticNeedsCredentials);
        if (credentials is not null) RequestValidator.ValidateCredentials(credentials, stored.Rules);
    }
}
