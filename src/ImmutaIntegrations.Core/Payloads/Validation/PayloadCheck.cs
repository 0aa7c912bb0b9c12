using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.Linq;
using ImmutaIntegrations.Core.Payloads.Redaction;
using ImmutaIntegrations.Core.Payloads.Types;
using ImmutaIntegrations.Core.Secrets;
using static ImmutaIntegrations.Core.Payloads.Validation.ValueWording;

namespace ImmutaIntegrations.Core.Payloads.Validation;

/// <summary>One payload's check (<see cref="PayloadValidator.Validate"/>): every problem found, in the order of the payload.</summary>
internal sealed partial class PayloadCheck
{
    private static readonly string[] PayloadKeys = { "type", "autoBootstrap", "config" };
    private static readonly string[] IgnoredKeys = { "$schema" };

    private readonly PayloadDocument _document;
    private readonly PayloadValidationOptions _options;

    public PayloadCheck(PayloadDocument document, PayloadValidationOptions options)
    {
        _document = document;
        _options = options;
    }

    public List<PayloadProblem> Problems { get; } = new List<PayloadProblem>();

    public IntegrationType? Type { get; private set; }

    public string? TypeText { get; private set; }

    public void Run()
    {
        if (!(_document.Root is OrderedDictionary root))
        {
            Error(string.Empty, "a mapping with type, autoBootstrap and config", Describe(_document.Root, false));
            return;
        }
        if (!CheckType(root)) return;
        IntegrationType type = Type!;
        if (!type.IsKnown)
        {
            CheckShape(root);
            CheckSecretsAreReferences(root, type);
            if (root["config"] is OrderedDictionary unknownConfig) CheckReferences(unknownConfig, "config");
            return;
        }
        foreach (DictionaryEntry entry in root)
        {
            string key = (string)entry.Key;
            if (!PayloadKeys.Contains(key, StringComparer.OrdinalIgnoreCase) && !IgnoredKeys.Contains(key, StringComparer.Ordinal))
            {
                Warning(key, $"{key} is not part of a payload (type, autoBootstrap, config) and is not sent.");
            }
        }
        if (!type.HasConfig)
        {
            if (root.Contains("autoBootstrap"))
            {
                Error("autoBootstrap", $"nothing: {type.Name} takes no autoBootstrap", Describe(root["autoBootstrap"], false));
            }
            // An empty or null config is harmless (it is not sent); anything in it is a mistake.
            if (root["config"] is OrderedDictionary { Count: > 0 } || (root["config"] != null && !(root["config"] is OrderedDictionary)))
            {
                Error("config", $"nothing: a {type.Name} payload is just its type", Describe(root["config"], false));
            }
            return;
        }
        bool? automatic = CheckAutoBootstrap(root, type);
        if (!root.Contains("config") || root["config"] is null)
        {
            Error("config", "a mapping of the integration's settings (required)", "nothing");
            return;
        }
        if (!(root["config"] is OrderedDictionary config))
        {
            Error("config", "a mapping of the integration's settings", Describe(root["config"], false));
            return;
        }
        CheckConfig(config, type, automatic == true);
        CheckSecretsAreReferences(root, type);
        CheckReferences(config, "config");
    }

    // A payload bound for a saved plan: a secret's value would be written into the plan, so only references are taken.
    private void CheckSecretsAreReferences(OrderedDictionary root, IntegrationType type)
    {
        if (!_options.SecretsAsReferencesOnly || !(root["config"] is OrderedDictionary config)) return;
        foreach (var (path, message) in SecretLiterals.Problems(type, config)) Add(path, PayloadProblemSeverity.Error, SecretLiterals.Expected, SecretLiterals.Found, message);
    }

    // A payload of a type the module does not know: only what every payload is (a boolean autoBootstrap, a mapping config).
    private void CheckShape(OrderedDictionary root)
    {
        if (root["autoBootstrap"] != null && !(root["autoBootstrap"] is bool))
        {
            Error("autoBootstrap", "true or false", Describe(root["autoBootstrap"], false));
        }
        if (root["config"] != null && !(root["config"] is OrderedDictionary))
        {
            Error("config", "a mapping of the integration's settings", Describe(root["config"], false));
        }
    }

    private bool CheckType(OrderedDictionary root)
    {
        object? value = root["type"];
        if (value is null)
        {
            Error("type", $"one of {IntegrationTypes.NameList} (required)", "nothing");
            return false;
        }
        if (!(value is string text))
        {
            Error("type", $"one of {IntegrationTypes.NameList}", Describe(value, false));
            return false;
        }
        TypeText = text;
        if (text.Trim().Length == 0)
        {
            Error("type", $"one of {IntegrationTypes.NameList}", Describe(text, false));
            return false;
        }
        Type = IntegrationTypes.ResolveOrUnknown(text);
        if (!Type.IsKnown)
        {
            // Immuta adds platforms over time: a type this module does not know is sent as it is, never refused for
            // its name alone (Immuta says whether it knows it).
            string? near = SpellingSuggestions.Suggest(text, IntegrationTypes.All.Select(t => t.Name));
            Warning("type", $"'{text}' is not an integration type this module knows{(near is null ? string.Empty : $" (did you mean {near}?)")}: "
                + "the payload cannot be checked here and is sent as it is.");
        }
        return true;
    }

    private bool? CheckAutoBootstrap(OrderedDictionary root, IntegrationType type)
    {
        object? value = root["autoBootstrap"];
        if (value is null)
        {
            Error("autoBootstrap", type.AllowsAutoBootstrap ? "true or false (required)" : "false (required)", "nothing");
            return null;
        }
        if (!(value is bool automatic))
        {
            Error("autoBootstrap", "true or false", Describe(value, false));
            return null;
        }
        if (automatic && !type.AllowsAutoBootstrap)
        {
            Error("autoBootstrap", $"false: {type.Name} integrations are always set up manually", "true");
        }
        return automatic;
    }

    private void CheckConfig(OrderedDictionary config, IntegrationType type, bool automatic)
    {
        string? authentication = null;
        PayloadField? authField = type.FindField("authenticationType");
        if (authField != null && CheckField(config, authField, automatic) && config["authenticationType"] is string chosen)
        {
            authentication = type.AuthenticationTypes.FirstOrDefault(a => a == chosen);
        }
        var unused = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (PayloadField field in type.Fields)
        {
            if (field == authField) continue;
            // Without a valid authenticationType, the fields that depend on it cannot be judged.
            if (field.AuthenticationTypes != null && authentication is null) continue;
            if (!field.AppliesTo(authentication))
            {
                bool usedElsewhere = type.Fields.Any(f => f.Path == field.Path && f.AppliesTo(authentication));
                if (PlainValues.Has(config, field.Path) && !usedElsewhere && unused.Add(field.Path))
                {
                    Warning("config." + field.Path, $"config.{field.Path} is not used with authenticationType {authentication}.");
                }
                continue;
            }
            CheckField(config, field, automatic);
        }
        CheckUnknown(config, string.Empty, type);
        foreach (ConfigTextRule.Problem text in ConfigTextRule.Check(config, "config", type)) Error(text.Path, text.Expected, text.Found);
    }

    /// <summary>Checks one field where it applies; returns whether its value is fine (or rightly absent).</summary>
    private bool CheckField(OrderedDictionary config, PayloadField field, bool automatic)
    {
        string path = "config." + field.Path;
        // A field inside a block is judged only when the block is there; the block's own rule covers its absence.
        if (field.Parent != null && !(PlainValues.Get(config, field.Parent) is OrderedDictionary)) return true;
        object? value = PlainValues.Get(config, field.Path);
        bool required = field.Required || (field.RequiredWhenAutomatic && automatic);
        if (value is null)
        {
            if (!required) return true;
            string why = field.RequiredWhenAutomatic && !field.Required ? "required when autoBootstrap is true" : "required";
            Error(path, $"{Expected(field)} ({why})", "nothing");
            return false;
        }
        if (!field.TakesKindOf(value))
        {
            Error(path, Expected(field), Describe(value, field.Secret));
            return false;
        }
        // An int is what a PowerShell hashtable holds (@{ port = 70000 }); it is checked like a long.
        long? whole = value is int small ? small : value as long?;
        if (whole is long number && ((field.Minimum is long min && number < min) || (field.Maximum is long max && number > max)))
        {
            Error(path, Expected(field), Describe(value, false));
            return false;
        }
        if (!(value is string text)) return true;
        // A reference: its form and value are checked, not the field's text.
        if (SecretReferences.Contains(text)) return CheckReferences(path, text);
        if (required && text.Trim().Length == 0)
        {
            Error(path, $"{Expected(field)} that is not empty", "an empty string");
            return false;
        }
        if (field.Secret && text == IntegrationPayload.Redacted)
        {
            Error(path, "the secret itself, or a ${env:NAME} reference to it", $"{IntegrationPayload.Redacted} (what Immuta shows in its place)");
            return false;
        }
        if (field.Allowed != null && !field.Allowed.Contains(text, StringComparer.Ordinal))
        {
            Error(path, Expected(field), Describe(text, field.Secret));
            return false;
        }
        if (field.Prefix != null && !text.StartsWith(field.Prefix, StringComparison.Ordinal))
        {
            Error(path, Expected(field), Describe(text, field.Secret));
            return false;
        }
        // In a saved plan's payload the same value is an error (CheckSecretsAreReferences), said once.
        if (field.Secret && _document.File != null && !_options.SecretsAsReferencesOnly)
        {
            Warning(path, $"{path} is a secret written in the file in plain text; a ${{env:NAME}} reference keeps it out of the file.");
        }
        return true;
    }

    private void CheckUnknown(OrderedDictionary map, string prefix, IntegrationType type)
    {
        foreach (DictionaryEntry entry in map)
        {
            string path = prefix + (string)entry.Key;
            if (!type.HasField(path))
            {
                // Inside a block the type leaves open (lineage, groupPattern) anything goes.
                string? parent = prefix.Length == 0 ? null : prefix.TrimEnd('.');
                if (parent != null && !type.Fields.Any(f => f.Parent != null && f.Parent.Equals(parent, StringComparison.OrdinalIgnoreCase))) continue;
                string? suggestion = SpellingSuggestions.Suggest(path, type.FieldPaths);
                string hint = suggestion is null ? string.Empty : $" (did you mean config.{suggestion}?)";
                Warning("config." + path, $"config.{path} is not a field of {type.Name}{hint}; it is sent as it is.");
                continue;
            }
            if (entry.Value is OrderedDictionary block) CheckUnknown(block, path + ".", type);
        }
    }

    private void Error(string path, string expected, string found, string? errorId = null) =>
        Add(path, PayloadProblemSeverity.Error, expected, found, $"{(path.Length == 0 ? "The payload" : path)}: expected {expected}, found {found}.", errorId);

    private void Warning(string path, string message) => Add(path, PayloadProblemSeverity.Warning, string.Empty, string.Empty, message);

    private void Add(string path, PayloadProblemSeverity severity, string expected, string found, string message, string? errorId = null)
    {
        SourcePosition? position = _document.PositionOf(path);
        Problems.Add(new PayloadProblem
        {
            Path = path,
            Severity = severity,
            Expected = expected,
            Found = found,
            Message = message,
            ErrorId = errorId,
            File = _document.File,
            Line = position?.Line,
            Column = position?.Column,
        });
    }
}
