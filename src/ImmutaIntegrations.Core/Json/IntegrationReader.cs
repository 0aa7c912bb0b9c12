using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.Globalization;
using System.IO;
using System.Linq;
using ImmutaIntegrations.Core.Changes;
using ImmutaIntegrations.Core.Payloads.Types;
using ImmutaIntegrations.Core.Payloads.Writing;
using ImmutaIntegrations.Core.Secrets;
using Newtonsoft.Json;

namespace ImmutaIntegrations.Core.Json;

/// <summary>
/// Maps the API's JSON to the public types. Lenient where the API contract (docs/api-contract.md) is loose: ids may be strings
/// or numbers, booleans may be strings, missing parts are empty rather than errors.
/// </summary>
internal static class IntegrationReader
{
    /// <summary>Reads one integration object from text.</summary>
    public static Integration ReadIntegration(TextReader text)
    {
        using (JsonTextReader reader = JsonValues.CreateReader(text))
        {
            ExpectNext(reader, JsonToken.StartObject, "an integration object");
            return ToIntegration(JsonValues.ReadObject(reader));
        }
    }

    /// <summary>
    /// Reads an array of integrations, handing each to <paramref name="onItem"/> as soon as it is parsed, so a long
    /// list streams instead of being held whole. An item that cannot be read as an integration (an id that is no
    /// id, a name that is no text) is handed to <paramref name="onOddItem"/> with its position and why, and the others
    /// are read on. Returns how many were read.
    /// </summary>
    public static int ReadIntegrationArray(TextReader text, Action<Integration> onItem, Action<int, string>? onOddItem = null)
    {
        using (JsonTextReader reader = JsonValues.CreateReader(text))
        {
            ExpectNext(reader, JsonToken.StartArray, "an array of integrations");
            int count = 0;
            int position = 0;
            // Odd items are told once a good one shows the answer is a list of integrations; a list of nothing but odd
            // items is no such list, and fails as a whole.
            var odd = new List<(int Position, string Reason)>();
            while (JsonValues.ReadSkippingComments(reader) && reader.TokenType != JsonToken.EndArray)
            {
                position++;
                string? reason = null;
                Integration? integration = null;
                if (reader.TokenType != JsonToken.StartObject)
                {
                    reason = $"Expected an integration object at {reader.Path}, found {reader.TokenType}.";
                    reader.Skip();
                }
                else
                {
                    try
                    {
                        integration = ToIntegration(JsonValues.ReadObject(reader));
                    }
                    catch (JsonSerializationException e) when (onOddItem != null)
                    {
                        reason = e.Message;
                    }
                }
                if (reason != null)
                {
                    if (onOddItem is null) throw new JsonSerializationException(reason);
                    if (count > 0) onOddItem(position, reason);
                    else odd.Add((position, reason));
                    continue;
                }
                if (count == 0) foreach (var (at, why) in odd) onOddItem?.Invoke(at, why);
                onItem(integration!);
                count++;
            }
            if (count == 0 && odd.Count > 0) throw new JsonSerializationException(odd[0].Reason);
            return count;
        }
    }

    public static IntegrationStatus ReadStatus(TextReader text)
    {
        using (JsonTextReader reader = JsonValues.CreateReader(text))
        {
            ExpectNext(reader, JsonToken.StartObject, "a status object");
            OrderedDictionary fields = JsonValues.ReadObject(reader);
            return new IntegrationStatus { Id = RequiredId(fields, "status"), Status = String(fields, "status", "status") };
        }
    }

    /// <summary>
    /// The answer to POST, PUT or DELETE: <c>{id, status, validationResults}</c>; a dry run's may have no id or status,
    /// and its tests may come bare, as <c>{status, validationTests}</c> (the status then being the validation's).
    /// </summary>
    public static ChangeResult ReadChange(TextReader text)
    {
        using (JsonTextReader reader = JsonValues.CreateReader(text))
        {
            ExpectNext(reader, JsonToken.StartObject, "the result of the change");
            OrderedDictionary fields = JsonValues.ReadObject(reader);
            if (Object(fields, "validationResults", "change") is OrderedDictionary results)
            {
                return new ChangeResult
                {
                    Id = fields["id"] is null || fields["id"] is "" ? string.Empty : RequiredId(fields, "change"),
                    Status = String(fields, "status", "change"),
                    ValidationResults = ToValidationResults(results),
                };
            }
            bool bare = fields["validationTests"] != null;
            return new ChangeResult
            {
                Id = fields["id"] is null || fields["id"] is "" ? string.Empty : RequiredId(fields, "change"),
                Status = bare && fields["id"] is null ? string.Empty : String(fields, "status", "change"),
                ValidationResults = bare ? ToValidationResults(fields) : new ValidationResults(),
            };
        }
    }

    internal static Integration ToIntegration(OrderedDictionary fields)
    {
        var integration = new Integration
        {
            Id = RequiredId(fields, "integration"),
            Type = String(fields, "type", "integration"),
            Status = String(fields, "status", "integration"),
            AutoBootstrap = Bool(fields["autoBootstrap"]),
            ValidationResults = Object(fields, "validationResults", "integration") is OrderedDictionary results ? ToValidationResults(results) : null,
        };
        OrderedDictionary config = Object(fields, "config", "integration") ?? ConfigDictionary.Create();
        IntegrationType? type = IntegrationTypes.Resolve(integration.Type);
        // Trino's key comes back in config: it is kept encrypted on the object, and no value shows it.
        string? key = ShownSecrets.ResponseKey(type, config);
        if (key != null) integration.ApiKey = SecretText.Protect(key);
        integration.Config = ShownSecrets.ShownConfig(type, config);
        return integration;
    }

    internal static ValidationResults ToValidationResults(OrderedDictionary fields)
    {
        var tests = new List<ValidationTest>();
        switch (fields["validationTests"])
        {
            case null:
                break;
            case object?[] list:
                foreach (object? item in list)
                {
                    tests.Add(ToValidationTest(item as OrderedDictionary
                        ?? throw new JsonSerializationException($"A validation test is {Describe(item)}, not an object.")));
                }
                break;
            default:
                throw new JsonSerializationException($"validationTests is {Describe(fields["validationTests"])}, not a list.");
        }
        return new ValidationResults { Status = String(fields, "status", "validationResults"), ValidationTests = tests.ToArray() };
    }

    private static ValidationTest ToValidationTest(OrderedDictionary fields)
    {
        object? result = fields["result"];
        return new ValidationTest
        {
            Name = AnyText(fields["name"]) ?? string.Empty,
            Status = AnyText(fields["status"]) ?? string.Empty,
            // The reference shows text; anything else a tenant sends is kept as its JSON.
            Message = AnyText(fields["message"]),
            Result = result switch
            {
                null => Array.Empty<object?>(),
                object?[] array => array,
                _ => new[] { result },
            },
        };
    }

    // A value shown as text, whatever its shape: text as it is, anything else as its JSON (a test is never worth failing
    // the whole answer for).
    private static string? AnyText(object? value) => value switch
    {
        null => null,
        string text => text,
        _ => PayloadWriter.ToCompactJson(value),
    };

    /// <summary>An id as text, whether the server sent <c>"1"</c> or <c>1</c>.</summary>
    internal static string IdText(object? value) => value switch
    {
        null => string.Empty,
        string s => s,
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    // The answer's shape, checked where a wrong one would mislead: ids, names, statuses, blocks.
    private static string RequiredId(OrderedDictionary fields, string what)
    {
        object? id = fields["id"];
        // Ids are whole numbers; the next call would refuse anything else, so it is refused here, where it came from.
        if (id is string text && text.Length > 0 && text.Length <= 19 && text.All(c => c >= '0' && c <= '9')) return text;
        if (id is long whole && whole >= 0) return IdText(id);
        if (id is double number && number >= 0 && number <= long.MaxValue && Math.Floor(number) == number) return IdText((long)number);
        throw new JsonSerializationException(id is string || id is long || id is double
            ? $"The {what}'s id is {Shown(id)}, not a whole number."
            : $"The {what}'s id is {Describe(id)}, not a string or a number.");
    }

    private static string String(OrderedDictionary fields, string name, string what)
    {
        object? value = fields[name];
        if (value is null) return string.Empty;
        return value as string ?? throw new JsonSerializationException($"The {what}'s {name} is {Describe(value)}, not a string.");
    }

    private static OrderedDictionary? Object(OrderedDictionary fields, string name, string what)
    {
        object? value = fields[name];
        if (value is null) return null;
        return value as OrderedDictionary ?? throw new JsonSerializationException($"The {what}'s {name} is {Describe(value)}, not an object.");
    }

    private static string Shown(object id)
    {
        string text = IdText(id);
        text = new string(text.Select(c => char.IsControl(c) ? '?' : c).ToArray());
        return "'" + (text.Length > 40 ? text.Substring(0, 37) + "..." : text) + "'";
    }

    private static string Describe(object? value) => value switch
    {
        null => "missing",
        string _ => "a string",
        bool _ => "a boolean",
        OrderedDictionary _ => "an object",
        object?[] _ => "a list",
        _ => "a number",
    };

    private static bool? Bool(object? value) => value switch
    {
        bool b => b,
        string s when bool.TryParse(s, out bool parsed) => parsed,
        _ => null,
    };

    private static void ExpectNext(JsonReader reader, JsonToken expected, string what)
    {
        if (!JsonValues.ReadSkippingComments(reader) || reader.TokenType != expected)
        {
            string found = reader.TokenType == JsonToken.None ? "an empty body" : reader.TokenType.ToString();
            throw new JsonSerializationException($"Expected {what}, found {found}.");
        }
    }
}
