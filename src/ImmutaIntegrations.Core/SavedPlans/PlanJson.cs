using System;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.Globalization;
using System.IO;
using System.Linq;
using ImmutaIntegrations.Core.Payloads;
using ImmutaIntegrations.Core.Payloads.Redaction;
using ImmutaIntegrations.Core.Payloads.Types;
using ImmutaIntegrations.Core.Payloads.Writing;
using Newtonsoft.Json;

namespace ImmutaIntegrations.Core.SavedPlans;

/// <summary>
/// A saved plan's JSON: a header (what it is, its format, its checksum, who made it, when, for which tenant), then one
/// object per item: what is to be done (a secret sent again, a rotation, marked as such, never its value), the payload to
/// send (secrets as references), and the integration as it was read (its status and configuration, secrets redacted). Written in one fixed layout, so that its checksum covers its bytes.
/// </summary>
internal static class PlanJson
{
    /// <summary>The value of <c>format</c> that says a file is a saved plan.</summary>
    public const string Format = "ImmutaIntegrations plan";

    public static string Write(IntegrationPlanFile header, IReadOnlyList<IntegrationPlanItem> items, Func<IntegrationPlanItem, string?> source)
    {
        using (var text = new StringWriter(CultureInfo.InvariantCulture))
        using (var writer = new JsonTextWriter(text) { Formatting = Formatting.Indented, Indentation = 2 })
        {
            text.NewLine = "\n";
            writer.WriteStartObject();
            Property(writer, "format", Format);
            Property(writer, "formatVersion", header.FormatVersion);
            Property(writer, "checksum", PlanChecksum.Placeholder);
            Property(writer, "moduleVersion", header.ModuleVersion);
            Property(writer, "createdAt", header.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            Property(writer, "tenant", header.Tenant);
            Property(writer, "prune", header.Prune);
            writer.WritePropertyName("items");
            writer.WriteStartArray();
            foreach (IntegrationPlanItem item in items) WriteItem(writer, item, source(item));
            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.Flush();
            return text.ToString() + "\n";
        }
    }

    private static void WriteItem(JsonWriter writer, IntegrationPlanItem item, string? source)
    {
        writer.WriteStartObject();
        Property(writer, "action", item.Action.ToString());
        Property(writer, "type", item.Type);
        Property(writer, "target", item.Target);
        Property(writer, "id", item.Id);
        Property(writer, "source", source);
        Property(writer, "reason", item.Reason);
        writer.WritePropertyName("changes");
        writer.WriteStartArray();
        foreach (IntegrationFieldChange change in item.Changes)
        {
            writer.WriteStartObject();
            Property(writer, "path", change.Path);
            Property(writer, "before", change.Before);
            Property(writer, "after", change.After);
            Property(writer, "immutable", change.Immutable);
            // Only where there is one: a plan without a rotation is written as before it was known.
            if (change.SentAgain) Property(writer, "sentAgain", true);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        if (item.Desired is PreparedPayload payload)
        {
            Property(writer, "payload", PayloadWriter.Document(payload.Type.Name, payload.AutoBootstrap, payload.Type.HasConfig ? payload.Config : null));
        }
        if (item.Current is Integration current) Property(writer, "current", Snapshot(current));
        writer.WriteEndObject();
    }

    /// <summary>What a plan keeps of an integration as read: enough to tell later whether it moved, and never a secret.</summary>
    public static OrderedDictionary Snapshot(Integration integration)
    {
        OrderedDictionary snapshot = ConfigDictionary.Create();
        snapshot["id"] = integration.Id;
        snapshot["type"] = integration.Type;
        snapshot["status"] = integration.Status;
        if (integration.AutoBootstrap.HasValue) snapshot["autoBootstrap"] = integration.AutoBootstrap.Value;
        // Immuta's answer is redacted already (and the reader redacts it again); once more here, as this is written to a file.
        snapshot["config"] = PayloadRedaction.Redact(IntegrationTypes.Resolve(integration.Type), integration.Config);
        return snapshot;
    }

    private static void Property(JsonWriter writer, string name, object? value)
    {
        writer.WritePropertyName(name);
        PayloadWriter.WriteJson(writer, value);
    }
}
