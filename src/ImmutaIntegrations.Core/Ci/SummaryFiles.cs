using System;
using System.Globalization;
using System.IO;
using System.Text;

namespace ImmutaIntegrations.Core.Ci;

/// <summary>
/// Where an agent takes a summary from. GitHub Actions reads the job's summary file (<c>GITHUB_STEP_SUMMARY</c>), to which
/// every summary of the step is appended; Azure DevOps attaches a Markdown file of its own to the run when told its path
/// with <c>##vso[task.uploadsummary]</c>.
/// </summary>
public static class SummaryFiles
{
    private static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    /// <summary>
    /// Writes a summary where <paramref name="agent"/> takes it, and returns the line to write for the agent to pick it up
    /// (Azure DevOps), or null when there is none to write (GitHub Actions, or no summary file named).
    /// </summary>
    /// <param name="name">Names the file on Azure DevOps, whose summary tab shows the name, e.g. <c>plan</c>.</param>
    /// <exception cref="IOException">The file could not be written.</exception>
    /// <exception cref="UnauthorizedAccessException">The file could not be written.</exception>
    public static string? Write(PipelineAgent agent, string name, string markdown)
    {
        if (agent is null) throw new ArgumentNullException(nameof(agent));
        if (agent.Kind == PipelineAgentKind.GitHubActions)
        {
            if (agent.StepSummaryFile != null) Append(agent.StepSummaryFile, markdown);
            return null;
        }
        return AgentCommands.UploadSummary(CreateUnique(agent.SummaryFolder, name, markdown));
    }

    /// <summary>
    /// Appends to the step's summary file, creating it when missing, with a blank line between this summary and what the
    /// file already holds (another command's summary, or the user's own), so neither runs into the other.
    /// </summary>
    public static void Append(string file, string markdown)
    {
        string? folder = Path.GetDirectoryName(Path.GetFullPath(file));
        if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
        using var stream = new FileStream(file, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite);
        string separator = Separator(stream);
        stream.Seek(0, SeekOrigin.End);
        // One write: another step of the job appending at the same time cannot cut into it.
        byte[] bytes = Utf8.GetBytes(separator + markdown);
        stream.Write(bytes, 0, bytes.Length);
    }

    /// <summary>A new file in <paramref name="folder"/>, e.g. <c>immuta-plan-20250101-120000-1.md</c>; its full path.</summary>
    public static string CreateUnique(string folder, string name, string markdown)
    {
        Directory.CreateDirectory(folder);
        string time = DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        for (int n = 1; ; n++)
        {
            string path = Path.GetFullPath(Path.Combine(folder, $"immuta-{name}-{time}-{n}.md"));
            try
            {
                // CreateNew: two commands (or two processes) in the same second each get a file of their own.
                using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None);
                byte[] bytes = Utf8.GetBytes(markdown);
                stream.Write(bytes, 0, bytes.Length);
                return path;
            }
            catch (IOException) when (File.Exists(path) && n < 10_000)
            {
                // Taken: the next number.
            }
        }
    }

    // What goes before a summary so that a blank line separates it from the file's last line: nothing in an empty file.
    private static string Separator(FileStream stream)
    {
        if (stream.Length == 0) return string.Empty;
        int take = (int)Math.Min(2, stream.Length);
        var last = new byte[take];
        stream.Seek(-take, SeekOrigin.End);
        int read = 0;
        while (read < take)
        {
            int got = stream.Read(last, read, take - read);
            if (got == 0) break;
            read += got;
        }
        bool endsLine = last[take - 1] == (byte)'\n';
        bool endsBlank = endsLine && (take == 1 || last[0] == (byte)'\n');
        return endsBlank ? string.Empty : endsLine ? "\n" : "\n\n";
    }
}
