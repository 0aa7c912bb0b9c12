using System.Text.Json.Nodes;
using ImmutaIntegrations.Emulator.Catalog;

namespace ImmutaIntegrations.Emulator.Validation;

/// <summary>The validationResults of a create, edit or dry run: the type's tests, skipped where they do not apply.</summary>
internal static class ValidationRun
{
    /// <summary>
    /// Every applicable test passes, unless <paramref name="failingField"/> names a field the simulated platform
    /// rejects: then the first applicable test fails with a message naming that field (never its value).
    /// </summary>
    public static JsonObject Results(ValidPayload payload, string? failingField = null)
    {
        var tests = new JsonArray();
        bool failed = false;
        foreach (TestSpec spec in payload.Rules.ValidationTests)
        {
            bool applies = spec.AppliesWhen?.Invoke(payload) ?? true;
            string status = applies ? "passed" : "skipped";
            var test = new JsonObject { ["name"] = spec.Name, ["status"] = status };
            if (applies && failingField is not null && !failed)
            {
                failed = true;
                test["status"] = "failed";
                test["message"] = $"Simulated platform failure: the value of config.{failingField} was rejected.";
            }
            test["result"] = new JsonArray();
            tests.Add(test);
        }
        // A type without tests (Trino) still reports a failure it was asked to simulate.
        if (failingField is not null && !failed)
        {
            failed = true;
            tests.Add(new JsonObject
            {
                ["name"] = "Simulated failure",
                ["status"] = "failed",
                ["message"] = $"Simulated platform failure: the value of config.{failingField} was rejected.",
                ["result"] = new JsonArray(),
            });
        }
        return new JsonObject { ["status"] = failed ? "failed" : "passed", ["validationTests"] = tests };
    }

    /// <summary>The results of a DELETE: one test for the removal of the platform objects.</summary>
    public static JsonObject DeleteResults(bool failing, bool forceDisable)
    {
        string status = forceDisable ? "skipped" : failing ? "failed" : "passed";
        var test = new JsonObject { ["name"] = "Remove Immuta-managed objects", ["status"] = status };
        if (failing && !forceDisable) test["message"] = "Simulated platform failure: the privileged credentials were rejected.";
        test["result"] = new JsonArray();
        return new JsonObject { ["status"] = failing && !forceDisable ? "failed" : "passed", ["validationTests"] = new JsonArray(test) };
    }
}
