using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using ImmutaIntegrations.Core.Api;
using ImmutaIntegrations.Core.Http;
using ImmutaIntegrations.Core.Payloads;
using ImmutaIntegrations.Core.Payloads.Redaction;
using ImmutaIntegrations.Core.Payloads.Types;
using ImmutaIntegrations.Core.Payloads.Validation;
using ImmutaIntegrations.Core.Payloads.Writing;

namespace ImmutaIntegrations.Core.Probing;

/// <summary>
/// The requests that take a payload, for each type present: a dry-run create and (for types set up by hand) a setup
/// script, built from the first integration of the type as Immuta shows it. Immuta never shows a secret, so none is sent:
/// where the payload would need one, the check is skipped and says which field.
/// </summary>
internal sealed class PayloadChecks
{
    private const string DryRun = "POST /integrations?dryRun=true";
    private const string UpdateDryRun = "PUT /integrations/{id}?dryRun=true";
    private const string Script = "POST /integrations/scripts/create";

    private readonly IntegrationsApi _api;

    public PayloadChecks(IntegrationsApi api) => _api = api;

    public async Task<IEnumerable<TenantCheck>> RunAsync(IEnumerable<OrderedDictionary> integrations, Action<string>? progress,
        CancellationToken cancellationToken)
    {
        var checks = new List<TenantCheck>();
        foreach (OrderedDictionary integration in integrations.GroupBy(i => i["type"] as string ?? string.Empty).Select(g => g.First()))
        {
            string typeName = integration["type"] as string ?? string.Empty;
            IntegrationType? type = IntegrationTypes.Resolve(typeName);
            if (type is null)
            {
                checks.Add(Probes.Check(DryRun, $"dry run ({typeName})", "validation results", "a type the module does not know: no payload to build",
                    TenantCheckVerdict.Skipped));
                continue;
            }
            progress?.Invoke($"{DryRun} for {type.Name}");
            checks.Add(await DryRunAsync(DryRun, HttpMethod.Post, "integrations?dryRun=true", type, integration, cancellationToken).ConfigureAwait(false));
            // An update to what it already is: no conflict with itself, so the answer shows its validation results.
            if (type.HasConfig && TenantProbe.IdOf(integration) is string id)
            {
                progress?.Invoke($"{UpdateDryRun} for {type.Name}");
                checks.Add(await DryRunAsync(UpdateDryRun, HttpMethod.Put, $"integrations/{id}?dryRun=true", type, integration, cancellationToken)
                    .ConfigureAwait(false));
            }
            if (type.HasScript(IntegrationScriptKind.Create))
            {
                progress?.Invoke($"{Script} for {type.Name}");
                checks.Add(await ScriptAsync(type, integration, cancellationToken).ConfigureAwait(false));
            }
        }
        return checks;
    }

    private async Task<TenantCheck> DryRunAsync(string route, HttpMethod method, string path, IntegrationType type, OrderedDictionary integration,
        CancellationToken cancellationToken)
    {
        string check = $"dry run ({type.Name})";
        const string expected = "{validationResults} (an id and status may come too)";
        if (!Build(type, integration, integration["autoBootstrap"] as bool?, out PreparedPayload? payload, out string missing))
        {
            return Probes.Check(route, check, expected, missing, TenantCheckVerdict.Skipped);
        }
        RawAnswer answer = await _api.ProbeAsync(method, path, payload!.ToRequestJson(), payload.ToDisplayJson(), cancellationToken).ConfigureAwait(false);
        // A refusal with Immuta's documented error is the endpoint working: this payload is not one it takes.
        if (answer.Error != null)
        {
            bool documented = answer.Error.StatusCode == 400 || answer.Error.StatusCode == 409 || answer.Error.StatusCode == 422;
            return Probes.Check(route, check, expected, "refused: " + Probes.ErrorText(answer),
                documented ? TenantCheckVerdict.Match : TenantCheckVerdict.Unexpected);
        }
        object? body = Probes.ParseJson(answer.Body);
        if (body is OrderedDictionary wrapped && wrapped["validationResults"] is OrderedDictionary results)
        {
            int tests = results["validationTests"] is object?[] list ? list.Length : 0;
            return Probes.Check(route, check, expected, $"validationResults, {results["status"] as string ?? "no status"}, {tests} tests",
                TenantCheckVerdict.Match);
        }
        if (body is OrderedDictionary bare && bare["validationTests"] is object?[] bareTests)
        {
            return Probes.Check(route, check, expected, $"{{status, validationTests}} without validationResults, {bareTests.Length} tests",
                TenantCheckVerdict.Tolerated);
        }
        return Probes.Check(route, check, expected, Probes.Describe(body), TenantCheckVerdict.Unexpected);
    }

    private async Task<TenantCheck> ScriptAsync(IntegrationType type, OrderedDictionary integration, CancellationToken cancellationToken)
    {
        string check = $"script ({type.Name})";
        const string expected = "the script as text/plain";
        if (!Build(type, integration, false, out PreparedPayload? payload, out string missing))
        {
            return Probes.Check(Script, check, expected, missing, TenantCheckVerdict.Skipped);
        }
        RawAnswer answer = await _api
            .ProbeAsync(HttpMethod.Post, "integrations/scripts/create", payload!.ToRequestJson(), payload.ToDisplayJson(), cancellationToken)
            .ConfigureAwait(false);
        if (answer.Error != null) return Probes.Check(Script, check, expected, "refused: " + Probes.ErrorText(answer), TenantCheckVerdict.Unexpected);
        string form = answer.Body.TrimStart().StartsWith("\"", StringComparison.Ordinal) ? "a JSON string"
            : answer.Body.TrimStart().StartsWith("{", StringComparison.Ordinal) ? "a JSON object with script"
            : "text";
        try
        {
            int statements = Scripts.ScriptRunner.Statements(ScriptAnswer.Read(answer.Body, answer.MediaType)).Length;
            bool plain = form == "text" && string.Equals(answer.MediaType, "text/plain", StringComparison.OrdinalIgnoreCase);
            return Probes.Check(Script, check, expected, $"{form} labelled {answer.MediaType ?? "nothing"}, {statements} statements",
                plain ? TenantCheckVerdict.Match : TenantCheckVerdict.Tolerated);
        }
        catch (Newtonsoft.Json.JsonException e)
        {
            return Probes.Check(Script, check, expected, $"{form} labelled {answer.MediaType ?? "nothing"}: {e.Message}", TenantCheckVerdict.Unexpected);
        }
    }

    /// <summary>
    /// A payload from an integration as Immuta shows it: its secrets (shown only as &lt;REDACTED&gt;) left out. False, with
    /// the fields it would need, when it is not a valid payload without them.
    /// </summary>
    private static bool Build(IntegrationType type, OrderedDictionary integration, bool? autoBootstrap, out PreparedPayload? payload, out string missing)
    {
        OrderedDictionary? config = type.HasConfig && integration["config"] is OrderedDictionary shown ? WithoutSecrets(type, shown, string.Empty) : null;
        OrderedDictionary root = PayloadWriter.Document(type.Name, type.HasConfig ? autoBootstrap : null, config);
        PayloadValidationResult result = PayloadValidator.Validate(new PayloadDocument(root, "Test-ImmutaConnection"),
            PayloadValidationOptions.Default.WithoutSecretReferenceCheck());
        if (!result.IsValid)
        {
            payload = null;
            missing = $"would need {string.Join(", ", result.Errors.Select(e => e.Path).Distinct())}, which Immuta never shows: not sent";
            return false;
        }
        payload = PreparedPayload.From(new PayloadDocument(root, "Test-ImmutaConnection"), PayloadValidationOptions.Default.WithoutSecretReferenceCheck());
        missing = string.Empty;
        return true;
    }

    private static OrderedDictionary WithoutSecrets(IntegrationType type, OrderedDictionary map, string prefix)
    {
        OrderedDictionary copy = ConfigDictionary.Create();
        foreach (DictionaryEntry entry in map)
        {
            string path = prefix + entry.Key;
            if (PayloadRedaction.IsSecret(type, path) || entry.Value is string text && text == PayloadRedaction.Redacted) continue;
            copy[entry.Key] = entry.Value is OrderedDictionary block ? WithoutSecrets(type, block, path + ".") : PlainValues.DeepCopy(entry.Value);
        }
        return copy;
    }
}
