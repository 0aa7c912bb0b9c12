using System;
using System.IO;
using System.Text;

namespace ImmutaIntegrations.Core.Secrets;

/// <summary>
/// The text of a <c>${file:PATH}</c> reference's file: UTF-8 (a byte-order mark dropped), with one line break at its very
/// end dropped (<c>echo token &gt; file</c> writes one, and it is no part of the token); every other character, line breaks
/// inside included, is kept exactly. A missing, empty, unreadable or oversized file, or a folder, is an
/// <see cref="ImmutaPayloadException"/> (<c>SecretFileUnreadable</c>) naming the path, never the content.
/// </summary>
public static class SecretFiles
{
    /// <summary>1 MiB: a service-account key or a certificate chain is a few kilobytes; a bigger file is no secret.</summary>
    public const int MaxBytes = 1024 * 1024;

    private static readonly UTF8Encoding StrictUtf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The full path of a reference's path: <c>~</c> is the home folder, a relative path starts from <paramref name="folder"/>.</summary>
    public static string FullPath(string path, string folder)
    {
        if (path == "~" || path.StartsWith("~/", StringComparison.Ordinal) || path.StartsWith("~\\", StringComparison.Ordinal))
        {
            path = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), path.Length > 2 ? path.Substring(2) : string.Empty);
        }
        return Path.GetFullPath(Path.Combine(folder, path));
    }

    /// <summary>The file's text, as described above.</summary>
    public static string Read(string fullPath)
    {
        if (Directory.Exists(fullPath)) throw Unreadable($"{fullPath} is a folder, not a file");
        if (!File.Exists(fullPath)) throw Unreadable($"the file {fullPath} does not exist");
        byte[] bytes;
        try
        {
            bytes = ReadAtMost(fullPath, MaxBytes + 1);
        }
        catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is System.Security.SecurityException)
        {
            throw Unreadable($"the file {fullPath} cannot be read ({e.GetType().Name}: {e.Message})");
        }
        if (bytes.Length > MaxBytes)
        {
            throw Unreadable($"the file {fullPath} is larger than {MaxBytes / 1024 / 1024} MiB, the most a secret file may hold");
        }
        string text;
        try
        {
            text = StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw Unreadable($"the file {fullPath} is not UTF-8 text");
        }
        if (text.Length > 0 && text[0] == '\uFEFF') text = text.Substring(1);
        if (text.EndsWith("\r\n", StringComparison.Ordinal)) text = text.Substring(0, text.Length - 2);
        else if (text.EndsWith("\n", StringComparison.Ordinal)) text = text.Substring(0, text.Length - 1);
        if (text.Length == 0) throw Unreadable($"the file {fullPath} is empty");
        return text;
    }

    // Reads no more than the limit, whatever the file says its length is (a device or a growing file says 0 or less).
    private static byte[] ReadAtMost(string path, int limit)
    {
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
        using (var buffer = new MemoryStream())
        {
            var chunk = new byte[64 * 1024];
            int read;
            while (buffer.Length < limit && (read = stream.Read(chunk, 0, (int)Math.Min(chunk.Length, limit - buffer.Length))) > 0)
            {
                buffer.Write(chunk, 0, read);
            }
            return buffer.ToArray();
        }
    }

    private static ImmutaPayloadException Unreadable(string message) => new ImmutaPayloadException(message, ImmutaErrorId.SecretFileUnreadable);
}
