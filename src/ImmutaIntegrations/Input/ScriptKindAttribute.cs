using System;
using System.Linq;
using System.Management.Automation;

namespace ImmutaIntegrations.Input;

/// <summary>
/// Lets a string parameter take a setup script kind (<c>Create</c>, <c>initialcreate</c>, an
/// <see cref="IntegrationScriptKind"/>) and hands the cmdlet its exact name, refusing anything else at binding,
/// as an enum parameter would. The parameter is a string rather than the enum because PowerShell completes an
/// enum parameter with all its names itself and never asks an [ArgumentCompleter]: -Kind is to complete only
/// the kinds of the type on the line (ScriptKindCompleter).
/// </summary>
public sealed class ScriptKindAttribute : ArgumentTransformationAttribute
{
    public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
    {
        object? value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
        if (Parse(value) is IntegrationScriptKind kind) return kind.ToString();
        string names = string.Join(", ", Enum.GetNames(typeof(IntegrationScriptKind)));
        throw new ArgumentTransformationMetadataException($"'{value}' is not a script kind: give one of {names}.");
    }

    /// <summary>The kind a value names, or null when it names none.</summary>
    public static IntegrationScriptKind? Parse(object? value)
    {
        switch (value)
        {
            case IntegrationScriptKind kind:
                return kind;
            case string text:
                string name = text.Trim();
                return Enum.GetNames(typeof(IntegrationScriptKind))
                    .FirstOrDefault(n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase)) is string found
                    ? (IntegrationScriptKind)Enum.Parse(typeof(IntegrationScriptKind), found)
                    : (IntegrationScriptKind?)null;
            case int number when Enum.IsDefined(typeof(IntegrationScriptKind), number):
                return (IntegrationScriptKind)number;
            default:
                return null;
        }
    }
}
