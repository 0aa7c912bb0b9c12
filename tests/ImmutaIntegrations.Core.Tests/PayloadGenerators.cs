using System.Collections.Specialized;
using FsCheck;
using FsCheck.Fluent;
using ImmutaIntegrations.Core.Payloads;
using ImmutaIntegrations.Core.Payloads.Types;
using ImmutaIntegrations.Core.Payloads.Writing;

namespace ImmutaIntegrations.Core.Tests;

/// <summary>A payload generated from a type's description, valid by construction.</summary>
public sealed class GeneratedPayload(IntegrationType type, string? authentication, OrderedDictionary root)
{
    public IntegrationType Type { get; } = type;

    public string? Authentication { get; } = authentication;

    public bool AutoBootstrap => Root["autoBootstrap"] is true;

    public OrderedDictionary Root { get; } = root;

    public OrderedDictionary? Config => Root["config"] as OrderedDictionary;

    /// <summary>A fresh copy, to change without touching this one.</summary>
    public OrderedDictionary CopyRoot() => (OrderedDictionary)PlainValues.DeepCopy(Root)!;

    // FsCheck prints the failing case: the payload as JSON shows every value and its kind.
    public override string ToString() => PayloadWriter.ToJson(Root);
}

/// <summary>A valid payload and one change to it that breaks exactly one rule, at <see cref="Path"/>.</summary>
public sealed class MutatedPayload(GeneratedPayload original, string rule, string path, OrderedDictionary root)
{
    public GeneratedPayload Original { get; } = original;

    public string Rule { get; } = rule;

    public string Path { get; } = path;

    public OrderedDictionary Root { get; } = root;

    public override string ToString() => $"{Rule} at {Path}:\n{PayloadWriter.ToJson(Root)}";
}

/// <summary>The generators the property tests draw from; FsCheck finds them by their return types.</summary>
public static class PayloadArbitraries
{
    public static Arbitrary<GeneratedPayload> Payloads() => Arb.From(PayloadGenerators.Valid());

    public static Arbitrary<MutatedPayload> Mutations() => Arb.From(PayloadGenerators.Valid().SelectMany(PayloadGenerators.Mutate));

    public static Arbitrary<GeneratedPayload[]> Lists() => Arb.From(Gen.ArrayOf(PayloadGenerators.Valid()).Resize(5));
}

/// <summary>
/// Payloads generated from the type descriptions (<see cref="IntegrationTypes.All"/>): a random type and
/// authentication type, every field required there, a random subset of the optional ones, and values of
/// the right kind made of text that YAML and JSON writers get wrong easily.
/// </summary>
public static class PayloadGenerators
{
    /// <summary>Strings that read as something else when written carelessly.</summary>
    private static readonly string[] Tricky =
    [
        "123", "0123", "-7", "+1", "1.5", "1e5", ".5", "1.", "0x1F", "1_000", "true", "false", "True", "TRUE", "yes", "no", "on", "off",
        "null", "Null", "~", "", " ", "  ", " leading", "trailing ", "#", "# comment", "a #b", "a# b", ":", "a: b", "a:b", "key:", "- item", "-", "--", "?",
        "? x", "'single'", "\"double\"", "it's", "say \"hi\"", "back\\slash", "\\n", "ünïcödé", "日本語", "😀", "a😀b", "a\nb", "line\n", "\nline",
        "\n", "\n\n", "a\n\nb", "a  \nb", "a\r\nb", "\r", "tab\there", "\t", "\u0085", "a\u0085b", "\u2028", "\u00a0", "\u200b",
        "[a, b]", "{a: b}", "*alias", "&anchor", "!tag", "!!str", "%percent", "@at", "`tick", "|", "|-", ">", "---", "...", "--- x", "<html>", "C:\\temp",
        "s3://bucket/prefix", "=", ",", "{", "}", "[", "]", "NaN", ".inf", "-.inf", "2024-01-01", "<<", "x" + new string('y', 200),
    ];

    /// <summary>Bits that random strings are made of.</summary>
    private static readonly string[] Pieces =
    [
        "a", "Z", "0", "9", "_", ".", " ", "  ", "#", ":", ": ", "'", "\"", "-", "- ", "\n", "\r\n", "\t", "é", "日", "😀", ",", "[", "]", "{", "}",
        "\\", "*", "&", "!", "|", ">", "%", "@", "`", "?", "=", "/", "\u0085", "\u2028", "\u00a0",
    ];

    public static Gen<string> Text() => Gen.Frequency(
        (4, Gen.Elements(Tricky)),
        (4, Gen.ArrayOf(Gen.Elements(Pieces)).Resize(10).Select(string.Concat)),
        (1, Gen.ArrayOf(AnyChar()).Resize(8).Select(chars => new string(chars))));

    /// <summary>Required strings must hold something (blank ones are refused).</summary>
    public static Gen<string> NonBlankText() => Text().Where(text => text.Trim().Length > 0);

    // Any UTF-16 code unit that is a character on its own: no lone surrogates, which no file can hold.
    private static Gen<char> AnyChar() => Gen.Frequency(
        (3, Gen.Choose(0x20, 0x7E)),
        (1, Gen.Elements((int)'\t', '\n', '\r')),
        (2, Gen.Choose(0xA0, 0xD7FF)),
        (1, Gen.Choose(0xE000, 0xFFFD))).Select(code => (char)code);

    /// <summary>A valid payload of a random type.</summary>
    public static Gen<GeneratedPayload> Valid() =>
        Gen.Elements(IntegrationTypes.All.ToArray()).SelectMany(type => Valid(type));

    /// <summary>A valid payload of a type: a random authentication type, autoBootstrap where allowed, fields chosen at random.</summary>
    public static Gen<GeneratedPayload> Valid(IntegrationType type) =>
        from typeText in TypeText(type)
        from automatic in type.AllowsAutoBootstrap ? Gen.Elements(true, false) : Gen.Constant(false)
        from authentication in type.AuthenticationTypes.Count > 0
            ? Gen.Elements(type.AuthenticationTypes.Select(a => (string?)a).ToArray())
            : Gen.Constant<string?>(null)
        from config in Config(type, authentication, automatic, includeAll: false)
        select new GeneratedPayload(type, authentication, PayloadWriter.Document(typeText, type.HasConfig ? automatic : null, type.HasConfig ? config : null));

    /// <summary>The type's name, or one of its other names, in any case.</summary>
    private static Gen<string> TypeText(IntegrationType type) =>
        from name in Gen.Frequency((2, Gen.Constant(type.Name)), (1, Gen.Elements(type.Aliases.Append(type.Slug).ToArray())))
        from casing in Gen.Elements(0, 0, 1, 2)
        select casing switch { 1 => name.ToLowerInvariant(), 2 => name.ToUpperInvariant(), _ => name };

    /// <summary>
    /// A config with every field that applies to the authentication type (<paramref name="includeAll"/>), or with
    /// the required ones and a random subset of the rest.
    /// </summary>
    public static Gen<OrderedDictionary> Config(IntegrationType type, string? authentication, bool automatic, bool includeAll)
    {
        Gen<List<(string Path, object? Value)>> chosen = Gen.Constant(new List<(string, object?)>());
        foreach (PayloadField field in Applicable(type, authentication))
        {
            bool required = field.Required || (field.RequiredWhenAutomatic && automatic);
            chosen = chosen.SelectMany(fields =>
            {
                // A field inside a block is there only when its block is.
                if (field.Parent != null && !fields.Any(f => f.Path == field.Parent)) return Gen.Constant(fields);
                Gen<bool> include = required || includeAll ? Gen.Constant(true) : Gen.Elements(true, false);
                return include.SelectMany(yes => yes
                    ? Value(field, authentication, required).Select(value => new List<(string, object?)>(fields) { (field.Path, value) })
                    : Gen.Constant(fields));
            });
        }
        return chosen.Select(fields =>
        {
            OrderedDictionary config = ConfigDictionary.Create();
            foreach ((string path, object? value) in fields) PlainValues.Set(config, path, value);
            return config;
        });
    }

    /// <summary>The fields of a type that apply with an authentication type, once each, in the description's order.</summary>
    public static IEnumerable<PayloadField> Applicable(IntegrationType type, string? authentication)
    {
        var applicable = type.Fields.Where(f => f.AppliesTo(authentication)).GroupBy(f => f.Path, StringComparer.OrdinalIgnoreCase).Select(g => g.First()).ToList();
        // The fields of a block that belongs to another authentication type (oAuthClientConfig.scope) do not apply either.
        return applicable.Where(f => f.Parent is null || applicable.Any(p => p.Path == f.Parent));
    }

    private static Gen<object?> Value(PayloadField field, string? authentication, bool required)
    {
        if (field.Path == "authenticationType") return Gen.Constant<object?>(authentication);
        if (field.Allowed != null) return Gen.Elements(field.Allowed.ToArray()).Select(v => (object?)v);
        Gen<string> text = required ? NonBlankText() : Text();
        switch (field.Kind)
        {
            case PayloadValueKind.String:
                return field.Prefix is null ? text.Select(v => (object?)v) : Text().Select(v => (object?)(field.Prefix + v));
            case PayloadValueKind.Integer:
                return Gen.Choose((int)(field.Minimum ?? 0), (int)Math.Min(field.Maximum ?? 100_000, int.MaxValue)).Select(v => (object?)(long)v);
            case PayloadValueKind.Boolean:
                return Gen.Elements<object?>(true, false);
            case PayloadValueKind.Array:
                return Gen.Frequency(
                    (1, Gen.ArrayOf(Text().Select(v => (object?)v)).Resize(4)),
                    (1, Gen.ArrayOf(Gen.Choose(0, int.MaxValue).Select(v => (object?)(long)v)).Resize(4))).Select(items => (object?)items);
            case PayloadValueKind.Object:
                // A block the description leaves open (groupPattern) holds whatever the API takes.
                return field.Parent is null && !HasChildren(field) ? OpenBlock().Select(v => (object?)v) : Gen.Fresh(() => (object?)ConfigDictionary.Create());
            default:
                // Snowflake's privateKey: the PEM text, or a key-file object.
                return Gen.Frequency(
                    (1, text.Select(v => (object?)v)),
                    (1, KeyFile().Select(v => (object?)v)));
        }
    }

    private static Gen<OrderedDictionary> KeyFile() =>
        from name in NonBlankText()
        from content in NonBlankText()
        select Plain.Map(("keyName", "PRIV_KEY_FILE"), ("userFilename", name), ("content", "-----BEGIN PRIVATE KEY-----\n" + content));

    private static bool HasChildren(PayloadField block) =>
        IntegrationTypes.All.Any(t => t.Fields.Contains(block) && t.Fields.Any(f => f.Parent == block.Path));

    private static Gen<OrderedDictionary> OpenBlock() =>
        from deny in Gen.ArrayOf(Text()).Resize(3)
        from note in Text()
        select Plain.Map(("deny", deny.Cast<object?>().ToArray()), ("note", note));

    /// <summary>One change to a valid payload that breaks exactly one rule of its type.</summary>
    public static Gen<MutatedPayload> Mutate(GeneratedPayload payload)
    {
        var mutations = new List<Gen<MutatedPayload>>();
        IntegrationType type = payload.Type;

        MutatedPayload Change(string rule, string path, object? value)
        {
            OrderedDictionary root = payload.CopyRoot();
            PlainValues.Set(root, path, value);
            return new MutatedPayload(payload, rule, path, root);
        }

        MutatedPayload Remove(string path)
        {
            OrderedDictionary root = payload.CopyRoot();
            Plain.Remove(root, path);
            return new MutatedPayload(payload, "remove a required field", path, root);
        }

        // The payload's own fields.
        mutations.Add(Gen.Constant(Remove("type")));
        mutations.Add(Gen.Elements<object?>(7L, true, Plain.Map()).Select(v => Change("give type another kind", "type", v)));
        // A type the module does not know is sent unchecked (a warning, not an error); a blank one is no type at all.
        mutations.Add(Gen.Elements("", "   ").Select(v => Change("name no type", "type", v)));
        if (!type.HasConfig)
        {
            mutations.Add(Gen.Elements<object?>(true, false).Select(v => Change("give Trino an autoBootstrap", "autoBootstrap", v)));
            return Gen.OneOf(mutations);
        }
        mutations.Add(Gen.Constant(Remove("autoBootstrap")));
        mutations.Add(Gen.Constant(Remove("config")));
        mutations.Add(Gen.Elements<object?>("yes", "true", 1L, Plain.Map()).Select(v => Change("give autoBootstrap another kind", "autoBootstrap", v)));
        mutations.Add(Gen.Elements<object?>("host: x", 1L, new object?[] { "a" }).Select(v => Change("give config another kind", "config", v)));
        if (!type.AllowsAutoBootstrap) mutations.Add(Gen.Constant(Change("set autoBootstrap for a manual-only type", "autoBootstrap", true)));

        OrderedDictionary config = payload.Config!;
        foreach (PayloadField field in Applicable(type, payload.Authentication))
        {
            string path = "config." + field.Path;
            if (!PlainValues.Has(config, field.Path)) continue;
            bool required = field.Required || (field.RequiredWhenAutomatic && payload.AutoBootstrap);
            if (required) mutations.Add(Gen.Constant(Remove(path)));
            mutations.Add(OtherKind(field.Kind).Select(v => Change($"give {field.Kind} another kind", path, v)));
            if (field.Allowed != null) mutations.Add(Gen.Elements("kerberos", "USERPASSWORD", "Token", "none").Select(v => Change("set a value that is not allowed", path, v)));
            if (field.Kind == PayloadValueKind.String && field.Allowed is null)
            {
                mutations.Add(Gen.Elements("\0", "\u0001", "\u001b[31m", "\u007f").Select(v => Change("put a control character in a string", path, (field.Prefix ?? "x") + v)));
            }
            if (field.Prefix != null)
            {
                mutations.Add(Text().Select(v => Change("break the prefix", path, "x" + v)));
            }
        }
        if (type.FindField("port") != null)
        {
            mutations.Add(Gen.Elements(0L, -1L, 65536L, 100_000L, long.MaxValue, long.MinValue).Select(v => Change("set a port out of range", "config.port", v)));
        }
        return Gen.OneOf(mutations);
    }

    /// <summary>A value of any kind but <paramref name="kind"/>; a string of digits is not a number.</summary>
    private static Gen<object?> OtherKind(PayloadValueKind kind) => kind switch
    {
        PayloadValueKind.String => Gen.Elements<object?>(42L, 1.5, true, Plain.Map(("a", "b")), new object?[] { "a" }),
        PayloadValueKind.Integer => Gen.Elements<object?>("443", "", 443.5, true, new object?[] { 443L }),
        PayloadValueKind.Boolean => Gen.Elements<object?>("true", "yes", "false", 1L, 0L),
        PayloadValueKind.Object => Gen.Elements<object?>("enabled", 1L, true, new object?[] { "a" }),
        PayloadValueKind.Array => Gen.Elements<object?>("a, b", 1L, Plain.Map(("a", "b"))),
        _ => Gen.Elements<object?>(42L, true, new object?[] { "a" }),
    };
}
