using System.Text;
using System.Text.Json.Nodes;
using ImmutaIntegrations.Emulator.Http;
using ImmutaIntegrations.Emulator.Quirks;
using ImmutaIntegrations.Emulator.Settings;

namespace ImmutaIntegrations.Emulator.Scripts;

/// <summary>
/// How a script endpoint writes and sends the script: in the dialect the settings say, with the test hook's prefix
/// when set, and as the scriptContentType setting says, or as HTML-labelled text when the html-scripts quirk is on
/// (docs/api-contract.md §2, "Decision (script body)").
/// </summary>
internal sealed class ScriptReply(RuntimeSettings settings, QuirkSet quirks, Answers answers)
{
    public const string PlainText = "text/plain; charset=utf-8";
    public const string Html = "text/html; charset=utf-8";

    /// <summary>The content type in force: the quirk wins over the setting, as it names one form only.</summary>
    public string ContentType => quirks.Has(QuirkNames.HtmlScripts) ? ScriptContentTypes.Html : settings.ScriptContentType;

    /// <summary>The script of <see cref="ScriptGenerator.Generate"/>, written and sent as the settings in force say.</summary>
    public IResult Script(string type, ScriptKind kind, JsonObject config, JsonObject? previousConfig, long? integrationId)
    {
        var (dialect, prefix) = settings.ScriptStyle(kind);
        return Result(ScriptGenerator.Generate(type, kind, config, previousConfig, integrationId, dialect, prefix));
    }

    public IResult Result(string script) => ContentType switch
    {
        ScriptContentTypes.Html => Results.Text(script, Html),
        ScriptContentTypes.OctetStream => Results.Bytes(Encoding.UTF8.GetBytes(script), "application/octet-stream"),
        ScriptContentTypes.JsonString => JsonOutput.Result(JsonValue.Create(script)),
        ScriptContentTypes.JsonObject => JsonOutput.Result(answers.Other(new JsonObject { ["script"] = script }, "generatedAt")),
        _ => Results.Text(script, PlainText),
    };
}
