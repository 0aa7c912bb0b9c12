using System.Text;

namespace ImmutaIntegrations.Core.Tests;

public sealed class TextFileTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void A_new_file_holds_the_text_as_utf8_without_a_byte_order_mark()
    {
        string path = Path.Combine(_folder.Path, "new.yaml");

        TextFiles.Write(path, "type: Snowflake\nname: ünïcode\n");

        Assert.Equal(Encoding.UTF8.GetBytes("type: Snowflake\nname: ünïcode\n"), File.ReadAllBytes(path));
        Assert.True(TextFiles.Holds(path, "type: Snowflake\nname: ünïcode\n"));
    }

    [Fact]
    public void An_existing_file_is_replaced_whole_and_nothing_is_left_beside_it()
    {
        string path = _folder.File("old.yaml", Encoding.UTF8.GetBytes(new string('x', 10_000)));

        TextFiles.Write(path, "short\n");

        Assert.Equal("short\n", File.ReadAllText(path));
        Assert.Equal(new[] { path }, Directory.GetFiles(_folder.Path));
    }

    [Fact]
    public void A_reader_holding_the_old_file_open_keeps_reading_the_old_text()
    {
        // Replaced by a rename, not rewritten in place: whoever has the old file open never meets half of the new one.
        string path = _folder.File("read.yaml", Encoding.UTF8.GetBytes("old text\n"));
        using var reader = new StreamReader(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete));

        TextFiles.Write(path, "new text\n");

        Assert.Equal("old text\n", reader.ReadToEnd());
        Assert.Equal("new text\n", File.ReadAllText(path));
    }

    [Fact]
    public void Holds_is_false_for_a_missing_file_or_other_text()
    {
        string path = _folder.File("held.yaml", Encoding.UTF8.GetBytes("a\n"));

        Assert.False(TextFiles.Holds(Path.Combine(_folder.Path, "missing.yaml"), "a\n"));
        Assert.False(TextFiles.Holds(path, "a\r\n"));
        Assert.True(TextFiles.Holds(path, "a\n"));
    }

    [Fact]
    public void A_file_in_a_missing_folder_is_an_error_and_leaves_nothing()
    {
        string path = Path.Combine(_folder.Path, "missing", "file.yaml");

        Assert.ThrowsAny<IOException>(() => TextFiles.Write(path, "text"));
        Assert.Empty(Directory.GetFileSystemEntries(_folder.Path));
    }
}
