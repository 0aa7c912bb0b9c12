using System.Reflection;
using System.Runtime.Loader;

namespace ImmutaIntegrations.Loading;

/// <summary>
/// PowerShell 7 only: the module's private load context. The engine, YamlDotNet and Newtonsoft.Json
/// load here from the Dependencies folder, even when PowerShell or another module already has a
/// different version of them in the default context. The public types (Models) are shared, so the
/// objects the engine returns are the ones PowerShell formats.
/// </summary>
internal sealed class IsolatedLoadContext : AssemblyLoadContext
{
    private static IsolatedLoadContext? s_instance;

    public static IsolatedLoadContext Instance => s_instance ??= new IsolatedLoadContext();

    public static void Install() => Default.Resolving += ResolveEngine;

    public static void Uninstall() => Default.Resolving -= ResolveEngine;

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        if (assemblyName.Name == DependencyLoader.ModelsName) return DependencyLoader.ModelsAssembly;
        string? path = DependencyLoader.DependencyPath(assemblyName.Name);
        // Anything not shipped by the module (the framework) comes from the default context.
        return path is null ? null : LoadFromAssemblyPath(path);
    }

    /// <summary>
    /// The cmdlets' reference to the engine fails in the default context (it is not beside them); it is
    /// answered from the private context. Nothing else is: other assemblies are none of the module's business.
    /// </summary>
    private static Assembly? ResolveEngine(AssemblyLoadContext context, AssemblyName name)
    {
        return name.Name == DependencyLoader.EngineName ? Instance.LoadFromAssemblyName(name) : null;
    }
}
