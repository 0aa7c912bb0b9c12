using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Collections.Specialized;
using System.Linq;
using System.Management.Automation;
using System.Security;
using ImmutaIntegrations.Core;
using ImmutaIntegrations.Core.Payloads;
using ImmutaIntegrations.Core.Payloads.Types;

namespace ImmutaIntegrations.Input;

/// <summary>
/// New-ImmutaIntegrationPayload's dynamic parameters: one per top-level config field of the chosen type,
/// derived from the type's description, so Tab completes field names (and authenticationType's values).
/// Secrets are SecureString parameters.
/// </summary>
internal static class PayloadParameters
{
    // Names the cmdlet or PowerShell already uses; a field of the same name is set through -Config.
    private static readonly HashSet<string> Taken = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "Type", "AutoBootstrap", "Config", "Credential", "Verbose", "Debug", "ErrorAction", "WarningAction", "InformationAction",
        "ProgressAction", "ErrorVariable", "WarningVariable", "InformationVariable", "OutVariable", "OutBuffer", "PipelineVariable",
        "WhatIf", "Confirm",
    };

    public static RuntimeDefinedParameterDictionary For(string? typeName)
    {
        var parameters = new RuntimeDefinedParameterDictionary();
        IntegrationType? type = IntegrationTypes.Resolve(typeName);
        if (type is null) return parameters;
        foreach (PayloadField field in Settable(type))
        {
            var attributes = new Collection<Attribute> { new ParameterAttribute { HelpMessage = field.Description } };
            if (field.Allowed != null) attributes.Add(new ValidateSetAttribute(field.Allowed.ToArray()));
            string name = ParameterName(field);
            parameters.Add(name, new RuntimeDefinedParameter(name, ClrType(field), attributes));
        }
        return parameters;
    }

    /// <summary>Copies the dynamic parameters the user set into the config (they win over -Config).</summary>
    public static void Apply(RuntimeDefinedParameterDictionary? parameters, IntegrationType type, OrderedDictionary config)
    {
        if (parameters is null) return;
        foreach (PayloadField field in Settable(type))
        {
            if (parameters.TryGetValue(ParameterName(field), out RuntimeDefinedParameter? parameter) && parameter.IsSet)
            {
                config[field.Path] = PowerShellValues.ToPlain(parameter.Value, "config." + field.Path);
            }
        }
    }

    /// <summary>
    /// Fills the user and secret fields of the payload's authentication type from a credential (the first
    /// authentication type when the payload names none). A type without such fields is an error.
    /// </summary>
    public static void ApplyCredential(IntegrationType type, OrderedDictionary config, PSCredential credential)
    {
        if (type.AuthenticationTypes.Count > 0 && !(config["authenticationType"] is string))
        {
            config["authenticationType"] = type.AuthenticationTypes[0];
        }
        string? authentication = config["authenticationType"] as string;
        PayloadField[] parts = type.Fields.Where(f => f.Credential != CredentialPart.None && f.AppliesTo(authentication)).ToArray();
        if (parts.Length == 0)
        {
            string what = authentication is null ? type.Name : $"{type.Name} with authenticationType {authentication}";
            throw new ArgumentException($"-Credential does not apply to {what}: give its settings with -Config.");
        }
        foreach (PayloadField field in parts)
        {
            object value = field.Credential == CredentialPart.UserName ? credential.UserName : (object)credential.Password.Copy();
            PlainValues.Set(config, field.Path, value);
        }
    }

    private static IEnumerable<PayloadField> Settable(IntegrationType type) => type.Fields
        .Where(f => f.Parent is null && f.Kind != PayloadValueKind.Object && f.Kind != PayloadValueKind.Array && !Taken.Contains(f.Path))
        .GroupBy(f => f.Path, StringComparer.OrdinalIgnoreCase)
        .Select(g => g.First());

    private static string ParameterName(PayloadField field) => char.ToUpperInvariant(field.Path[0]) + field.Path.Substring(1);

    private static Type ClrType(PayloadField field)
    {
        if (field.Secret) return typeof(SecureString);
        switch (field.Kind)
        {
            case PayloadValueKind.Integer: return typeof(int);
            case PayloadValueKind.Boolean: return typeof(bool);
            default: return typeof(string);
        }
    }
}
