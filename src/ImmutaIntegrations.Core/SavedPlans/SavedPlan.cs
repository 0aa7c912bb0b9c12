using System;
using System.Collections.Generic;
using System.Linq;
using ImmutaIntegrations.Core.Payloads;
using ImmutaIntegrations.Core.Payloads.Validation;

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
    /// <param name="root">
    /// The folder the plan's sources are relative to where it is applied (as they were to where it was made): a relative
    /// <c>${file:PATH}</c> starts from its payload file's folder under it.
    /// </param>
    public IReadOnlyList<(IntegrationPlanItem Item, ImmutaPayloadException Error)> Prepare(PayloadValidationOptions options, string root)
    {
        if (options is null) throw new ArgumentNullException(nameof(options));
        PayloadValidationOptions cached = options.WithSecretsResolvedOnce();
        var invalid = new List<(IntegrationPlanItem, ImmutaPayloadException)>();
        foreach ((IntegrationPlanItem item, PayloadDocument? payload) in _items)
        {
            if (payload is null) continue;
            try
            {
                item.Desired = PreparedPayload.From(payload.WithFolder(FolderOf(item.Source, root)), cached);
            }
            catch (ImmutaPayloadException e)
            {
                invalid.Add((item, e));
            }
        }
        return invalid;
    }

    // "integrations/snowflake.yaml (item 2)" under the root: its folder, root/integrations; the root for a source that names no file.
    internal static string FolderOf(string? source, string root)
    {
        if (string.IsNullOrEmpty(source)) return root;
        string file = System.Text.RegularExpressions.Regex.Replace(source, @" \(item \d+\)$", string.Empty);
        try
        {
            string? folder = System.IO.Path.GetDirectoryName(System.IO.Path.Combine(root, file));
            return string.IsNullOrEmpty(folder) ? root : System.IO.Path.GetFullPath(folder);
        }
        catch (System.ArgumentException)
        {
            return root;
        }
    }
}
