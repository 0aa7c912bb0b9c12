using System.Text.Json.Nodes;
using ImmutaIntegrations.Emulator.Catalog;

namespace ImmutaIntegrations.Emulator.State;

/// <summary>Builds validationResults objects.</summary>
internal static class Validation
{
    public static JsonObject AllPassed(TypeRules rules)
    {
        var tests = new JsonArray();
        foreach (string name in rules.ValidationTests)
        {
            tests.Add(new JsonObject { ["name"] = name, ["status"] = "passed", ["result"] = new JsonArray() });
        }
        return new JsonObject { ["status"] = "passed", ["validationTests"] = tests };
    }
}
