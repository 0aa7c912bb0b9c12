using System.Reflection;

namespace ImmutaIntegrations.Core;

/// <summary>The module's version, as the build stamps it from the manifest into the assemblies (without a build suffix).</summary>
public static class ModuleVersion
{
    public static readonly string Current = Read();

    private static string Read()
    {
        Assembly assembly = typeof(ModuleVersion).Assembly;
        string version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? assembly.GetName().Version?.ToString() ?? "0.0.0";
        int plus = version.IndexOf('+');
        return plus >= 0 ? version.Substring(0, plus) : version;
    }
}
