using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using ImmutaIntegrations.Core.Payloads;
using ImmutaIntegrations.Core.Payloads.Validation;

namespace ImmutaIntegrations.Input;

/// <summary>
/// The payloads of a folder or list of files that describe integrations as they should be (Compare- and
/// Sync-ImmutaIntegration): every file read and validated before anything else happens.
/// </summary>
internal static class DesiredPayloads
{
    private static readonly string[] Extensions = { ".yaml", ".yml", ".json" };

    /// <summary>
    /// The files -Path names: files as given (wildcards allowed), and for a folder the payload files directly in it
    /// (*.yaml, *.yml, *.json, in name order, but for saved plans; the exported <c>schemas</c> folder and others below are not read).
    /// </summary>
    public static IReadOnlyList<string> Files(PSCmdlet cmdlet, IEnumerable<string> paths)
    {
        var files = new List<string>();
        foreach (string path in paths)
        {
            foreach (string resolved in PayloadInput.ResolvePaths(cmdlet, path))
            {
                if (Directory.Exists(resolved))
                {
                    files.AddRange(Directory.EnumerateFiles(resolved)
                        .Where(f => Extensions.Contains(System.IO.Path.GetExtension(f), StringComparer.OrdinalIgnoreCase) && !IsSavedPlan(cmdlet, f))
                        .OrderBy(f => f, StringComparer.Ordinal));
                }
                else
                {
                    files.Add(resolved);
                }
            }
        }
        return files.Distinct(StringComparer.Ordinal).ToList();
    }

    // A plan saved beside the files it was made from (Compare-ImmutaIntegration -OutFile) is no payload file.
    private static bool IsSavedPlan(PSCmdlet cmdlet, string file)
    {
        if (!string.Equals(System.IO.Path.GetExtension(file), ".json", StringComparison.OrdinalIgnoreCase)
            || !Core.SavedPlans.SavedPlanFile.BeginsAsPlan(file)) return false;
        cmdlet.WriteVerbose($"{file} is a saved plan, not a payload file: it is not read as one.");
        return true;
    }

    /// <summary>
    /// Reads and validates every payload of the files. Each problem is written as a non-terminating error (and under a
    /// pipeline agent as its annotation); when there is any, the command stops (a terminating error) before anything is
    /// compared or changed.
    /// </summary>
    public static IReadOnlyList<PreparedPayload> ReadAll(PSCmdlet cmdlet, IReadOnlyList<string> files, PayloadValidationOptions options, string stopping)
    {
        if (files.Count == 0)
        {
            cmdlet.ThrowTerminatingError(ErrorRecords.From(
                new ImmutaPayloadException("No payload files were found at the given -Path.", ImmutaErrorId.PayloadFileNotFound), null));
        }
        var payloads = new List<PreparedPayload>();
        int problems = 0;
        foreach (PreparedFile file in PreparedFile.ReadAll(files, options))
        {
            if (file.Unreadable != null)
            {
                problems++;
                AgentAnnotations.Write(cmdlet, file.Unreadable);
                cmdlet.WriteError(ErrorRecords.From(file.Unreadable, file.Path));
                continue;
            }
            foreach (PreparedDocument document in file.Documents)
            {
                if (document.Invalid != null)
                {
                    problems++;
                    AgentAnnotations.Write(cmdlet, document.Invalid);
                    cmdlet.WriteError(ErrorRecords.From(document.Invalid, document.Document.Origin));
                    continue;
                }
                PreparedPayload payload = document.Payload!;
                PayloadInput.WriteWarnings(cmdlet, payload);
                AgentAnnotations.Write(cmdlet, payload.Validation.Warnings);
                payloads.Add(payload);
            }
        }
        if (problems > 0)
        {
            string message = $"{problems} of the payload files or payloads are not valid (see the errors above): {stopping}.";
            cmdlet.ThrowTerminatingError(ErrorRecords.From(new ImmutaPayloadException(message, ImmutaErrorId.PayloadInvalid), files));
        }
        return payloads;
    }
}
