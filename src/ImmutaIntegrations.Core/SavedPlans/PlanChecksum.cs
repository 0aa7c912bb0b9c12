using System;
using System.Security.Cryptography;
using System.Text;

namespace ImmutaIntegrations.Core.SavedPlans;

/// <summary>
/// A saved plan's checksum: SHA-256 over the file's exact bytes, its own 64 digits counted as zeros. Every byte counts
/// (an edited value, a truncated end, a space, converted line endings), so a file that is not exactly as written is told
/// apart from the plan that was reviewed.
/// </summary>
internal static class PlanChecksum
{
    public const string Prefix = "sha256:";

    /// <summary>What a plan's text holds in place of its checksum until it is sealed.</summary>
    public static readonly string Placeholder = Prefix + new string('0', 64);

    private static readonly UTF8Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The text with its placeholder replaced by its checksum; the checksum is returned too.</summary>
    public static string Seal(string text, out string checksum)
    {
        int at = text.IndexOf(Placeholder, StringComparison.Ordinal);
        if (at < 0) throw new ArgumentException("The text holds no checksum placeholder.", nameof(text));
        checksum = Compute(text);
        return text.Substring(0, at) + checksum + text.Substring(at + Placeholder.Length);
    }

    /// <summary>Whether the text is what was sealed with <paramref name="checksum"/>: the text with its checksum zeroed hashes to it.</summary>
    public static bool Verify(string text, string checksum)
    {
        if (!IsWellFormed(checksum)) return false;
        int at = text.IndexOf(checksum, StringComparison.Ordinal);
        if (at < 0) return false;
        string zeroed = text.Substring(0, at) + Placeholder + text.Substring(at + checksum.Length);
        return string.Equals(Compute(zeroed), checksum, StringComparison.Ordinal);
    }

    /// <summary><c>sha256:</c> and 64 lower-case hexadecimal digits.</summary>
    public static bool IsWellFormed(string? checksum)
    {
        if (checksum is null || checksum.Length != Placeholder.Length || !checksum.StartsWith(Prefix, StringComparison.Ordinal)) return false;
        for (int i = Prefix.Length; i < checksum.Length; i++)
        {
            char c = checksum[i];
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
        }
        return true;
    }

    private static string Compute(string text)
    {
        using (SHA256 sha = SHA256.Create())
        {
            byte[] hash = sha.ComputeHash(Utf8.GetBytes(text));
            var digits = new StringBuilder(Prefix, Placeholder.Length);
            foreach (byte b in hash) digits.Append(b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
            return digits.ToString();
        }
    }
}
