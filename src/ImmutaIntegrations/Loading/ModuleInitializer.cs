using System.Management.Automation;

namespace ImmutaIntegrations.Loading;

/// <summary>
/// Runs when the module is imported: installs the dependency resolver, and nothing else, so that
/// import stays fast and makes no network call. The engine loads on first use.
/// </summary>
public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
{
    public void OnImport() => DependencyLoader.Install();

    public void OnRemove(PSModuleInfo module)
    {
        Connections.ForgetAll();
        DependencyLoader.Uninstall();
    }
}
