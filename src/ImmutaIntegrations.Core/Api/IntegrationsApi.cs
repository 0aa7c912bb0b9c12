using System;
using System.IO;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using ImmutaIntegrations.Core.Changes;
using ImmutaIntegrations.Core.Http;
using ImmutaIntegrations.Core.Json;
using ImmutaIntegrations.Core.Payloads;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace ImmutaIntegrations.Core.Api;

/// <summary>
/// The Integrations API's endpoints as methods. Cheap to create: one per command invocation, over the
/// connection's shared <see cref="ImmutaClient"/>, with that invocation's log.
/// </summary>
public sealed partial class IntegrationsApi
{
    private readonly ImmutaClient _client;
    private readonly IImmutaLog _log;

    public IntegrationsApi(ImmutaClient client, IImmutaLog? log = null)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _log = log ?? NullImmutaLog.Instance;
    }

    /// <summary>
    /// GET /integrations: every integration, each handed to <paramref name="onItem"/> as it is read; an item that cannot
    /// be read is left out with a warning.
    /// </summary>
    public Task<int> GetIntegrationsAsync(Action<Integration> onItem, CancellationToken cancellationToken)
    {
        if (onItem is null) throw new ArgumentNullException(nameof(onItem));
        var request = new ApiRequest(HttpMethod.Get, "integrations") { StreamResponse = true };
        return _client.SendAsync(request, async (response, token) =>
        {
            Stream stream = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
            // The parser reads synchronously (much faster than token-by-token async); a cancellation
            // or timeout disposes the response, which ends a blocked read at once.
            using (token.Register(response.Dispose))
            using (var text = new StreamReader(stream, Encoding.UTF8))
            {
                // A page labelled as JSON (a proxy's) is told apart from broken JSON by its first character.
                while (text.Peek() >= 0 && char.IsWhiteSpace((char)text.Peek())) text.Read();
                if (text.Peek() == '<')
                {
                    string page = await text.ReadToEndAsync().ConfigureAwait(false);
                    if (ErrorResponse.HtmlInsteadOfAnswer(response, request, response.RequestMessage?.RequestUri, page) is ImmutaApiException html) throw html;
                }
                // One item a tenant sends in a shape this module cannot read does not cost the user the others.
                return IntegrationReader.ReadIntegrationArray(text, onItem, (position, reason) =>
                    _log.Warning($"Item {position} of the list of integrations could not be read ({reason.TrimEnd('.')}): "
                        + "it is left out; the others are returned."));
            }
        }, _log, cancellationToken);
    }

    /// <summary>GET /integrations/{id}.</summary>
    public Task<Integration> GetIntegrationAsync(string id, CancellationToken cancellationToken)
    {
        var request = new ApiRequest(HttpMethod.Get, IntegrationPath.For(id)) { ErrorIdFor = ForIntegration };
        return _client.SendAsync(request, (response, token) => ReadAsync(response, IntegrationReader.ReadIntegration), _log, cancellationToken);
    }

    /// <summary>GET /integrations/{id}/status.</summary>
    public Task<IntegrationStatus> GetStatusAsync(string id, CancellationToken cancellationToken)
    {
        var request = new ApiRequest(HttpMethod.Get, IntegrationPath.For(id) + "/status") { ErrorIdFor = ForIntegration };
        return _client.SendAsync(request, (response, token) => ReadAsync(response, IntegrationReader.ReadStatus), _log, cancellationToken);
    }

    /// <summary>POST /integrations (?dryRun=true: only the validation results, nothing created).</summary>
    public async Task<ChangeResult> CreateAsync(PreparedPayload payload, bool dryRun, CancellationToken cancellationToken)
    {
        var request = WithPayload(new ApiRequest(HttpMethod.Post, "integrations" + Query(dryRun)), payload);
        request.Retry = dryRun ? RetryPolicy.Safe : RetryPolicy.Create;
        request.ErrorIdFor = (status, message) => status switch
        {
            409 => ImmutaErrorId.IntegrationExists,
            422 => ImmutaErrorId.PrerequisiteFailed,
            400 => ImmutaErrorId.PayloadRejected,
            _ => null,
        };
        try
        {
            return await SendChangeAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (ImmutaApiException e) when (!dryRun && e.AfterLostResponse && e.ErrorId == ImmutaErrorId.IntegrationExists && e.ConflictingId != null)
        {
            // The first attempt created it and its answer was lost; the retry's 409 names what it created.
            Integration existing = await ReconcileAsync(() => GetIntegrationAsync(e.ConflictingId, cancellationToken), "the create may have been made")
                .ConfigureAwait(false);
            if (!PayloadMatch.Matches(payload, existing)) throw;
            _log.Verbose($"The create's answer was lost; integration {existing.Id}, which matches the payload, is the one it made.");
            return new ChangeResult { Id = existing.Id, Status = existing.Status, ValidationResults = existing.ValidationResults ?? new ValidationResults() };
        }
        catch (ImmutaApiException e) when (!dryRun && e.AfterLostResponse)
        {
            throw ErrorResponse.OutcomeUnknown(e, "the create may have been made");
        }
    }

    /// <summary>PUT /integrations/{id} (?dryRun=true: only the validation results, nothing changed).</summary>
    public async Task<ChangeResult> UpdateAsync(string id, PreparedPayload payload, bool dryRun, CancellationToken cancellationToken)
    {
        var request = WithPayload(new ApiRequest(HttpMethod.Put, IntegrationPath.For(id) + Query(dryRun)), payload);
        request.ErrorIdFor = (status, message) => status switch
        {
            409 => message.Contains("already exists") ? ImmutaErrorId.IntegrationExists : ImmutaErrorId.IntegrationBusy,
            400 => ImmutaErrorId.PayloadRejected,
            _ => ForIntegration(status, message),
        };
        try
        {
            return await SendChangeAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (ImmutaApiException e) when (!dryRun && e.AfterLostResponse && e.ErrorId == ImmutaErrorId.IntegrationBusy)
        {
            // The first attempt's answer was lost and the retry finds an edit under way: if it is this edit, it worked.
            // The edit may have settled by the time the integration is read (a short edit, a slow retry): an
            // integration that is what the payload asked for is the edit made, whatever its status now.
            Integration current = await ReconcileAsync(() => GetIntegrationAsync(id, cancellationToken), "the update may have been made")
                .ConfigureAwait(false);
            if (current.Status == "deleting" || current.Status == "deleted" || !PayloadMatch.Matches(payload, current)) throw;
            _log.Verbose($"The update's answer was lost; integration {id} is being edited as asked.");
            return new ChangeResult { Id = current.Id, Status = current.Status, ValidationResults = current.ValidationResults ?? new ValidationResults() };
        }
        catch (ImmutaApiException e) when (!dryRun && e.AfterLostResponse)
        {
            throw ErrorResponse.OutcomeUnknown(e, "the update may have been made");
        }
    }

    /// <summary>
    /// DELETE /integrations/{id}, with the privileged credentials (a JSON object) when the integration needs
    /// them; <paramref name="forceDisable"/> removes it from Immuta only.
    /// </summary>
    public async Task<ChangeResult> DeleteAsync(string id, DeleteCredentials? credentials, bool dryRun, bool forceDisable, CancellationToken cancellationToken)
    {
        string query = dryRun && forceDisable ? "?dryRun=true&forceDisable=true" : forceDisable ? "?forceDisable=true" : Query(dryRun);
        var request = new ApiRequest(HttpMethod.Delete, IntegrationPath.For(id) + query)
        {
            JsonBody = credentials?.ToJson(reveal: true),
            BodyForLog = credentials?.ToJson(reveal: false),
            ErrorIdFor = (status, message) => status switch
            {
                409 => ImmutaErrorId.IntegrationBusy,
                400 when message.Contains("require privileged credentials") => ImmutaErrorId.CredentialsRequired,
                400 when message.Contains("Credentials are not required") => ImmutaErrorId.CredentialsNotAccepted,
                _ => ForIntegration(status, message),
            },
        };
        try
        {
            return await SendChangeAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (ImmutaApiException e)
            when (!dryRun && e.AfterLostResponse && (e.ErrorId == ImmutaErrorId.IntegrationNotFound || e.ErrorId == ImmutaErrorId.IntegrationBusy))
        {
            // The first attempt's answer was lost: an integration now gone, or being deleted, is this delete's doing.
            string status = e.ErrorId == ImmutaErrorId.IntegrationNotFound ? "deleted"
                : (await ReconcileAsync(() => GetStatusAsync(id, cancellationToken), "the delete may have been made").ConfigureAwait(false)).Status;
            if (status != "deleted" && status != "deleting") throw;
            _log.Verbose($"The delete's answer was lost; integration {id} is {status}.");
            return new ChangeResult { Id = id, Status = status };
        }
        catch (ImmutaApiException e) when (!dryRun && e.AfterLostResponse)
        {
            throw ErrorResponse.OutcomeUnknown(e, "the delete may have been made");
        }
    }

    // The look that settles a lost answer; when it fails too, the change's outcome stays unknown, and the error says so.
    private static async Task<T> ReconcileAsync<T>(Func<Task<T>> look, string outcome)
    {
        try
        {
            return await look().ConfigureAwait(false);
        }
        catch (ImmutaApiException e)
        {
            throw ErrorResponse.OutcomeUnknown(e, outcome);
        }
    }

    /// <summary>POST /integrations/{id}/regenerate: a Starburst (Trino) integration's new API key.</summary>
    public async Task<string> RegenerateApiKeyAsync(string id, CancellationToken cancellationToken)
    {
        var request = new ApiRequest(HttpMethod.Post, IntegrationPath.For(id) + "/regenerate") { ErrorIdFor = ForIntegration };
        try
        {
            return await RegenerateAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (ImmutaApiException e) when (e.AfterLostResponse)
        {
            // Not retried (a second regeneration would replace the first key): the one sent may have worked.
            throw ErrorResponse.OutcomeUnknown(e, "a new key may have been made, and the old one no longer work");
        }
    }

    private Task<string> RegenerateAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        return _client.SendAsync(request, async (response, token) =>
        {
            JObject answer = JObject.Parse(await response.Content.ReadAsStringAsync().ConfigureAwait(false));
            return answer["newKey"] is JValue { Type: JTokenType.String } value && (string?)value is { Length: > 0 } key ? key
                : throw new JsonSerializationException(
                    answer["newKey"] is null ? "The answer has no newKey." : $"The answer's newKey is {answer["newKey"]!.Type}, not a string.");
        }, _log, cancellationToken);
    }

    /// <summary>
    /// One of the script endpoints: Edit and Delete are for an integration id, the others take a payload
    /// (Edit takes both). The script comes as text, a JSON string, or a JSON object with "script".
    /// </summary>
    public Task<string> GetScriptAsync(IntegrationScriptKind kind, string? id, PreparedPayload? payload, CancellationToken cancellationToken)
    {
        string path = kind switch
        {
            IntegrationScriptKind.Create => "integrations/scripts/create",
            IntegrationScriptKind.Cleanup => "integrations/scripts/cleanup",
            IntegrationScriptKind.InitialCreate => "integrations/scripts/initial-create",
            IntegrationScriptKind.PostCleanup => "integrations/scripts/post-cleanup",
            IntegrationScriptKind.Edit => IntegrationPath.For(id ?? throw new ArgumentNullException(nameof(id))) + "/scripts/edit",
            IntegrationScriptKind.Delete => IntegrationPath.For(id ?? throw new ArgumentNullException(nameof(id))) + "/scripts/delete",
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not one script kind."),
        };
        // Fetching a script changes nothing: it may be retried like a read. A 404 means the integration is unknown only
        // where the path names one (Edit, Delete).
        var request = new ApiRequest(HttpMethod.Post, path) { Retry = RetryPolicy.Safe };
        if (id != null && (kind == IntegrationScriptKind.Edit || kind == IntegrationScriptKind.Delete)) request.ErrorIdFor = ForIntegration;
        if (payload != null) WithPayload(request, payload);
        return _client.SendAsync(request, async (response, token) => ScriptAnswer.Read(await response.Content.ReadAsStringAsync().ConfigureAwait(false),
            response.Content.Headers.ContentType?.MediaType), _log, cancellationToken);
    }

    private Task<ChangeResult> SendChangeAsync(ApiRequest request, CancellationToken cancellationToken) =>
        _client.SendAsync(request, (response, token) => ReadAsync(response, IntegrationReader.ReadChange), _log, cancellationToken);

    private static ApiRequest WithPayload(ApiRequest request, PreparedPayload payload)
    {
        request.JsonBody = payload.ToRequestJson();
        request.BodyForLog = payload.ToDisplayJson();
        return request;
    }

    private static string Query(bool dryRun) => dryRun ? "?dryRun=true" : string.Empty;

    private static string? ForIntegration(int status, string message) => status == 404 ? ImmutaErrorId.IntegrationNotFound : null;

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, Func<TextReader, T> parse)
    {
        string body = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        using (var text = new StringReader(body))
        {
            return parse(text);
        }
    }
}
