using System.Collections;
using System.Collections.Specialized;
using System.Globalization;
using System.Text;
using ImmutaIntegrations.Core.Payloads;
using ImmutaIntegrations.Core.Payloads.Reading;
using ImmutaIntegrations.Core.Payloads.Types;
using ImmutaIntegrations.Core.Payloads.Validation;

namespace ImmutaIntegrations.Core.Tests;

/// <summary>The contract's sample create payloads (tests/data/examples), copied next to the tests.</summary>
internal static class Examples
{
    public static string Folder => Path.Combine(AppContext.BaseDirectory, "examples");

    public static string PathOf(IntegrationType type) => Path.Combine(Folder, $"create-{type.Slug}.json");

    public static PayloadDocument Read(IntegrationType type) => PayloadFiles.Read(PathOf(type)).Single();

    /// <summary>A fresh copy of an example's values, to change in a test.</summary>
    public static OrderedDictionary Root(IntegrationType type) => (OrderedDictionary)Read(type).Root!;

    public static OrderedDictionary Config(OrderedDictionary root) => (OrderedDictionary)root["config"]!;

    public static string? Authentication(OrderedDictionary root) =>
        root["config"] is OrderedDictionary config ? config["authenticationType"] as string : null;

    public static bool AutoBootstrap(OrderedDictionary root) => root["autoBootstrap"] is true;

    public static TheoryData<string> Slugs()
    {
        var data = new TheoryData<string>();
        foreach (IntegrationType type in IntegrationTypes.All) data.Add(type.Slug);
        return data;
    }

    public static IntegrationType Type(string slug) => IntegrationTypes.All.Single(t => t.Slug == slug);
}

/// <summary>The payload files of tests/data/payloads, copied next to the tests.</summary>
internal static class PayloadCorpus
{
    public static string Bad(string name) => Path.Combine(AppContext.BaseDirectory, "payloads", "bad", name);

    public static string Good(string name) => Path.Combine(AppContext.BaseDirectory, "payloads", "good", name);
}

/// <summary>Plain value trees, as payloads are made of, built and compared in tests.</summary>
internal static class Plain
{
    /// <summary>No environment variable is set: references are judged only by what a test provides.</summary>
    public static readonly PayloadValidationOptions NoEnvironment = PayloadValidationOptions.Default.WithEnvironment(_ => null);

    public static PayloadValidationOptions With(params (string Name, string Value)[] variables) =>
        PayloadValidationOptions.Default.WithEnvironment(name => variables.FirstOrDefault(v => v.Name == name).Value);

    public static OrderedDictionary Map(params (string Key, object? Value)[] entries)
    {
        OrderedDictionary map = ConfigDictionary.Create();
        foreach ((string key, object? value) in entries) map[key] = value;
        return map;
    }

    /// <summary>A value written as JSON, read the way payload files are read (longs, doubles, object?[], maps).</summary>
    public static object? Json(string json) =>
        ((OrderedDictionary)Parse("{\"value\": " + json + "}", "value.json").Single().Root!)["value"];

    public static IReadOnlyList<PayloadDocument> Parse(string text, string file) => PayloadFiles.Parse(Encoding.UTF8.GetBytes(text), file);

    public static PayloadValidationResult Validate(OrderedDictionary root, PayloadValidationOptions? options = null) =>
        PayloadValidator.Validate(new PayloadDocument(root, "test"), options ?? NoEnvironment);

    /// <summary>Removes the value at a dotted path (<c>config.password</c>).</summary>
    public static void Remove(OrderedDictionary root, string path)
    {
        int dot = path.LastIndexOf('.');
        var parent = dot < 0 ? root : (OrderedDictionary)PlainValues.Get(root, path.Substring(0, dot))!;
        string key = dot < 0 ? path : path.Substring(dot + 1);
        Assert.True(parent.Contains(key), $"{path} is not in the payload");
        parent.Remove(key);
    }

    /// <summary>A copy of a map with every key spelled by <paramref name="rename"/>, in the same order.</summary>
    public static OrderedDictionary Rekey(OrderedDictionary map, Func<string, string> rename)
    {
        OrderedDictionary copy = ConfigDictionary.Create();
        foreach (DictionaryEntry entry in map)
        {
            copy[rename((string)entry.Key)] = entry.Value is OrderedDictionary block ? Rekey(block, rename) : PlainValues.DeepCopy(entry.Value);
        }
        return copy;
    }

    /// <summary>
    /// Asserts two value trees are the same: same keys in the same order and spelling, same values of the
    /// same kinds (a string "123" is not the number 123).
    /// </summary>
    public static void AssertSame(object? expected, object? actual, string path = "$")
    {
        switch (expected)
        {
            case OrderedDictionary map:
                var other = Assert.IsType<OrderedDictionary>(actual);
                Assert.True(map.Keys.Cast<string>().SequenceEqual(other.Keys.Cast<string>(), StringComparer.Ordinal),
                    $"{path}: keys [{string.Join(", ", map.Keys.Cast<string>())}] became [{string.Join(", ", other.Keys.Cast<string>())}]");
                foreach (DictionaryEntry entry in map) AssertSame(entry.Value, other[entry.Key], $"{path}.{entry.Key}");
                break;
            case object?[] items:
                var otherItems = Assert.IsType<object?[]>(actual);
                Assert.True(items.Length == otherItems.Length, $"{path}: {items.Length} items became {otherItems.Length}");
                for (int i = 0; i < items.Length; i++) AssertSame(items[i], otherItems[i], $"{path}[{i}]");
                break;
            case null:
                Assert.True(actual is null, $"{path}: null became {Show(actual)}");
                break;
            default:
                Assert.True(actual != null && expected.GetType() == actual.GetType() && expected.Equals(actual),
                    $"{path}: {Show(expected)} became {Show(actual)}");
                break;
        }
    }

    public static string Show(object? value) => value switch
    {
        null => "null",
        string text => $"\"{Escape(text)}\" (string)",
        IFormattable formattable => $"{formattable.ToString(null, CultureInfo.InvariantCulture)} ({value.GetType().Name})",
        _ => $"{value} ({value.GetType().Name})",
    };

    private static string Escape(string text) =>
        string.Concat(text.Select(c => c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == 0x2028 || c == 0x2029 ? $"\\u{(int)c:x4}" : c.ToString()));
}

/// <summary>A folder of its own for files a test writes, removed afterwards.</summary>
public sealed class TemporaryFolder : IDisposable
{
    public TemporaryFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "immuta-payload-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name, byte[] content)
    {
        string file = System.IO.Path.Combine(Path, name);
        System.IO.File.WriteAllBytes(file, content);
        return file;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Left for the system's temp cleanup; a test must not fail on it.
        }
    }
}
