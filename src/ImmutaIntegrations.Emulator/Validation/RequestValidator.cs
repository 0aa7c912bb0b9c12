using System.Text.Json;
using System.Text.Json.Nodes;
using ImmutaIntegrations.Emulator.Catalog;
using ImmutaIntegrations.Emulator.Http;
using ImmutaIntegrations.Emulator.State;

namespace ImmutaIntegrations.Emulator.Validation;

/// <summary>
/// The request rules of docs/api-contract.md §3 for a payload <c>{type, autoBootstrap, config}</c>: the first problem found
/// is a 400 whose message names the field (<c>config.warehouse is required.</c>). Fields the emulator does
/// not know are accepted, as a newer server might define them.
/// </summary>
internal static class RequestValidator
{
    public const string PayloadShape = "a JSON or YAML object with type, autoBootstrap and config";

    public static ValidPayload Validate(JsonObject body)
    {
        TypeRules rules = ValidateType(body);
        if (!rules.HasConfig)
        {
            if (body.ContainsKey("autoBootstrap")) throw ApiProblem.BadRequest($"autoBootstrap is not allowed for {rules.Name}.");
            if (body.ContainsKey("config")) throw ApiProblem.BadRequest($"config is not allowed for {rules.Name}: its payload is just its type.");
            return new ValidPayload(rules, null, new JsonObject());
        }

        bool auto = body["autoBootstrap"] switch
        {
            null => throw ApiProblem.BadRequest("autoBootstrap is required."),
            JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => v.GetValue<bool>(),
            _ => throw ApiProblem.BadRequest("autoBootstrap must be a boolean."),
        };
        if (auto && !rules.AllowsAutoBootstrap) throw ApiProblem.BadRequest($"autoBootstrap must be false for {rules.Name}.");

        JsonObject config = body["config"] switch
        {
            null => throw ApiProblem.BadRequest("config is required."),
            JsonObject obj => obj,
            _ => throw ApiProblem.BadRequest("config must be an object."),
        };

        CheckFields(config, rules.Fields, "config.");
        if (auto) CheckFields(config, rules.AutoBootstrapFields, "config.");
        if (rules.Authentication.Length > 0) CheckAuthentication(config, rules, "config.");
        return new ValidPayload(rules, auto, (JsonObject)config.DeepClone());
    }

    /// <summary>The type of a body, which must be one of the seven.</summary>
    public static TypeRules ValidateType(JsonObject body)
    {
        return body["type"] switch
        {
            null => throw ApiProblem.BadRequest("type is required."),
            JsonValue v when v.GetValueKind() == JsonValueKind.String =>
                TypeCatalog.Find(v.GetValue<string>())
                ?? throw ApiProblem.BadRequest(
                    $"type must be one of {string.Join(", ", TypeCatalog.Ordered.Select(t => t.Name))}; '{v.GetValue<string>()}' is not."),
            _ => throw ApiProblem.BadRequest("type must be a string."),
        };
    }

    /// <summary>
    /// The privileged credentials of a DELETE (<c>{authenticationType, username, password, role}</c>): the same
    /// authentication rules as the type's config, at the top level of the body.
    /// </summary>
    public static void ValidateCredentials(JsonObject credentials, TypeRules rules)
    {
        CheckFields(credentials, [new FieldSpec("role", FieldKind.String)], string.Empty);
        CheckAuthentication(credentials, rules, string.Empty);
    }

    private static void CheckAuthentication(JsonObject config, TypeRules rules, string prefix)
    {
        var allowed = new FieldSpec("authenticationType", FieldKind.String, true) { Allowed = rules.Authentication.Select(a => a.Name).ToArray() };
        CheckFields(config, [allowed], prefix);
        AuthVariant variant = rules.FindAuthentication(config["authenticationType"]!.GetValue<string>())!;
        CheckFields(config, variant.Fields, prefix);
    }

    private static void CheckFields(JsonObject config, IEnumerable<FieldSpec> fields, string prefix)
    {
        foreach (FieldSpec field in fields)
        {
            string name = prefix + field.Path;
            int dot = field.Path.LastIndexOf('.');
            // A nested field is checked only where its block is present; the block's own rule covers its absence.
            if (dot > 0 && ConfigPaths.Get(config, field.Path[..dot]) is not JsonObject) continue;
            JsonNode? value = ConfigPaths.Get(config, field.Path);
            if (value is null)
            {
                if (field.Required) throw ApiProblem.BadRequest($"{name} is required.");
                continue;
            }
            CheckValue(field, name, value);
        }
    }

    private static void CheckValue(FieldSpec field, string name, JsonNode value)
    {
        JsonValueKind kind = value.GetValueKind();
        bool ok = field.Kind switch
        {
            FieldKind.String => kind == JsonValueKind.String,
            FieldKind.Integer => kind == JsonValueKind.Number && value.AsValue().TryGetValue(out long _),
            FieldKind.Boolean => kind is JsonValueKind.True or JsonValueKind.False,
            FieldKind.Object => kind == JsonValueKind.Object,
            FieldKind.Array => kind == JsonValueKind.Array,
            FieldKind.StringOrObject => kind is JsonValueKind.String or JsonValueKind.Object,
            _ => false,
        };
        if (!ok) throw ApiProblem.BadRequest($"{name} must be {Describe(field.Kind)}.");
        if (kind != JsonValueKind.String)
        {
            if (field.Range is var (min, max) && value.GetValue<long>() is var number && (number < min || number > max))
            {
                throw ApiProblem.BadRequest($"{name} must be between {min} and {max}.");
            }
            return;
        }
        string text = value.GetValue<string>();
        if (field.Required && text.Trim().Length == 0) throw ApiProblem.BadRequest($"{name} must not be empty.");
        if (field.Secret && text == StoredIntegration.Redacted)
        {
            throw ApiProblem.BadRequest($"{name} must be the secret itself, not {StoredIntegration.Redacted}.");
        }
        if (field.Allowed is { } allowed && !allowed.Contains(text, StringComparer.Ordinal))
        {
            throw ApiProblem.BadRequest($"{name} must be one of {string.Join(", ", allowed)}; '{text}' is not.");
        }
        if (field.MustStartWith is { } start && !text.StartsWith(start, StringComparison.Ordinal))
        {
            throw ApiProblem.BadRequest($"{name} must start with '{start}'.");
        }
    }

    private static string Describe(FieldKind kind) => kind switch
    {
        FieldKind.String => "a string",
        FieldKind.Integer => "an integer",
        FieldKind.Boolean => "a boolean",
        FieldKind.Object => "an object",
        FieldKind.Array => "an array",
        _ => "a string or an object",
    };
}
