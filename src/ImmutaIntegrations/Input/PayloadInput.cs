using System;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.IO;
using System.Linq;
using System.Management.Automation;
using ImmutaIntegrations.Core.Payloads;
using ImmutaIntegrations.Core.Payloads.Reading;
using ImmutaIntegrations.Core.Payloads.Types;
using ImmutaIntegrations.Core.Payloads.Validation;
using ImmutaIntegrations.Core.Payloads.Writing;

namespace ImmutaIntegrations.Input;

/// <summary>
/// The payload sources every payload-taking cmdlet accepts: files given with -Path (wildcards allowed),
/// and objects given with -Payload or from the pipeline — IntegrationPayload objects, hashtables,
/// PSCustomObjects, Integration objects, and files (FileInfo or path strings, as Get-ChildItem passes them).
/// </summary>
internal static class PayloadInput
{
    /// <summary>The files a -Path argument names; a missing file is reported when it is read.</summary>
    public static IEnumerable<string> ResolvePaths(PSCmdlet cmdlet, string path)
    {
        if (WildcardPattern.ContainsWildcardCharacters(path))
        {
            return cmdlet.SessionState.Path.GetResolvedProviderPathFromPSPath(path, out ProviderInfo _);
        }
        return new[] { cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path) };
    }

    /// <summary>The documents of a payload-taking cmdlet's -Path (every file it names) or -Payload.</summary>
    public static IReadOnlyList<PayloadDocument> Read(PSCmdlet cmdlet, string[]? paths, object? payload, string origin)
    {
        var documents = new List<PayloadDocument>();
        if (paths != null)
        {
            foreach (string path in paths)
            {
                foreach (string file in ResolvePaths(cmdlet, path)) documents.AddRange(PayloadFiles.Read(file));
            }
        }
        if (payload != null) documents.AddRange(FromObject(cmdlet, payload, origin));
        return documents;
    }

    /// <summary>The one payload a cmdlet taking a single payload was given, a credential filling its user and secret fields.</summary>
    public static PreparedPayload Single(PSCmdlet cmdlet, string[]? paths, object? payload, string origin, PSCredential? credential = null)
    {
        IReadOnlyList<PayloadDocument> documents = Read(cmdlet, paths, payload, origin);
        if (documents.Count != 1)
        {
            throw new ImmutaPayloadException($"One payload is needed here; {(documents.Count == 0 ? "none was given" : $"{documents.Count} were given")}.",
                ImmutaErrorId.PayloadInvalid);
        }
        return Prepared(cmdlet, credential is null ? documents[0] : WithCredential(documents[0], credential));
    }

    /// <summary>
    /// Validates and prepares a document for sending (an invalid one is an error listing its problems), and writes its
    /// warnings (a type the module does not know, a key that is not sent) where the user sees them.
    /// </summary>
    public static PreparedPayload Prepared(PSCmdlet cmdlet, PayloadDocument document, PayloadValidationOptions? options = null)
    {
        PreparedPayload payload = PreparedPayload.From(document, options ?? SessionSecrets.ForSending(cmdlet));
        WriteWarnings(cmdlet, payload);
        return payload;
    }

    /// <summary>The warnings validating a payload gave (a field Immuta ignores, a value that looks wrong).</summary>
    public static void WriteWarnings(PSCmdlet cmdlet, PreparedPayload payload)
    {
        foreach (PayloadProblem warning in payload.Validation.Warnings)
        {
            Warnings.Write(cmdlet, warning.File is null ? $"{payload.Origin}: {warning.Message}" : warning.ToString());
        }
    }

    /// <summary>
    /// A document with a credential in its type's user and secret fields: what a payload read back from
    /// Immuta needs, its secrets being only &lt;REDACTED&gt;.
    /// </summary>
    public static PayloadDocument WithCredential(PayloadDocument document, PSCredential credential)
    {
        if (!(PlainValues.DeepCopy(document.Root) is System.Collections.Specialized.OrderedDictionary root)) return document;
        IntegrationType? type = IntegrationTypes.Resolve(root["type"] as string);
        if (type is null) return document;
        var config = root["config"] as System.Collections.Specialized.OrderedDictionary ?? ConfigDictionary.Create();
        PayloadParameters.ApplyCredential(type, config, credential);
        root["config"] = config;
        return document.WithRoot(root);
    }

    /// <summary>The documents an input object stands for; <paramref name="origin"/> names it in messages.</summary>
    public static IReadOnlyList<PayloadDocument> FromObject(PSCmdlet cmdlet, object input, string origin)
    {
        string? file = FileOf(cmdlet, input);
        if (file != null) return PayloadFiles.Read(file);
        object value = input is PSObject wrapped && !(wrapped.BaseObject is PSCustomObject) ? wrapped.BaseObject : input;
        switch (value)
        {
            case IntegrationPayload payload:
                return new[] { PreparedPayload.ToDocument(payload) };
            case Integration integration:
                // A Trino integration's Config holds only what GET shows (its API key, the cluster snippet):
                // its payload is just the type, so commands can tell what it is (e.g. that it takes no update).
                // Its config as edited at the prompt: a block set with @{ } is a hashtable, read as the rest is.
                OrderedDictionary? config = IntegrationTypes.Resolve(integration.Type)?.HasConfig == false ? null
                    : PowerShellValues.ToPlain(integration.Config, "config") as OrderedDictionary;
                return new[] { new PayloadDocument(PayloadWriter.Document(integration.Type, integration.AutoBootstrap, config),
                    $"integration {integration.Id}") };
            default:
                return new[] { new PayloadDocument(PowerShellValues.ToPlain(input, string.Empty), origin) };
        }
    }

    /// <summary>The file an input object names (a FileInfo, or a path string as Get-ChildItem passes them), or null.</summary>
    private static string? FileOf(PSCmdlet cmdlet, object input)
    {
        object value = input is PSObject wrapped ? wrapped.BaseObject : input;
        switch (value)
        {
            case FileInfo file: return file.FullName;
            case string path: return cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path);
            default: return null;
        }
    }

    /// <summary>
    /// The validation of a payload file: each payload is validated while the rest of the file is read. A file
    /// that cannot be parsed is a result with its problem (file, line, column), while a file that is not there
    /// is an error for the caller to report.
    /// </summary>
    public static IReadOnlyList<PayloadValidationResult> ValidateFile(string file, PayloadValidationOptions options)
    {
        try
        {
            return PayloadFiles.Validate(file, options);
        }
        catch (ImmutaPayloadException e) when (e.ErrorId == ImmutaErrorId.PayloadFileInvalid && e.File != null)
        {
            return new[] { Unreadable(e) };
        }
    }

    /// <summary>The validation of what an input object stands for (a file it names is validated as a file).</summary>
    public static IReadOnlyList<PayloadValidationResult> ValidateObject(PSCmdlet cmdlet, object input, string origin, PayloadValidationOptions options)
    {
        string? file = FileOf(cmdlet, input);
        if (file != null) return ValidateFile(file, options);
        return FromObject(cmdlet, input, origin).Select(document => PayloadValidator.Validate(document, options)).ToList();
    }

    /// <summary>A file that could not be read, as a validation result (Test-ImmutaIntegrationPayload's, and a pipeline annotation's).</summary>
    internal static PayloadValidationResult Unreadable(ImmutaPayloadException error)
    {
        string message = error.Message;
        // The exception's message starts with the file and position, which the problem carries apart.
        string prefix = error.File is null ? string.Empty : error.Line is int line ? $"{error.File}:{line}:{error.Column ?? 1}: " : $"{error.File}: ";
        if (prefix.Length > 0 && message.StartsWith(prefix, StringComparison.Ordinal)) message = message.Substring(prefix.Length);
        return new PayloadValidationResult
        {
            Source = error.File ?? string.Empty,
            Problems = new[]
            {
                new PayloadProblem
                {
                    Path = string.Empty,
                    Expected = "a readable JSON or YAML payload file",
                    Found = message,
                    Message = message,
                    File = error.File,
                    Line = error.Line,
                    Column = error.Column,
                },
            },
        };
    }
}
