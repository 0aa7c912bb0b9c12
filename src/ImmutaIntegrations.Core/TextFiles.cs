using System;
using System.IO;
using System.Text;

namespace ImmutaIntegrations.Core;

/// <summary>
/// Writes text files whole, as UTF-8 without a byte order mark, and never half: a new file is created with its text; an
/// existing one is replaced by a file written beside it and renamed over it, so a reader, a crash or a full disk never
/// meets half a file. A file is never truncated to be written again: besides risking half a file, on ext4 a file
/// truncated and rewritten is flushed to the disk as it is closed (auto_da_alloc), which made writing 1,000 new payload
/// files several times slower than creating them.
/// </summary>
public static class TextFiles
{
    private static readonly UTF8Encoding Utf8 = new UTF8Encoding(false);

    public static void Write(string path, string text)
    {
        if (path is null) throw new ArgumentNullException(nameof(path));
        byte[] bytes = Utf8.GetBytes(text ?? throw new ArgumentNullException(nameof(text)));
        try
        {
            Create(path, bytes);
        }
        catch (IOException) when (File.Exists(path))
        {
            // It exists already: replaced whole.
            Replace(path, bytes);
        }
    }

    /// <summary>Whether the file exists and holds exactly this text.</summary>
    public static bool Holds(string path, string text) => File.Exists(path) && File.ReadAllText(path) == text;

    private static void Replace(string path, byte[] bytes)
    {
        string full = Path.GetFullPath(path);
        // Beside the file (a rename is atomic only within a file system), hidden, and of no payload file's extension.
        string temporary = Path.Combine(Path.GetDirectoryName(full) ?? ".", $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            Create(temporary, bytes);
            try
            {
                File.Replace(temporary, full, null);
            }
            catch (FileNotFoundException) when (File.Exists(temporary) && !File.Exists(full))
            {
                // Deleted meanwhile: there is nothing to replace.
                File.Move(temporary, full);
            }
        }
        catch
        {
            if (File.Exists(temporary)) File.Delete(temporary);
            throw;
        }
    }

    private static void Create(string path, byte[] bytes)
    {
        // Throws when the file exists: then it is not this call's to remove.
        var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1);
        try
        {
            using (stream) stream.Write(bytes, 0, bytes.Length);
        }
        catch
        {
            // A full disk or a lost share part way: the file this call began goes, rather than stay half written.
            File.Delete(path);
            throw;
        }
    }
}
