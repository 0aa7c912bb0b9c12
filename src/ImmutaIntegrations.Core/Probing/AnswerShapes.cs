using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.Linq;
using ImmutaIntegrations.Core.Changes;
using ImmutaIntegrations.Core.Json;
using ImmutaIntegrations.Core.Payloads.Types;

namespace ImmutaIntegrations.Core.Probing;

/// <summary>
/// What the integration objects of one route looked like, gathered over all of them and told as a few checks: the ids'
/// form, statuses and types the module does not know, fields it does not know, validation tests of odd shapes, and
/// objects it cannot read at all. Only names and counts are kept, never a value.
/// </summary>
internal sealed class AnswerShapes
{
    private static readonly string[] IntegrationFields = { "id", "status", "type", "autoBootstrap", "validationResults", "config" };
    private static readonly string[] TestFields = { "name", "status", "message", "result" };

    private readonly string _route;
    private readonly bool _idsAsNumbers;
    private int _objects;
    private int _stringIds;
    private int _numberIds;
    private readonly List<string> _odd = new List<string>();
    private readonly SortedSet<string> _unknownStatuses = new SortedSet<string>(StringComparer.Ordinal);
    private readonly SortedSet<string> _unknownTypes = new SortedSet<string>(StringComparer.Ordinal);
    private readonly SortedSet<string> _extraFields = new SortedSet<string>(StringComparer.Ordinal);
    private readonly SortedSet<string> _extraConfig = new SortedSet<string>(StringComparer.Ordinal);
    private readonly SortedSet<string> _oddTests = new SortedSet<string>(StringComparer.Ordinal);

    /// <param name="idsAsNumbers">The reference's examples give this route's ids as numbers (the status object).</param>
    public AnswerShapes(string route, bool idsAsNumbers = false)
    {
        _route = route;
        _idsAsNumbers = idsAsNumbers;
    }

    /// <summary>Looks at one answer object (an integration, or a status object).</summary>
    public void Add(object? item, int position)
    {
        _objects++;
        if (!(item is OrderedDictionary fields))
        {
            _odd.Add($"item {position} is not an object");
            return;
        }
        switch (fields["id"])
        {
            case string text when text.Length > 0 && text.All(char.IsDigit): _stringIds++; break;
            case long _: _numberIds++; break;
            case double number when Math.Floor(number) == number: _numberIds++; break;
            default: _odd.Add($"item {position}'s id is not a whole number"); break;
        }
        if (fields["status"] is string status)
        {
            if (!IntegrationWaiter.IsKnownStatus(status)) _unknownStatuses.Add(status);
        }
        else
        {
            _odd.Add($"item {position}'s status is not text");
        }
        if (fields["type"] is string type && IntegrationTypes.Resolve(type) is null) _unknownTypes.Add(type);
        foreach (string name in fields.Keys.Cast<string>().Where(n => !IntegrationFields.Contains(n, StringComparer.Ordinal))) _extraFields.Add(name);
        if (fields["config"] is OrderedDictionary config && IntegrationTypes.Resolve(fields["type"] as string) is IntegrationType known)
        {
            foreach (string path in Paths(config, string.Empty).Where(p => !known.HasField(p) && !known.ResponseFields.Contains(p)))
            {
                _extraConfig.Add($"{known.Name}: {path}");
            }
        }
        if (fields["validationResults"] is OrderedDictionary results && results["validationTests"] is object?[] tests)
        {
            foreach (OrderedDictionary test in tests.OfType<OrderedDictionary>())
            {
                if (test["message"] != null && !(test["message"] is string)) _oddTests.Add("a message that is not text");
                if (test["result"] != null && !(test["result"] is object?[])) _oddTests.Add("a result that is not a list");
                foreach (string name in test.Keys.Cast<string>().Where(n => !TestFields.Contains(n, StringComparer.Ordinal))) _oddTests.Add($"field {name}");
            }
        }
        try
        {
            if (!_idsAsNumbers) IntegrationReader.ToIntegration(fields);
        }
        catch (Newtonsoft.Json.JsonException e)
        {
            _odd.Add($"item {position}: {e.Message.TrimEnd('.')}");
        }
    }

    /// <summary>The checks this route's objects come to.</summary>
    public IEnumerable<TenantCheck> Checks()
    {
        if (_objects == 0) yield break;
        string expectedIds = _idsAsNumbers ? "numbers (the reference's example)" : "text of digits (the reference's examples)";
        bool expectedForm = _idsAsNumbers ? _numberIds > 0 && _stringIds == 0 : _stringIds > 0 && _numberIds == 0;
        string observedIds = string.Join(", ", new[] { (_stringIds, "text"), (_numberIds, "numbers") }
            .Where(c => c.Item1 > 0).Select(c => $"{c.Item2} ({c.Item1})"));
        yield return Check("ids", expectedIds, observedIds.Length == 0 ? "none readable" : observedIds,
            expectedForm ? TenantCheckVerdict.Match : _stringIds + _numberIds > 0 ? TenantCheckVerdict.Tolerated : TenantCheckVerdict.Unexpected);
        yield return Names("statuses", "the statuses of docs/api-contract.md §4", _unknownStatuses, "statuses the module does not know");
        if (!_idsAsNumbers)
        {
            yield return Names("types", "the seven types of docs/api-contract.md §3", _unknownTypes, "types the module does not know (read as plain data)");
            yield return Names("fields", "id, status, type, autoBootstrap, validationResults, config", _extraFields, "more fields (carried along)");
            yield return Names("config fields", "the fields of each type's description", _extraConfig, "fields the module does not describe (carried along)");
            yield return Names("validation tests", "name, status, message (text), result (a list)", _oddTests, "other shapes (kept as text)");
        }
        yield return _odd.Count == 0
            ? Check("readable", "every object readable", $"all {_objects}", TenantCheckVerdict.Match)
            : Check("readable", "every object readable", string.Join("; ", _odd.Take(5)) + (_odd.Count > 5 ? $"; and {_odd.Count - 5} more" : string.Empty),
                TenantCheckVerdict.Unexpected);
    }

    private TenantCheck Names(string check, string expected, SortedSet<string> found, string what) => found.Count == 0
        ? Check(check, expected, "as expected", TenantCheckVerdict.Match)
        : Check(check, expected, $"{what}: {string.Join(", ", found.Take(10))}{(found.Count > 10 ? ", ..." : string.Empty)}", TenantCheckVerdict.Tolerated);

    private TenantCheck Check(string check, string expected, string observed, TenantCheckVerdict verdict) =>
        new TenantCheck { Route = _route, Check = check, Expected = expected, Observed = observed, Verdict = verdict };

    private static IEnumerable<string> Paths(OrderedDictionary map, string prefix)
    {
        foreach (DictionaryEntry entry in map)
        {
            string path = prefix + entry.Key;
            yield return path;
            if (entry.Value is OrderedDictionary block) foreach (string inner in Paths(block, path + ".")) yield return inner;
        }
    }
}
