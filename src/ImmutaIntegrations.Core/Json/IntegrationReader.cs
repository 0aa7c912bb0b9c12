using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.Globalization;
using System.IO;
using System.Linq;
using ImmutaIntegrations.Core.Payloads;
using Newtonsoft.Json;

namespace ImmutaIntegrations.Core.Json
{
    /// <summary>
    /// Maps the API's JSON to the public types. Lenient where the contract is loose: ids may be strings
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
        /// Reads an array of integrations, handing each to <paramref name="onItem"/> as soon as it is
        /// parsed, so a long list streams instead of being held whole. Returns how many were read.
        /// </summary>
        public static int ReadIntegrationArray(TextReader text, Action<Integration> onItem)
        {
            using (JsonTextReader reader = JsonValues.CreateReader(text))
            {
                ExpectNext(reader, JsonToken.StartArray, "an array of integrations");
                int count = 0;
                while (JsonValues.ReadSkippingComments(reader) && reader.TokenType != JsonToken.EndArray)
                {
                    if (reader.TokenType != JsonToken.StartObject)
                    {
                        throw new JsonSerializationException($"Expected an integration object at {reader.Path}, found {reader.TokenType}.");
                    }
                    onItem(ToIntegration(JsonValues.ReadObject(reader)));
                    count++;
                }
                return count;
            }
        }

        public static IntegrationStatus ReadStatus(TextReader text)
        {
            using (JsonTextReader reader = JsonValues.CreateReader(text))
            {
                ExpectNext(reader, JsonToken.StartObject, "a status object");
                OrderedDictionary fields = JsonValues.ReadObject(reader);
                return new IntegrationStatus { Id = IdText(fields["id"]), Status = Text(fields["status"]) };
            }
        }

        /// <summary>The answer to POST, PUT or DELETE: {id, status, validationResults}, or just the results of a dry run.</summary>
        public static ChangeResult ReadChange(TextReader text)
        {
            using (JsonTextReader reader = JsonValues.CreateReader(text))
            {
                ExpectNext(reader, JsonToken.StartObject, "the result of the change");
                OrderedDictionary fields = JsonValues.ReadObject(reader);
                return new ChangeResult
                {
                    Id = IdText(fields["id"]),
                    Status = Text(fields["status"]),
                    ValidationResults = fields["validationResults"] is OrderedDictionary results ? ToValidationResults(results) : new ValidationResults(),
                };
            }
        }

        internal static Integration ToIntegration(OrderedDictionary fields)
        {
            var integration = new Integration
            {
                Id = IdText(fields["id"]),
                Type = Text(fields["type"]),
                Status = Text(fields["status"]),
                AutoBootstrap = Bool(fields["autoBootstrap"]),
                ValidationResults = fields["validationResults"] is OrderedDictionary results ? ToValidationResults(results) : null,
            };
            OrderedDictionary config = fields["config"] as OrderedDictionary ?? ConfigDictionary.Create();
            IntegrationType? type = IntegrationTypes.Resolve(integration.Type);
            // Trino's key comes back in config: it is kept encrypted on the object, and no value shows it.
            if (config["apiKey"] is string key && key.Length > 0 && key != PayloadRedaction.Redacted && type?.ResponseSecrets.Contains("apiKey") == true)
            {
                integration.ApiKey = SecretText.Protect(key);
                HideEverywhere(config, key);
            }
            // The API already redacts; redacting again guards against a server that does not.
            integration.Config = PayloadRedaction.Redact(type, config);
            return integration;
        }

        private static void HideEverywhere(OrderedDictionary map, string secret)
        {
            foreach (object name in map.Keys.Cast<object>().ToArray())
            {
                if (map[name] is string text && text.Contains(secret)) map[name] = text.Replace(secret, PayloadRedaction.Redacted);
                else if (map[name] is OrderedDictionary block) HideEverywhere(block, secret);
            }
        }

        internal static ValidationResults ToValidationResults(OrderedDictionary fields)
        {
            var tests = new List<ValidationTest>();
            if (fields["validationTests"] is IEnumerable list && !(list is string))
            {
                foreach (object? item in list)
                {
                    if (item is OrderedDictionary test) tests.Add(ToValidationTest(test));
                }
            }
            return new ValidationResults { Status = Text(fields["status"]), ValidationTests = tests.ToArray() };
        }

        private static ValidationTest ToValidationTest(OrderedDictionary fields)
        {
            object? result = fields["result"];
            return new ValidationTest
            {
                Name = Text(fields["name"]),
                Status = Text(fields["status"]),
                Message = fields["message"] is null ? null : Text(fields["message"]),
                Result = result switch
                {
                    null => Array.Empty<object?>(),
                    object?[] array => array,
                    _ => new[] { result },
                },
            };
        }

        /// <summary>An id as text, whether the server sent <c>"1"</c> or <c>1</c>.</summary>
        internal static string IdText(object? value) => value switch
        {
            null => string.Empty,
            string s => s,
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? string.Empty,
        };

        private static string Text(object? value) => value is string s ? s : IdText(value);

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
}
