using System;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.Linq;
using ImmutaIntegrations.Core.Payloads;

namespace ImmutaIntegrations.Core.SavedPlans;

/// <summary>
/// The items of a saved plan's JSON (<see cref="PlanJson"/>) as plan items, with the payload each sends kept as a document to
/// validate. Its checksum has been verified before it is read: a value of the wrong shape here means a file made by hand or
/// by a version that wrote the same format differently, and is refused as not a plan this module can apply.
/// </summary>
internal static class PlanItemReader
{
    public static (IntegrationPlanItem Item, PayloadDocument? Payload) Read(object? value, int number, IntegrationPlanFile file)
    {
        string where = $"item {number}";
        if (!(value is OrderedDictionary map)) throw Odd(where, "is not an object");
        string actionText = Text(map, "action", where) ?? throw Odd(where, "has no action");
        if (!Enum.TryParse(actionText, ignoreCase: false, out IntegrationPlanAction action) || !Enum.IsDefined(typeof(IntegrationPlanAction), action)
            || actionText.Any(char.IsDigit))
        {
            throw Odd(where, $"has an action, '{actionText}', that no plan has");
        }
        var item = new IntegrationPlanItem
        {
            Action = action,
            Type = Text(map, "type", where) ?? string.Empty,
            Target = Text(map, "target", where) ?? string.Empty,
            Id = Text(map, "id", where),
            Source = Text(map, "source", where),
            Reason = Text(map, "reason", where),
            Changes = Changes(map["changes"], where),
            PlanFile = file,
        };
        if (map["current"] is OrderedDictionary current) item.Current = Integration(current, where);
        else if (map["current"] != null) throw Odd(where, "has a current integration that is not an object");
        PayloadDocument? payload = null;
        if (map["payload"] is OrderedDictionary document) payload = new PayloadDocument(document, item.Source ?? $"{file.Path} ({where})");
        else if (map["payload"] != null) throw Odd(where, "has a payload that is not an object");
        bool needsPayload = action != IntegrationPlanAction.Delete;
        bool needsCurrent = action != IntegrationPlanAction.Create;
        if (needsPayload && payload is null) throw Odd(where, $"is a {action} without the payload it sends");
        if (needsCurrent && (item.Current is null || item.Id is null)) throw Odd(where, $"is a {action} without the integration as it was read");
        return (item, payload);
    }

    private static IntegrationFieldChange[] Changes(object? value, string where)
    {
        if (value is null) return Array.Empty<IntegrationFieldChange>();
        if (!(value is object?[] list)) throw Odd(where, "has changes that are not a list");
        return list.Select((change, i) => change is OrderedDictionary map
                ? new IntegrationFieldChange
                {
                    Path = Text(map, "path", where) ?? string.Empty,
                    Before = map["before"],
                    After = map["after"],
                    Immutable = map["immutable"] is true,
                    SentAgain = map["sentAgain"] is true,
                }
                : throw Odd(where, $"has a change ({i + 1}) that is not an object"))
            .ToArray();
    }

    private static Integration Integration(OrderedDictionary map, string where) => new Integration
    {
        Id = Text(map, "id", where) ?? string.Empty,
        Type = Text(map, "type", where) ?? string.Empty,
        Status = Text(map, "status", where) ?? string.Empty,
        AutoBootstrap = map["autoBootstrap"] as bool?,
        Config = map["config"] as OrderedDictionary ?? ConfigDictionary.Create(),
    };

    private static string? Text(OrderedDictionary map, string name, string where) => map[name] switch
    {
        null => null,
        string text => text,
        _ => throw Odd(where, $"has a {name} that is not text"),
    };

    private static FormatException Odd(string where, string what) => new FormatException($"{where} {what}");
}
