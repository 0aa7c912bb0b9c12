using System;
using System.IO;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace ImmutaIntegrations.Loading;

/// <summary>
/// Keeps the engine (ImmutaIntegrations.Core) and its dependencies (YamlDotNet, Newtonsoft.Json) apart
/// from whatever versions other modules or PowerShell itself have loaded. They live in the module's
/// Dependencies folder, where PowerShell's own probing does not look.
/// On PowerShell 7 they load into a private AssemblyLoadContext; on Windows PowerShell 5.1 an
/// AssemblyResolve handler loads them, for requests made by the module's own assemblies only.
/// </summary>
internal static class DependencyLoader
{
    public const string FolderName = "Dependencies";
    public const string EngineName = "ImmutaIntegrations.Core";
    public const string ModelsName = "ImmutaIntegrations.Models";

    private static readonly object Gate = new object();
    private static bool s_installed;

    public static string ModuleDirectory { get; } = Path.GetDirectoryName(typeof(DependencyLoader).Assembly.Location) ?? ".";

    public static string DependencyDirectory { get; } = Path.Combine(ModuleDirectory, FolderName);

    /// <summary>The assembly of the public types, shared by the cmdlets, the engine and PowerShell.</summary>
    public static Assembly ModelsAssembly => typeof(Integration).Assembly;

    private static bool IsCoreClr => typeof(object).Assembly.GetName().Name == "System.Private.CoreLib";

    public static void Install()
    {
        lock (Gate)
        {
            // Without a Dependencies folder (unit tests load the build output) everything sits side by side.
            if (s_installed || !Directory.Exists(DependencyDirectory)) return;
            if (IsCoreClr) InstallCoreClr(); else InstallDesktop();
            s_installed = true;
        }
    }

    public static void Uninstall()
    {
        lock (Gate)
        {
            if (!s_installed) return;
            if (IsCoreClr) UninstallCoreClr(); else UninstallDesktop();
            s_installed = false;
        }
    }

    /// <summary>The path of a dependency, or null when the module does not ship it.</summary>
    internal static string? DependencyPath(string? simpleName)
    {
        if (string.IsNullOrEmpty(simpleName) || simpleName!.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0) return null;
        string path = Path.Combine(DependencyDirectory, simpleName + ".dll");
        return File.Exists(path) ? path : null;
    }

    // The two platforms' code is kept in separate methods that are never inlined: Windows PowerShell
    // must never compile a method that names AssemblyLoadContext, which it does not have.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void InstallCoreClr() => IsolatedLoadContext.Install();

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void UninstallCoreClr() => IsolatedLoadContext.Uninstall();

    private static void InstallDesktop() => AppDomain.CurrentDomain.AssemblyResolve += ResolveForDesktop;

    private static void UninstallDesktop() => AppDomain.CurrentDomain.AssemblyResolve -= ResolveForDesktop;

    private static Assembly? ResolveForDesktop(object? sender, ResolveEventArgs args)
    {
        // Only the module's own assemblies are served, so other modules keep their own versions.
        Assembly? requester = args.RequestingAssembly;
        string name = new AssemblyName(args.Name).Name ?? string.Empty;
        bool ours = requester is null
            ? name == EngineName
            : IsInModule(requester);
        if (!ours) return null;
        string? path = DependencyPath(name);
        return path is null ? null : Assembly.LoadFrom(path);
    }

    private static bool IsInModule(Assembly assembly)
    {
        if (assembly.IsDynamic) return false;
        string location = assembly.Location;
        return location.Length > 0 && location.StartsWith(ModuleDirectory + Path.DirectorySeparatorChar, StringComparison.OrdinalIgnoreCase);
    }
}
