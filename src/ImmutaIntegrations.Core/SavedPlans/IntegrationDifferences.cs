using System;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.Linq;
using ImmutaIntegrations.Core.Payloads;
using ImmutaIntegrations.Core.Payloads.Redaction;
using ImmutaIntegrations.Core.Payloads.Types;

namespace ImmutaIntegrations.Core.SavedPlans;

/// <summary>
/// What moved between two readings of one integration: its status, autoBootstrap and every configuration value, deep
/// (a block field by field, a list as a whole), secrets left as the redaction shows them.
/// </summary>
internal static class IntegrationDifferences
{
    /// <summary>Each field that differs, <c>status</c> first, then <c>autoBootstrap</c>, then <c>config.*</c> in the earlier reading's order.</summary>
    public static IReadOnlyList<IntegrationFieldChange> Between(Integration then, Integration now)
    {
        var moved = new List<IntegrationFieldChange>();
        if (!string.Equals(then.Status, now.Status, StringComparison.Ordinal))
        {
            moved.Add(new IntegrationFieldChange { Path = "status", Before = then.Status, After = now.Status });
        }
        if (then.AutoBootstrap != now.AutoBootstrap)
        {
            moved.Add(new IntegrationFieldChange { Path = "autoBootstrap", Before = then.AutoBootstrap, After = now.AutoBootstrap });
        }
        IntegrationType? type = IntegrationTypes.Resolve(now.Type);
        Compare(PayloadRedaction.Redact(type, then.Config), PayloadRedaction.Redact(type, now.Config), "config.", moved);
        return moved;
    }

    private static void Compare(OrderedDictionary then, OrderedDictionary now, string prefix, List<IntegrationFieldChange> moved)
    {
        IEnumerable<string> keys = then.Keys.Cast<string>()
            .Concat(now.Keys.Cast<string>().Where(key => !then.Contains(key)));
        foreach (string key in keys)
        {
            object? before = then[key];
            object? after = now[key];
            if (before is OrderedDictionary beforeBlock && after is OrderedDictionary afterBlock)
            {
                Compare(beforeBlock, afterBlock, prefix + key + ".", moved);
            }
            else if (!PayloadMatch.Equal(before, after))
            {
                moved.Add(new IntegrationFieldChange { Path = prefix + key, Before = before, After = after });
            }
        }
    }
}
