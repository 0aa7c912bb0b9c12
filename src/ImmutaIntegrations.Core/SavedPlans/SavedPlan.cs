using System;
using System.Collections.Generic;
using System.Linq;
using ImmutaIntegrations.Core.Payloads;

namespace ImmutaIntegrations.Core.SavedPlans;

/// <summary>A saved plan as read (<see cref="SavedPlanFile.Read"/>): what describes it, and its items in the plan's order.</summary>
public sealed class SavedPlan
{
    private readonly IReadOnlyList<(IntegrationPlanItem Item, PayloadDocument? Payload)> _items;

    internal SavedPlan(IntegrationPlanFile file, IReadOnlyList<(IntegrationPlanItem Item, PayloadDocument? Payload)> items)
    {
        File = file;
        _items = items;
        Items = items.Select(i => i.Item).ToArray();
    }

    public IntegrationPlanFile File { get; }

    /// <summary>The items, unchanged ones included, each with the integration as it was when the plan was made.</summary>
    public IReadOnlyList<IntegrationPlanItem> Items { get; }

    /// <summary>
    /// Validates the payload each item sends and makes it the item's own to send; returns the items whose payload is not
    /// valid, each with why. With references checked (<see cref="PayloadValidationOptions.Default"/>), a secret whose
    /// variable is not set is found here, before anything is sent.
    /// </summary>
    public IReadOnlyList<(IntegrationPlanItem Item, ImmutaPayloadException Error)> Prepare(PayloadValidationOptions options)
    {
        if (options is null) throw new ArgumentNullException(nameof(options));
        PayloadValidationOptions cached = options.WithEnvironmentCached();
        var invalid = new List<(IntegrationPlanItem, ImmutaPayloadException)>();
        foreach ((IntegrationPlanItem item, PayloadDocument? payload) in _items)
        {
            if (payload is null) continue;
            try
            {
                item.Desired = PreparedPayload.From(payload, cached);
            }
            catch (ImmutaPayloadException e)
            {
                invalid.Add((item, e));
            }
        }
        return invalid;
    }
}
