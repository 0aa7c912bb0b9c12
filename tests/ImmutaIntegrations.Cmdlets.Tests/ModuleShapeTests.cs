using System.Collections;
using System.Management.Automation;
using System.Reflection;
using ImmutaIntegrations.Commands.Base;

namespace ImmutaIntegrations.Cmdlets.Tests;

/// <summary>The architectural rules of the cmdlet assembly, checked by reflection.</summary>
public sealed class ModuleShapeTests
{
    private static readonly Assembly Cmdlets = typeof(AsyncCmdlet).Assembly;

    private static IEnumerable<Type> CmdletTypes() => Cmdlets.GetTypes().Where(t => t.GetCustomAttribute<CmdletAttribute>() is not null);

    // Naming one of these in a cmdlet class would load it before the module's resolver is in place.
    private static readonly string[] IsolatedAssemblies = ["ImmutaIntegrations.Core", "YamlDotNet", "Newtonsoft.Json"];

    [Fact]
    public void Cmdlet_classes_never_name_engine_or_third_party_types_in_fields_properties_or_signatures()
    {
        var offenders = new List<string>();
        // Completers and parameter attributes are loaded with the cmdlets' metadata, so the same rule holds for them.
        Type[] completers = [.. Cmdlets.GetTypes().Where(t => typeof(IArgumentCompleter).IsAssignableFrom(t) || typeof(ArgumentTransformationAttribute).IsAssignableFrom(t)), typeof(ImmutaIntegrations.Completion.IntegrationListCache)];
        Assert.Contains(typeof(ImmutaIntegrations.Completion.IntegrationIdCompleter), completers);
        Type[] bases = [.. Cmdlets.GetTypes().Where(t => t.Namespace == typeof(AsyncCmdlet).Namespace && typeof(PSCmdlet).IsAssignableFrom(t))];
        Assert.Equal(4, bases.Length);
        foreach (Type type in CmdletTypes().Concat(bases).Concat(completers))
        {
            const BindingFlags all = BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;
            IEnumerable<(string Member, Type Type)> used =
                type.GetFields(all).Select(f => (f.Name, f.FieldType))
                .Concat(type.GetProperties(all).Select(p => (p.Name, p.PropertyType)))
                .Concat(type.GetMethods(all).SelectMany(m => m.GetParameters().Select(p => (m.Name, p.ParameterType)).Append((m.Name, m.ReturnType))))
                .Concat(type.GetInterfaces().Select(i => ("implements", i)));
            offenders.AddRange(used.Where(u => IsolatedAssemblies.Contains(u.Type.Assembly.GetName().Name)).Select(u => $"{type.Name}.{u.Member}: {u.Type}"));
        }
        Assert.Empty(offenders);
    }

    [Fact]
    public void The_cmdlet_assembly_uses_YamlDotNet_and_Newtonsoft_Json_only_through_the_engine()
    {
        // A direct reference would bind to whatever version the default context has, defeating the isolation.
        string[] referenced = Cmdlets.GetReferencedAssemblies().Select(a => a.Name!).ToArray();

        Assert.Contains("ImmutaIntegrations.Core", referenced);
        Assert.DoesNotContain("YamlDotNet", referenced);
        Assert.DoesNotContain("Newtonsoft.Json", referenced);
    }

    [Fact]
    public void Every_cmdlet_is_sealed_declares_its_output_and_uses_an_approved_verb_and_the_Immuta_prefix()
    {
        var approved = typeof(VerbsCommon).Assembly.GetTypes()
            .Where(t => t.Name.StartsWith("Verbs", StringComparison.Ordinal))
            .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (string)f.GetValue(null)!))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);

        Assert.NotEmpty(CmdletTypes());
        foreach (Type type in CmdletTypes())
        {
            var attribute = type.GetCustomAttribute<CmdletAttribute>()!;
            Assert.True(type.IsSealed, $"{type.Name} is not sealed");
            Assert.Contains(attribute.VerbName, approved);
            Assert.StartsWith("Immuta", attribute.NounName);
            Assert.NotEmpty(type.GetCustomAttributes<OutputTypeAttribute>());
            Assert.Equal($"{attribute.VerbName}{attribute.NounName}Command", type.Name);
            int sets = type.GetProperties().SelectMany(p => p.GetCustomAttributes<ParameterAttribute>()).Select(p => p.ParameterSetName).Distinct().Count(n => n != ParameterAttribute.AllParameterSets);
            if (sets > 1) Assert.False(string.IsNullOrEmpty(attribute.DefaultParameterSetName), $"{type.Name} has several parameter sets but no default");
        }
    }

    [Fact]
    public void The_manifest_exports_exactly_the_cmdlets_of_the_assembly_and_nothing_else()
    {
        using PowerShell shell = PowerShell.Create();
        var manifest = (Hashtable)shell.AddCommand("Import-PowerShellDataFile").AddParameter("LiteralPath", Path.Combine(AppContext.BaseDirectory, "ImmutaIntegrations.psd1")).Invoke()[0].BaseObject;

        var exported = ((object[])manifest["CmdletsToExport"]!).Cast<string>().OrderBy(n => n);
        var defined = CmdletTypes().Select(t => t.GetCustomAttribute<CmdletAttribute>()!).Select(a => $"{a.VerbName}-{a.NounName}").OrderBy(n => n);
        Assert.Equal(defined, exported);
        Assert.Empty((object[])manifest["FunctionsToExport"]!);
        Assert.Empty((object[])manifest["AliasesToExport"]!);
        Assert.Empty((object[])manifest["VariablesToExport"]!);
        Assert.Equal(["Desktop", "Core"], ((object[])manifest["CompatiblePSEditions"]!).Cast<string>());
    }

    [Fact]
    public void Every_Id_parameter_binds_from_the_pipeline_by_property_name()
    {
        foreach (Type type in CmdletTypes())
        {
            PropertyInfo? id = type.GetProperty("Id");
            if (id is null) continue;
            Assert.All(id.GetCustomAttributes<ParameterAttribute>(), p => Assert.True(p.ValueFromPipelineByPropertyName, $"{type.Name}.Id"));
        }
    }

    [Fact]
    public void Every_Id_Type_and_Kind_parameter_has_its_completer()
    {
        var expected = new Dictionary<string, Type>
        {
            ["Id"] = typeof(ImmutaIntegrations.Completion.IntegrationIdCompleter),
            ["Type"] = typeof(ImmutaIntegrations.Completion.IntegrationTypeCompleter),
            ["Kind"] = typeof(ImmutaIntegrations.Completion.ScriptKindCompleter),
        };
        var checkedParameters = new List<string>();
        foreach (Type type in CmdletTypes())
        {
            foreach (var (name, completer) in expected)
            {
                PropertyInfo? property = type.GetProperty(name);
                if (property is null || !property.GetCustomAttributes<ParameterAttribute>().Any()) continue;
                Assert.True(property.GetCustomAttribute<ArgumentCompleterAttribute>()?.Type == completer, $"{type.Name}.{name} does not complete with {completer.Name}");
                // PowerShell completes an enum or a ValidateSet itself and never asks the completer.
                Assert.False(property.PropertyType.IsEnum, $"{type.Name}.{name} is an enum");
                Assert.Null(property.GetCustomAttribute<ValidateSetAttribute>());
                checkedParameters.Add($"{type.Name}.{name}");
            }
        }
        Assert.Equal(15, checkedParameters.Count);
    }
}
