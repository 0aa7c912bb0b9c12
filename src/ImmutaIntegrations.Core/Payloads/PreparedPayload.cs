using System;
using System.Collections;
using System.Collections.Specialized;
using System.IO;
using System.Linq;
using System.Security;
using ImmutaIntegrations.Core.Payloads.Reading;
using ImmutaIntegrations.Core.Payloads.Redaction;
using ImmutaIntegrations.Core.Payloads.Types;
using ImmutaIntegrations.Core.Payloads.Validation;
using ImmutaIntegrations.Core.Payloads.Writing;
using ImmutaIntegrations.Core.Secrets;
using Newtonsoft.Json;

namespace ImmutaIntegrations.Core.Payloads;

/// <summary>
/// A payload that passed validation: its type resolved (aliases become the API's name), its field names
/// in the API's spelling, ready to be sent (<see cref="ToRequestJson"/>) or shown (<see cref="DisplayConfig"/>).
/// </summary>
public sealed class PreparedPayload
{
    private readonly SecretResolver _secrets;
    private readonly string? _folder;

    private PreparedPayload(IntegrationType type, bool? autoBootstrap, OrderedDictionary config, string origin, PayloadValidationResult validation,
        string? file, SecretResolver secrets, string? folder)
    {
        _secrets = secrets;
        _folder = folder;
        Type = type;
        AutoBootstrap = autoBootstrap;
        Config = config;
        Origin = origin;
        Validation = validation;
        File = file;
    }

    public IntegrationType Type { get; }

    public bool? AutoBootstrap { get; }

    /// <summary>The config as it will be sent, but for <c>${env:NAME}</c> references and secure strings, resolved on sending.</summary>
    public OrderedDictionary Config { get; }

    public string Origin { get; }

    /// <summary>The full path of the payload file it was read from; null for a payload that came from an object.</summary>
    public string? File { get; }

    /// <summary>The validation, with its warnings.</summary>
    public PayloadValidationResult Validation { get; }

    /// <summary>
    /// Validates a document and prepares it; an invalid one is an <see cref="ImmutaPayloadException"/>
    /// (<c>PayloadInvalid</c>) listing every problem, and nothing is sent.
    /// </summary>
    public static PreparedPayload From(PayloadDocument document, PayloadValidationOptions? options = null)
    {
        PayloadValidationResult result = PayloadValidator.Validate(document, options);
        if (!result.IsValid)
        {
            PayloadProblem[] errors = result.Errors;
            string list = string.Join(Environment.NewLine, errors.Select(e => "  " + e));
            throw new ImmutaPayloadException(
                $"The payload from {document.Origin} is not valid ({errors.Length} problem{(errors.Length == 1 ? string.Empty : "s")}); "
                + $"nothing was sent:{Environment.NewLine}{list}",
                ErrorIdOf(errors), document.File, errors[0].Line, errors[0].Column, result.Problems);
        }
        OrderedDictionary root = document.Map!;
        IntegrationType type = IntegrationTypes.ResolveOrUnknown((string)root["type"]!);
        OrderedDictionary config = type.HasConfig && root["config"] is OrderedDictionary given
            ? Canonical(type, given, string.Empty)
            : ConfigDictionary.Create();
        return new PreparedPayload(type, type.HasConfig ? root["autoBootstrap"] as bool? : null, config, document.Origin, result, document.File,
            (options ?? PayloadValidationOptions.Default).Secrets, document.Folder);
    }

    // PayloadInvalid, but for a payload whose every problem is a secret that could not be had for the same reason: that reason.
    private static string ErrorIdOf(PayloadProblem[] errors)
    {
        string[] ids = errors.Select(e => e.ErrorId ?? ImmutaErrorId.PayloadInvalid).Distinct(StringComparer.Ordinal).ToArray();
        return ids.Length == 1 ? ids[0] : ImmutaErrorId.PayloadInvalid;
    }

    /// <summary>The document behind a public payload object, its secrets put back where it shows &lt;REDACTED&gt;.</summary>
    public static PayloadDocument ToDocument(IntegrationPayload payload)
    {
        OrderedDictionary config = (OrderedDictionary)PlainValues.DeepCopy(payload.Config)!;
        foreach (var secret in payload.Secrets)
        {
            if (!HidesSomething(PlainValues.Get(config, secret.Key))) continue;
            object? value = payload.JsonSecrets.Contains(secret.Key) ? FromJson(SecretText.Reveal(secret.Value)) : secret.Value;
            PlainValues.Set(config, secret.Key, value);
        }
        OrderedDictionary root = ConfigDictionary.Create();
        root["type"] = payload.Type;
        if (payload.AutoBootstrap.HasValue) root["autoBootstrap"] = payload.AutoBootstrap.Value;
        if (IntegrationTypes.Resolve(payload.Type)?.HasConfig != false) root["config"] = config;
        return new PayloadDocument(root, string.IsNullOrEmpty(payload.Source) ? payload.ToString() : payload.Source);
    }

    /// <summary>The config fit to show: secrets as &lt;REDACTED&gt;.</summary>
    public OrderedDictionary DisplayConfig() => PayloadRedaction.Redact(Type, Config);

    /// <summary>The public object: the display form, with the secrets kept apart as secure strings.</summary>
    public IntegrationPayload ToPublic()
    {
        var payload = new IntegrationPayload { Type = Type.Name, AutoBootstrap = AutoBootstrap, Config = DisplayConfig(), Source = Origin };
        KeepSecrets(Config, payload.Config, string.Empty, payload);
        return payload;
    }

    /// <summary>
    /// The request body: references resolved where the payload was validated (a command's resolver sends what validation
    /// found); one that cannot be resolved is an error naming its field and reference, and nothing is sent.
    /// </summary>
    public string ToRequestJson() => Json(_secrets, reveal: true);

    /// <summary>The request body, <c>${env:NAME}</c> references resolved with <paramref name="environment"/>.</summary>
    public string ToRequestJson(Func<string, string?> environment) => Json(_secrets.WithEnvironment(environment), reveal: true);

    /// <summary>The request body as it may be shown (WhatIf, debug output): secrets redacted, references as written.</summary>
    public string ToDisplayJson() => new PreparedPayload(Type, AutoBootstrap, DisplayConfig(), Origin, Validation, File, _secrets, _folder).Json(_secrets, reveal: false);

    private string Json(SecretResolver secrets, bool reveal)
    {
        using (var text = new StringWriter())
        using (var writer = new JsonTextWriter(text))
        {
            writer.WriteStartObject();
            writer.WritePropertyName("type");
            writer.WriteValue(Type.Name);
            if (Type.HasConfig)
            {
                writer.WritePropertyName("autoBootstrap");
                writer.WriteValue(AutoBootstrap);
                writer.WritePropertyName("config");
                WriteValue(writer, Config, "config", secrets, reveal);
            }
            writer.WriteEndObject();
            writer.Flush();
            return text.ToString();
        }
    }

    private void WriteValue(JsonWriter writer, object? value, string path, SecretResolver secrets, bool reveal)
    {
        switch (value)
        {
            case OrderedDictionary map:
                writer.WriteStartObject();
                foreach (DictionaryEntry entry in map)
                {
                    writer.WritePropertyName((string)entry.Key);
                    WriteValue(writer, entry.Value, path + "." + entry.Key, secrets, reveal);
                }
                writer.WriteEndObject();
                break;
            case object?[] items:
                writer.WriteStartArray();
                for (int i = 0; i < items.Length; i++) WriteValue(writer, items[i], $"{path}[{i}]", secrets, reveal);
                writer.WriteEndArray();
                break;
            case SecureString secret:
                writer.WriteValue(reveal ? SecretText.Reveal(secret) : PayloadRedaction.Redacted);
                break;
            case string text:
                writer.WriteValue(reveal ? Resolved(text, path, secrets) : text);
                break;
            default:
                writer.WriteValue(value);
                break;
        }
    }

    private string Resolved(string text, string path, SecretResolver secrets)
    {
        try
        {
            return secrets.Expand(text, _folder);
        }
        catch (ImmutaPayloadException e)
        {
            throw new ImmutaPayloadException($"{path}: {e.Message}; nothing was sent.", e.ErrorId, File);
        }
    }

    // Field names in the API's spelling ("Host" typed in a hashtable is sent as "host"); unknown ones as typed.
    private static OrderedDictionary Canonical(IntegrationType type, OrderedDictionary map, string prefix)
    {
        OrderedDictionary result = ConfigDictionary.Create();
        foreach (DictionaryEntry entry in map)
        {
            string key = (string)entry.Key;
            PayloadField? field = type.FindField(prefix + key);
            string name = field?.Name ?? key;
            result[name] = entry.Value is OrderedDictionary block ? Canonical(type, block, prefix + name + ".") : PlainValues.DeepCopy(entry.Value);
        }
        return result;
    }

    private static void KeepSecrets(OrderedDictionary original, OrderedDictionary shown, string prefix, IntegrationPayload payload)
    {
        foreach (DictionaryEntry entry in original)
        {
            string path = prefix + entry.Key;
            object? display = shown[entry.Key];
            if (entry.Value is OrderedDictionary block && display is OrderedDictionary shownBlock)
            {
                KeepSecrets(block, shownBlock, path + ".", payload);
            }
            else if (HidesSomething(display))
            {
                Keep(payload, path, entry.Value);
            }
        }
    }

    private static void Keep(IntegrationPayload payload, string path, object? value)
    {
        switch (value)
        {
            case SecureString secure:
                payload.Secrets[path] = secure.Copy();
                break;
            case string text:
                if (text != PayloadRedaction.Redacted) payload.Secrets[path] = SecretText.Protect(text);
                break;
            default:
                // A number, true or false, or a list: as JSON, to come back with its kind rather than as a string.
                payload.Secrets[path] = SecretText.Protect(PayloadWriter.ToJson(value));
                payload.JsonSecrets.Add(path);
                break;
        }
    }

    // A value shown in place of a secret: the placeholder, or a list holding it.
    private static bool HidesSomething(object? shown) => shown switch
    {
        string text => text == PayloadRedaction.Redacted,
        object?[] items => items.Any(HidesSomething),
        OrderedDictionary map => map.Values.Cast<object?>().Any(HidesSomething),
        _ => false,
    };

    private static object? FromJson(string json) =>
        JsonPayloadReader.ReadObject("{\"value\": " + json + "}")["value"];
}
