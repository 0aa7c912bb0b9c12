using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using ImmutaIntegrations.Core.Payloads.Types;
using ImmutaIntegrations.Core.Payloads.Validation;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace ImmutaIntegrations.Core.Payloads.Writing;

/// <summary>
/// JSON Schemas (draft-07) of payload files, generated from the type descriptions, so editors complete and
/// check payload files. One per type, and one for any payload or list of payloads. Self-contained: no $ref
/// leaves the file, so they work wherever they are copied.
/// </summary>
public static class PayloadSchemas
{
    public const string Draft = "http://json-schema.org/draft-07/schema#";
    public const string AnyFileName = "integration-payload.schema.json";

    public static string FileName(IntegrationType type) => type.Slug + ".schema.json";

    /// <summary>Writes every schema into a folder; returns the files written.</summary>
    public static IReadOnlyList<string> WriteAll(string directory)
    {
        Directory.CreateDirectory(directory);
        var written = new List<string>();
        foreach (IntegrationType type in IntegrationTypes.All)
        {
            written.Add(Write(Path.Combine(directory, FileName(type)), ForType(type)));
        }
        written.Add(Write(Path.Combine(directory, AnyFileName), ForAny()));
        return written;
    }

    public static JObject ForType(IntegrationType type)
    {
        JObject schema = Body(type);
        schema.AddFirst(new JProperty("title", $"Immuta {type.DisplayName} integration payload"));
        schema.AddFirst(new JProperty("$id", FileName(type)));
        schema.AddFirst(new JProperty("$schema", Draft));
        return schema;
    }

    /// <summary>Any payload, or a list of them, each checked against its own type's schema.</summary>
    public static JObject ForAny()
    {
        var definitions = new JObject();
        var branches = new JArray();
        foreach (IntegrationType type in IntegrationTypes.All)
        {
            definitions[type.Slug] = Body(type);
            branches.Add(new JObject
            {
                ["if"] = new JObject { ["properties"] = new JObject { ["type"] = TypeNames(type) }, ["required"] = new JArray("type") },
                ["then"] = new JObject { ["$ref"] = $"#/definitions/{type.Slug}" },
            });
        }
        definitions["payload"] = new JObject
        {
            ["type"] = "object",
            ["required"] = new JArray("type"),
            ["properties"] = new JObject { ["type"] = new JObject { ["enum"] = new JArray(IntegrationTypes.All.SelectMany(Names)) } },
            ["allOf"] = branches,
        };
        return new JObject
        {
            ["$schema"] = Draft,
            ["$id"] = AnyFileName,
            ["title"] = "Immuta integration payload, or a list of them",
            ["anyOf"] = new JArray(
                new JObject { ["$ref"] = "#/definitions/payload" },
                new JObject { ["type"] = "array", ["items"] = new JObject { ["$ref"] = "#/definitions/payload" } }),
            ["definitions"] = definitions,
        };
    }

    private static JObject Body(IntegrationType type)
    {
        var properties = new JObject
        {
            ["$schema"] = new JObject { ["type"] = "string", ["description"] = "The schema editors check this file against." },
            ["type"] = TypeNames(type),
        };
        var schema = new JObject
        {
            ["description"] = $"A payload of POST or PUT /integrations for {type.DisplayName}.",
            ["type"] = "object",
            ["properties"] = properties,
        };
        if (!type.HasConfig)
        {
            properties["autoBootstrap"] = false;
            properties["config"] = new JObject { ["type"] = "object", ["maxProperties"] = 0 };
            schema["required"] = new JArray("type");
            return schema;
        }
        properties["autoBootstrap"] = type.AllowsAutoBootstrap
            ? new JObject { ["type"] = "boolean", ["description"] = "true: Immuta configures the platform with one-time privileged credentials; "
                + "false: you run Immuta's scripts first." }
            : new JObject { ["const"] = false, ["description"] = $"{type.Name} is always set up manually." };
        properties["config"] = Config(type);
        schema["required"] = new JArray("type", "autoBootstrap", "config");
        string[] automatic = type.Fields.Where(f => f.RequiredWhenAutomatic).Select(f => f.Path).ToArray();
        if (automatic.Length > 0)
        {
            schema["allOf"] = new JArray(new JObject
            {
                ["if"] = new JObject { ["properties"] = new JObject { ["autoBootstrap"] = new JObject { ["const"] = true } } },
                ["then"] = new JObject { ["properties"] = new JObject { ["config"] = new JObject { ["required"] = new JArray(automatic) } } },
            });
        }
        return schema;
    }

    private static JObject TypeNames(IntegrationType type) =>
        new JObject { ["enum"] = new JArray(Names(type)), ["description"] = $"{type.DisplayName}; the API's name is '{type.Name}'." };

    // The names users write: the API's, the short ones, and the lower-case file names (the module takes any case).
    private static IEnumerable<string> Names(IntegrationType type) =>
        new[] { type.Name }.Concat(type.Aliases).Append(type.Slug).Append(type.Name.ToLowerInvariant()).Distinct(System.StringComparer.Ordinal);

    private static JObject Config(IntegrationType type)
    {
        var config = new JObject { ["type"] = "object", ["properties"] = new JObject() };
        foreach (PayloadField field in type.Fields.GroupBy(f => f.Path).Select(g => g.First()))
        {
            Place(config, field.Path, Field(type, field));
        }
        AddRequired(config, type.Fields.Where(f => f.Required && f.AuthenticationTypes is null));
        var variants = new JArray();
        foreach (string authentication in type.AuthenticationTypes)
        {
            var then = new JObject();
            AddRequired(then, type.Fields.Where(f => f.Required && f.AuthenticationTypes != null && f.AuthenticationTypes.Contains(authentication)));
            variants.Add(new JObject
            {
                ["if"] = new JObject
                {
                    ["properties"] = new JObject { ["authenticationType"] = new JObject { ["const"] = authentication } },
                    ["required"] = new JArray("authenticationType"),
                },
                ["then"] = then,
            });
        }
        if (variants.Count > 0) config["allOf"] = variants;
        return config;
    }

    private static JObject Field(IntegrationType type, PayloadField field)
    {
        var schema = new JObject();
        switch (field.Kind)
        {
            case PayloadValueKind.String: schema["type"] = "string"; break;
            case PayloadValueKind.Integer: schema["type"] = "integer"; break;
            case PayloadValueKind.Boolean: schema["type"] = "boolean"; break;
            case PayloadValueKind.Object: schema["type"] = "object"; break;
            case PayloadValueKind.Array: schema["type"] = "array"; break;
            default: schema["type"] = new JArray("string", "object"); break;
        }
        string description = field.Description;
        if (field.Secret)
        {
            schema["writeOnly"] = true;
            description += " Secret: write ${env:NAME} to take it from an environment variable.";
        }
        if (field.Immutable) description += " Cannot change once the integration is configured.";
        schema["description"] = description;
        if (field.Allowed != null) schema["enum"] = new JArray(field.Allowed);
        if (field.Kind == PayloadValueKind.String && field.Allowed is null)
        {
            // Text a file can hold (PayloadValidator's rule): no C0 control characters but tab and line breaks, no DEL.
            schema["pattern"] = "^" + (field.Prefix is null ? string.Empty : Regex.Escape(field.Prefix)) + @"[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]*$";
            schema["maxLength"] = PayloadValidator.MaxStringLength;
        }
        else if (field.Prefix != null) schema["pattern"] = "^" + Regex.Escape(field.Prefix);
        if (field.Minimum.HasValue) schema["minimum"] = field.Minimum.Value;
        if (field.Maximum.HasValue) schema["maximum"] = field.Maximum.Value;
        if (field.Default != null) schema["default"] = JToken.FromObject(field.Default);
        return schema;
    }

    // Puts a field's schema at its dotted path, inside the "properties" of the blocks on the way.
    private static void Place(JObject root, string path, JObject schema)
    {
        string[] parts = path.Split('.');
        JObject current = root;
        for (int i = 0; i < parts.Length - 1; i++)
        {
            var properties = (JObject)(current["properties"] ??= new JObject());
            if (!(properties[parts[i]] is JObject next))
            {
                next = new JObject { ["type"] = "object" };
                properties[parts[i]] = next;
            }
            current = next;
        }
        var own = (JObject)(current["properties"] ??= new JObject());
        if (own[parts[parts.Length - 1]] is JObject existing)
        {
            // A block placed earlier by one of its children: keep the children, take the block's own keywords.
            foreach (JProperty property in schema.Properties()) existing[property.Name] = property.Value;
        }
        else
        {
            own[parts[parts.Length - 1]] = schema;
        }
    }

    // Required fields, at the level of the block each belongs to.
    private static void AddRequired(JObject target, IEnumerable<PayloadField> fields)
    {
        foreach (PayloadField field in fields)
        {
            string[] parts = field.Path.Split('.');
            JObject current = target;
            for (int i = 0; i < parts.Length - 1; i++)
            {
                var properties = (JObject)(current["properties"] ??= new JObject());
                current = (JObject)(properties[parts[i]] ??= new JObject());
            }
            var required = (JArray)(current["required"] ??= new JArray());
            if (!required.Any(r => (string?)r == parts[parts.Length - 1])) required.Add(parts[parts.Length - 1]);
        }
    }

    private static string Write(string path, JObject schema)
    {
        string text = schema.ToString(Formatting.Indented).Replace("\r\n", "\n") + "\n";
        // A schema already as it would be written is left alone (an export writes them every time).
        if (!TextFiles.Holds(path, text)) TextFiles.Write(path, text);
        return path;
    }
}
