using ImmutaIntegrations.Core.Payloads;

namespace ImmutaIntegrations.Core.Tests;

/// <summary>Where a path of a payload read from a file stands: the walk over the recorded values.</summary>
public sealed class SourceMapTests
{
    private const string Yaml =
        "- type: Snowflake\n" +            // 1
        "  config:\n" +                    // 2
        "    host: first\n" +              // 3
        "- type: Snowflake\n" +            // 4
        "  Config:\n" +                    // 5
        "    Host: second\n" +             // 6
        "    a.b: dotted\n" +              // 7
        "    a: {b: nested}\n" +           // 8
        "    roles:\n" +                   // 9
        "      - one\n" +                  // 10
        "      - name: two\n" +            // 11
        "        grants: [x, y]\n";        // 12

    private static SourcePosition? At(string text, string file, int document, string path) =>
        Plain.Parse(text, file)[document].PositionOf(path);

    [Theory]
    [InlineData(0, "", 1, 3)]
    [InlineData(0, "config.host", 3, 5)]
    [InlineData(1, "", 4, 3)]
    [InlineData(1, "config.host", 6, 5)]          // keys match ignoring case, as the payload's dictionaries do
    [InlineData(1, "CONFIG.HOST", 6, 5)]
    [InlineData(1, "config.a.b", 7, 5)]           // the longest key the path goes on with
    [InlineData(1, "config.a", 8, 5)]
    [InlineData(1, "config.roles", 9, 5)]
    [InlineData(1, "config.roles[0]", 10, 9)]
    [InlineData(1, "config.roles[1].name", 11, 9)]
    [InlineData(1, "config.roles[1].grants[1]", 12, 21)]
    [InlineData(1, "config.roles[1].grants[2]", 12, 9)]  // no such item: where its list is
    [InlineData(1, "config.roles[5].name", 9, 5)]
    [InlineData(1, "config.missing", 5, 3)]        // a missing field: where its block is
    [InlineData(1, "config.hostname", 5, 3)]       // a key is matched whole, not as a prefix
    [InlineData(0, "config.roles", 2, 3)]          // each document has its own values
    public void A_path_is_found_where_its_value_stands(int document, string path, int line, int column)
    {
        SourcePosition? position = At(Yaml, "payloads.yaml", document, path);

        Assert.Equal((line, column), (position?.Line, position?.Column));
    }

    [Theory]
    [InlineData("\n")]
    [InlineData("\r\n")]
    [InlineData("\r")]
    public void JSON_fields_are_placed_where_their_names_start_whatever_ends_the_lines(string newline)
    {
        string text = string.Join(newline, "[", "  {\"type\": \"Snowflake\",", "   \"config\": {", "      \"host\": \"h\",", "      \"list\": [1,", "        2]}},",
            "  {\"type\": \"Redshift\", \"config\": {\"host\": \"r\"}}", "]");

        Assert.Equal((4, 7), Pair(At(text, "payloads.json", 0, "config.host")));
        Assert.Equal((6, 9), Pair(At(text, "payloads.json", 0, "config.list[1]")));
        Assert.Equal((7, 35), Pair(At(text, "payloads.json", 1, "config.host")));
        Assert.Equal((7, 24), Pair(At(text, "payloads.json", 1, "config.missing")));  // where its block is
    }

    [Fact]
    public void A_document_not_read_from_a_file_has_no_positions()
    {
        var document = new PayloadDocument(Plain.Map(("type", "Snowflake")), "object");

        Assert.Null(document.PositionOf("type"));
    }

    private static (int?, int?) Pair(SourcePosition? position) => (position?.Line, position?.Column);
}
