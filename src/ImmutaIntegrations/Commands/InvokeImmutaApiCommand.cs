using System;
using System.Management.Automation;
using System.Net.Http;
using ImmutaIntegrations.Core.Payloads.Reading;
using ImmutaIntegrations.Core.Payloads.Redaction;
using ImmutaIntegrations.Core.Payloads.Writing;

namespace ImmutaIntegrations.Commands;

/// <summary>
/// Invoke-ImmutaApi: any call to the tenant, with the connection's authentication, timeouts and
/// redaction: the escape hatch for what no other command covers. JSON answers come back as objects.
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "ImmutaApi", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(PSObject))]
public sealed class InvokeImmutaApiCommand : ConnectedCmdlet
{
    /// <summary>The path under the tenant root, with any query, e.g. <c>/integrations/5/status</c>.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = string.Empty;

    [Parameter(Position = 1)]
    [ValidateSet("GET", "POST", "PUT", "DELETE", "PATCH")]
    public string Method { get; set; } = "GET";

    /// <summary>The body: a hashtable or object (sent as JSON), or JSON text.</summary>
    [Parameter]
    public object? Body { get; set; }

    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void ProcessRecord()
    {
        ImmutaConnection connection = ResolveConnection();
        string? json;
        string? shown;
        try
        {
            (json, shown) = BodyText(Body);
        }
        catch (ArgumentException e)
        {
            ThrowTerminatingError(ErrorRecords.From(e, Body));
            return;
        }
        string method = Method.ToUpperInvariant();
        if (method != "GET" && !Confirmation.ShouldChange(this, $"{connection.Url}{Path.TrimStart('/')}",
            $"{method}{(shown is null ? string.Empty : " " + shown)}", Force)) return;
        var api = Connections.Api(connection, Output);
        string path = Path;
        Run(async cancellation =>
        {
            object? answer = await api.InvokeAsync(new HttpMethod(method), path, json, shown, cancellation).ConfigureAwait(false);
            object? shownAnswer = PowerShellValues.ToPSObject(answer);
            Output.Object(shownAnswer, enumerate: true);
        });
    }

    /// <summary>The body as sent, and as it may be shown (anything named like a secret redacted).</summary>
    private static (string? Json, string? Shown) BodyText(object? body)
    {
        object? value = body is PSObject wrapped && !(wrapped.BaseObject is PSCustomObject) ? wrapped.BaseObject : body;
        if (value is null) return (null, null);
        object? plain = value is string text ? Parse(text) : PowerShellValues.ToPlain(body, "body");
        if (plain is string raw) return (raw, "(a body that is not JSON, not shown)");
        string json = PayloadWriter.ToJson(plain);
        object? redacted = plain is System.Collections.Specialized.OrderedDictionary map ? PayloadRedaction.Redact(null, map) : plain;
        return (json, PayloadWriter.ToJson(redacted).Trim());
    }

    private static object? Parse(string text)
    {
        try
        {
            var documents = PayloadFiles.Parse(System.Text.Encoding.UTF8.GetBytes(text), "body.json");
            return documents.Count == 1 ? documents[0].Root : text;
        }
        catch (ImmutaPayloadException)
        {
            return text;
        }
    }
}
