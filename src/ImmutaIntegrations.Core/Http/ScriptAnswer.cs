using System;
using System.Linq;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace ImmutaIntegrations.Core.Http;

/// <summary>
/// The script in a script endpoint's answer. The API contract (docs/api-contract.md §2) does not say how a script travels, so every
/// plausible form is read: text, a JSON string, or a JSON object with "script".
/// </summary>
internal static class ScriptAnswer
{
    /// <summary>
    /// The script in an answer: text, a JSON string, or a JSON object with "script". An empty answer, JSON of
    /// another shape, or text with NUL or other binary characters is no script (InvalidResponse), since running
    /// it would only fail further on.
    /// </summary>
    public static string Read(string body, string? mediaType)
    {
        bool json = mediaType != null && mediaType.IndexOf("json", StringComparison.OrdinalIgnoreCase) >= 0;
        string trimmed = body.TrimStart();
        string script = body;
        if (json || trimmed.StartsWith("\"", StringComparison.Ordinal) || trimmed.StartsWith("{\"script\"", StringComparison.Ordinal))
        {
            try
            {
                JToken token = JToken.Parse(body);
                if (token.Type == JTokenType.String) script = (string)token!;
                else if (token is JObject obj && obj["script"]?.Type == JTokenType.String) script = (string)obj["script"]!;
                else throw new JsonSerializationException($"Expected a script (text, a JSON string, or an object with \"script\"), found {token.Type}.");
            }
            catch (JsonReaderException) when (!json)
            {
                // Not JSON after all: the text is the script.
            }
        }
        if (script.Trim().Length == 0) throw new JsonSerializationException("Expected a script, found an empty answer.");
        if (script.Any(c => char.IsControl(c) && c != '\t' && c != '\n' && c != '\r' && c != '\f'))
        {
            throw new JsonSerializationException("Expected a script, found binary characters.");
        }
        return script;
    }
}
