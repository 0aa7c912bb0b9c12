using System;
using System.IO;
using System.Runtime.InteropServices;

namespace ImmutaIntegrations.Core.Ci;

/// <summary>Paths as the agents link them to a repository's files: relative to its root, with forward slashes.</summary>
public static class RepositoryPaths
{
    // Windows file names ignore case; elsewhere two spellings are two files.
    private static readonly StringComparison FileNames =
        RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    /// <summary>
    /// <paramref name="file"/> relative to <paramref name="root"/>; a file outside the root keeps its full path. Either way
    /// with forward slashes, as both agents write paths whatever the runner's system.
    /// </summary>
    public static string Relative(string root, string file)
    {
        if (file is null) throw new ArgumentNullException(nameof(file));
        string full = Full(file);
        if (string.IsNullOrEmpty(root)) return Slashes(full);
        string folder = Full(root).TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
        bool inside = full.Length > folder.Length + 1 && full.StartsWith(folder, FileNames) && IsSeparator(full[folder.Length]);
        return Slashes(inside ? full.Substring(folder.Length + 1) : full);
    }

    private static string Full(string path)
    {
        try
        {
            return Path.GetFullPath(path);
        }
        catch (Exception e) when (e is ArgumentException || e is NotSupportedException || e is PathTooLongException)
        {
            // A name the system would not take is still named, as it was given.
            return path;
        }
    }

    private static bool IsSeparator(char c) => c == Path.DirectorySeparatorChar || c == Path.AltDirectorySeparatorChar;

    private static string Slashes(string path) => path.Replace('\\', '/');
}
