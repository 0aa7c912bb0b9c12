using System.Collections.Specialized;
using ImmutaIntegrations.Core.Payloads.Writing;

namespace ImmutaIntegrations.Core.Tests;

public sealed class PayloadWriterTests
{
    [Theory]
    [InlineData("123")]
    [InlineData("0123")]
    [InlineData("1e5")]
    [InlineData("true")]
    [InlineData("null")]
    [InlineData("~")]
    [InlineData("")]
    [InlineData(" leading")]
    [InlineData("trailing ")]
    [InlineData("#")]
    [InlineData("a #b")]
    [InlineData(":")]
    [InlineData("a: b")]
    [InlineData("- item")]
    [InlineData("'quoted'")]
    [InlineData("\"quoted\"")]
    [InlineData("ünïcödé 日本語 😀")]
    [InlineData("a\nb")]
    [InlineData("line\n")]
    [InlineData("\nline")]
    [InlineData("\n")]
    [InlineData("\n\n")]
    [InlineData("a\n\n")]
    [InlineData("a\r\nb")]
    [InlineData("tab\there")]
    [InlineData("a\u0085b")]
    [InlineData("\u0085")]
    [InlineData("a\u2028b")]
    [InlineData("nul\0")]
    [InlineData("---")]
    [InlineData("*alias")]
    public void A_string_stays_the_same_string_in_YAML_and_JSON(string text)
    {
        OrderedDictionary map = Plain.Map(("value", text));

        foreach ((string written, string file) in new[] { (PayloadWriter.ToYaml(map), "value.yaml"), (PayloadWriter.ToJson(map), "value.json") })
        {
            Plain.AssertSame(map, Plain.Parse(written, file).Single().Root, file);
        }
    }

    [Theory]
    [InlineData("123")]
    [InlineData("true")]
    [InlineData("null")]
    public void A_string_that_reads_as_another_kind_is_quoted_in_YAML(string text)
    {
        string yaml = PayloadWriter.ToYaml(Plain.Map(("value", text)));

        Assert.Contains($"value: \"{text}\"", yaml, StringComparison.Ordinal);
    }

    [Fact]
    public void Numbers_booleans_and_nulls_are_written_plain()
    {
        OrderedDictionary map = Plain.Map(("port", 443L), ("ratio", 0.5), ("whole", 2.0), ("enabled", true), ("none", null), ("list", new object?[] { }), ("block", Plain.Map()));

        string yaml = PayloadWriter.ToYaml(map);

        Assert.Equal("port: 443\nratio: 0.5\nwhole: 2.0\nenabled: true\nnone: null\nlist: []\nblock: {}\n", yaml);
        Plain.AssertSame(map, Plain.Parse(yaml, "map.yaml").Single().Root);
        Plain.AssertSame(map, Plain.Parse(PayloadWriter.ToJson(map), "map.json").Single().Root);
    }

    [Fact]
    public void A_payload_is_written_in_the_APIs_order()
    {
        OrderedDictionary root = PayloadWriter.Document("Snowflake", true, Plain.Map(("host", "h")));

        Assert.Equal("type: Snowflake\nautoBootstrap: true\nconfig:\n  host: h\n", PayloadWriter.ToYaml(root));
        Assert.Equal("{\n  \"type\": \"Snowflake\",\n  \"autoBootstrap\": true,\n  \"config\": {\n    \"host\": \"h\"\n  }\n}\n", PayloadWriter.ToJson(root));
        Assert.Equal("type: Trino\n", PayloadWriter.ToYaml(PayloadWriter.Document("Trino", null, null)));
    }
}
