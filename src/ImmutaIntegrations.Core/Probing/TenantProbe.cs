using System;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using ImmutaIntegrations.Core.Api;
using ImmutaIntegrations.Core.Http;
using ImmutaIntegrations.Core.Json;

namespace ImmutaIntegrations.Core.Probing;

/// <summary>
/// Asks a tenant what changes nothing and says whether it answers as the module expects (Test-ImmutaConnection):
/// the list, each integration and its status, and for each type present, a setup script and a dry-run create built from
/// one of its integrations' own config (without secrets: what would need one is skipped, and said). One check per
/// route and aspect; never a secret or a config value in what it says.
/// </summary>
public sealed class TenantProbe
{
    private readonly IntegrationsApi _api;
    private readonly ImmutaClient _client;
    private readonly IImmutaLog _log;

    public TenantProbe(ImmutaClient client, IImmutaLog? log = null)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _log = log ?? NullImmutaLog.Instance;
        _api = new IntegrationsApi(client, _log);
    }

    /// <summary>Runs every check; <paramref name="progress"/> hears what is being asked.</summary>
    public async Task<IReadOnlyList<TenantCheck>> RunAsync(Action<string>? progress, CancellationToken cancellationToken)
    {
        var checks = new List<TenantCheck>();
        progress?.Invoke("GET /integrations");
        RawAnswer list = await _api.ProbeAsync(HttpMethod.Get, "integrations", null, null, cancellationToken).ConfigureAwait(false);
        object?[]? items = Listed(list, checks);
        var integrations = new List<OrderedDictionary>();
        if (items != null)
        {
            var shapes = new AnswerShapes("GET /integrations");
            for (int i = 0; i < items.Length; i++)
            {
                shapes.Add(items[i], i + 1);
                if (items[i] is OrderedDictionary fields && IdOf(fields) is string) integrations.Add(fields);
            }
            checks.AddRange(shapes.Checks());
        }
        checks.AddRange(await EachAsync(integrations, progress, cancellationToken).ConfigureAwait(false));
        checks.AddRange(await new PayloadChecks(_api).RunAsync(integrations, progress, cancellationToken).ConfigureAwait(false));
        checks.Add(await KeyExchangeAsync(progress, cancellationToken).ConfigureAwait(false));
        return checks;
    }

    private static object?[]? Listed(RawAnswer list, List<TenantCheck> checks)
    {
        const string route = "GET /integrations";
        if (list.Error != null)
        {
            checks.Add(Probes.Check(route, "answer", "200 with a list of integrations", Probes.ErrorText(list), TenantCheckVerdict.Unexpected));
            return null;
        }
        checks.Add(Probes.ContentType(route, list, "application/json"));
        object? parsed = Probes.ParseJson(list.Body);
        if (parsed is object?[] items)
        {
            checks.Add(Probes.Check(route, "answer", "a list of integrations", $"a list of {items.Length}", TenantCheckVerdict.Match));
            return items;
        }
        checks.Add(Probes.Check(route, "answer", "a list of integrations", Probes.Describe(parsed), TenantCheckVerdict.Unexpected));
        return null;
    }

    // GET /integrations/{id} and /status for each integration, a few at a time; told per route.
    private async Task<IEnumerable<TenantCheck>> EachAsync(List<OrderedDictionary> integrations, Action<string>? progress, CancellationToken cancellationToken)
    {
        var one = new AnswerShapes("GET /integrations/{id}");
        var status = new AnswerShapes("GET /integrations/{id}/status", idsAsNumbers: true);
        var failures = new List<TenantCheck>();
        string? oneType = null, statusType = null;
        int position = 0;
        foreach (OrderedDictionary integration in integrations)
        {
            position++;
            string id = IdOf(integration)!;
            progress?.Invoke($"GET /integrations/{id} and its status ({position} of {integrations.Count})");
            RawAnswer read = await _api.ProbeAsync(HttpMethod.Get, "integrations/" + id, null, null, cancellationToken).ConfigureAwait(false);
            RawAnswer settled = await _api.ProbeAsync(HttpMethod.Get, "integrations/" + id + "/status", null, null, cancellationToken).ConfigureAwait(false);
            foreach (var (answer, shapes, route) in new[] { (read, one, "GET /integrations/{id}"), (settled, status, "GET /integrations/{id}/status") })
            {
                if (answer.Error != null)
                {
                    failures.Add(Probes.Check(route, "answer", "200 with an object", $"integration {id}: {Probes.ErrorText(answer)}",
                        TenantCheckVerdict.Unexpected));
                    continue;
                }
                if (route.EndsWith("status", StringComparison.Ordinal)) statusType ??= answer.MediaType; else oneType ??= answer.MediaType;
                shapes.Add(Probes.ParseJson(answer.Body), position);
            }
        }
        var checks = new List<TenantCheck>();
        if (integrations.Count == 0) return checks;
        checks.Add(Probes.ContentType("GET /integrations/{id}", oneType, "application/json"));
        checks.AddRange(one.Checks());
        checks.Add(Probes.ContentType("GET /integrations/{id}/status", statusType, "application/json"));
        checks.AddRange(status.Checks());
        checks.AddRange(failures);
        return checks;
    }

    // Only bearer mode uses it; a tenant that answers it otherwise still takes the raw key everywhere else.
    private async Task<TenantCheck> KeyExchangeAsync(Action<string>? progress, CancellationToken cancellationToken)
    {
        const string route = "POST /bim/apikey/authenticate";
        progress?.Invoke(route);
        try
        {
            await _client.AuthenticateAsync(_log, cancellationToken).ConfigureAwait(false);
            return Probes.Check(route, "key exchange", "a token for -AuthMode Bearer", "a token", TenantCheckVerdict.Match);
        }
        catch (ImmutaApiException e)
        {
            return Probes.Check(route, "key exchange", "a token for -AuthMode Bearer",
                $"{(e.StatusCode > 0 ? e.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture) : e.ErrorId)}: "
                + "-AuthMode Bearer will not work here; the raw key (the default) does", TenantCheckVerdict.Tolerated);
        }
    }

    internal static string? IdOf(OrderedDictionary fields) => fields["id"] switch
    {
        string text when text.Length > 0 && text.All(char.IsDigit) => text,
        long whole when whole >= 0 => IntegrationReader.IdText(whole),
        double number when number >= 0 && Math.Floor(number) == number && number < 1e18 => IntegrationReader.IdText((long)number),
        _ => null,
    };
}
