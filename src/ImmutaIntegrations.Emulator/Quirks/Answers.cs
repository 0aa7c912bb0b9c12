using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ImmutaIntegrations.Emulator.Quirks;

/// <summary>
/// Gives the API's answers the form the quirks in force say. Without quirks every method returns its input as
/// it is: the forms of docs/api-contract.md (string ids, the validationResults wrapper, string messages).
/// </summary>
internal sealed class Answers(QuirkSet quirks, TimeProvider time)
{
    /// <summary>What the extra-fields quirk puts in answers: names no client knows, values of ordinary kinds.</summary>
    private const string ExtraUser = "emulator-admin";
    private const int ExtraDurationMs = 12;
    private const string ExtraRequestId = "emulator-request";

    private string Now => time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>An integration object (GET /integrations, GET /integrations/{id}).</summary>
    public JsonObject Integration(JsonObject json)
    {
        NumericId(json);
        if (quirks.Has(QuirkNames.ExtraFields))
        {
            json["createdAt"] = Now;
            json["updatedBy"] = ExtraUser;
            if (json["config"] is JsonObject config) config["extraSetting"] = "x";
        }
        if (json["validationResults"] is JsonObject results) ValidationResults(results);
        return json;
    }

    /// <summary>The status object, <c>{"id": 5, "status": "..."}</c> (its id is a number already, as the reference shows).</summary>
    public JsonObject Status(JsonObject json)
    {
        if (quirks.Has(QuirkNames.ExtraFields)) json["statusChangedAt"] = Now;
        return json;
    }

    /// <summary>The answer to a POST, PUT or DELETE: <c>{id, status, validationResults}</c>.</summary>
    public JsonObject Change(JsonObject json)
    {
        NumericId(json);
        if (json["validationResults"] is JsonObject results) ValidationResults(results);
        return WithExtra(json, "requestId", ExtraRequestId);
    }

    /// <summary>The answer to a dry run: <c>{validationResults}</c>, or with bare-dry-run the results themselves.</summary>
    public JsonObject DryRun(JsonObject validationResults)
    {
        ValidationResults(validationResults);
        JsonObject answer = quirks.Has(QuirkNames.BareDryRun) ? validationResults : new JsonObject { ["validationResults"] = validationResults };
        return WithExtra(answer, "requestId", ExtraRequestId);
    }

    /// <summary>Any other answer object (a new key, a token, a script object): one property more with extra-fields.</summary>
    public JsonObject Other(JsonObject json, string extraName) => WithExtra(json, extraName, Now);

    /// <summary>The item odd-item adds to GET /integrations: no integration a client can read.</summary>
    public JsonObject? OddItem() =>
        quirks.Has(QuirkNames.OddItem) ? new JsonObject { ["id"] = new JsonObject { ["nested"] = true }, ["type"] = 7 } : null;

    private JsonObject WithExtra(JsonObject json, string name, JsonNode value)
    {
        if (quirks.Has(QuirkNames.ExtraFields)) json[name] = value;
        return json;
    }

    private void NumericId(JsonObject json)
    {
        if (quirks.Has(QuirkNames.NumericIds) && json["id"] is JsonValue id && id.GetValueKind() == JsonValueKind.String
            && long.TryParse(id.GetValue<string>(), NumberStyles.None, CultureInfo.InvariantCulture, out long number))
        {
            json["id"] = number;
        }
    }

    private void ValidationResults(JsonObject results)
    {
        bool extra = quirks.Has(QuirkNames.ExtraFields);
        bool objects = quirks.Has(QuirkNames.ObjectMessages);
        if (extra) results["runAt"] = Now;
        if (results["validationTests"] is not JsonArray tests) return;
        foreach (JsonObject test in tests.OfType<JsonObject>())
        {
            if (extra) test["durationMs"] = ExtraDurationMs;
            string? status = test["status"] is JsonValue s && s.GetValueKind() == JsonValueKind.String ? s.GetValue<string>() : null;
            if (!objects || status is not ("failed" or "warning")) continue;
            string text = test["message"] is JsonValue m && m.GetValueKind() == JsonValueKind.String ? m.GetValue<string>() : $"{test["name"]}: {status}.";
            test["message"] = new JsonObject { ["code"] = "E42", ["text"] = text };
            test["result"] = new JsonObject { ["items"] = test["result"]?.DeepClone() ?? new JsonArray() };
        }
    }
}
