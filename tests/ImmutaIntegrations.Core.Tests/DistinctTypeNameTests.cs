using System.Reflection;
using System.Runtime.CompilerServices;
using ImmutaIntegrations.Core;
using ImmutaIntegrations.Core.Http;
using ImmutaIntegrations.Emulator;

namespace ImmutaIntegrations.Core.Tests;

/// <summary>
/// The emulator and the module describe the same API independently; a type of one named like a type of the
/// other (PayloadValidator, IntegrationTypes) made it easy to read or change the wrong one.
/// </summary>
public sealed class DistinctTypeNameTests
{
    [Fact]
    public void No_emulator_type_is_named_like_a_type_of_the_module()
    {
        HashSet<string> module = Names(typeof(ImmutaClient).Assembly).Concat(Names(typeof(Integration).Assembly)).ToHashSet(StringComparer.Ordinal);
        string[] emulator = Names(typeof(EmulatorApp).Assembly).ToArray();

        string[] shared = emulator.Where(module.Contains).Order(StringComparer.Ordinal).ToArray();

        Assert.Contains("PayloadValidator", module);
        Assert.Contains("RequestValidator", emulator);
        Assert.True(shared.Length == 0, "Named in both the emulator and the module: " + string.Join(", ", shared));
    }

    // The project's own top-level types; not what the compiler adds (closures, embedded attributes).
    private static IEnumerable<string> Names(Assembly assembly) => assembly.GetTypes()
        .Where(t => !t.IsNested && t.Namespace?.StartsWith("ImmutaIntegrations", StringComparison.Ordinal) == true)
        .Where(t => !t.Name.Contains('<', StringComparison.Ordinal) && t.GetCustomAttribute<CompilerGeneratedAttribute>() is null)
        .Select(t => t.Name)
        .Distinct(StringComparer.Ordinal);
}
