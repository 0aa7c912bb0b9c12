using System;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using ImmutaIntegrations.Core.Ci;
using ImmutaIntegrations.Core.Json;
using ImmutaIntegrations.Core.Payloads;
using ImmutaIntegrations.Core.Payloads.Redaction;
using Newtonsoft.Json;

namespace ImmutaIntegrations.Core.SavedPlans;

/// <summary>
/// Writes a plan to a file and reads it back (<c>Compare-ImmutaIntegration -OutFile</c>, <c>Import-ImmutaIntegrationPlan</c>,
/// <c>Sync-ImmutaIntegration -Plan</c>). The file is a document, not a state store: what was read, what will be sent
/// (secrets as references, never values), for which tenant, made when and by which version, and a checksum of its bytes.
/// A file that is not exactly a plan as written is refused whole, with an error that says why.
/// </summary>
public static class SavedPlanFile
{
    /// <summary>The plan format this version writes and reads.</summary>
    public const int FormatVersion = 1;

    /// <summary>Far beyond any plan (a plan of 10,000 integrations is a few tens of megabytes): a bigger file is no plan.</summary>
    public const long MaxBytes = 256L * 1024 * 1024;

    private static readonly UTF8Encoding StrictUtf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// Writes the plan to <paramref name="path"/> whole (or not at all) and returns what describes it; each item's
    /// <see cref="IntegrationPlanItem.PlanFile"/> is set. Sources are written relative to <paramref name="sourceRoot"/>, so
    /// the plan names the same files on another machine's checkout.
    /// </summary>
    /// <exception cref="ImmutaPayloadException">A payload holds a secret's value rather than a reference to it.</exception>
    public static IntegrationPlanFile Write(string path, Uri tenant, bool prune, IReadOnlyList<IntegrationPlanItem> items, string sourceRoot,
        DateTimeOffset createdAt)
    {
        if (items is null) throw new ArgumentNullException(nameof(items));
        foreach (IntegrationPlanItem item in items) RefuseSecretValues(item);
        string full = Path.GetFullPath(path);
        var file = new IntegrationPlanFile
        {
            Path = full,
            Tenant = (tenant ?? throw new ArgumentNullException(nameof(tenant))).AbsoluteUri,
            CreatedAt = new DateTimeOffset(createdAt.UtcDateTime.Ticks - createdAt.UtcDateTime.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero),
            ModuleVersion = ModuleVersion.Current,
            FormatVersion = FormatVersion,
            Prune = prune,
            ItemCount = items.Count,
        };
        string text = PlanChecksum.Seal(PlanJson.Write(file, items, item => Source(item, sourceRoot)), out string checksum);
        file.Checksum = checksum;
        string? folder = Path.GetDirectoryName(full);
        if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
        TextFiles.Write(full, text);
        foreach (IntegrationPlanItem item in items) item.PlanFile = file;
        return file;
    }

    /// <summary>Reads a saved plan; a file that is not one exactly as written is an <see cref="ImmutaPlanException"/> saying why.</summary>
    public static SavedPlan Read(string path)
    {
        string full = Path.GetFullPath(path);
        string text = ReadText(full);
        OrderedDictionary root = Parse(text, full);
        IntegrationPlanFile file = Header(root, full);
        if (!PlanChecksum.Verify(text, file.Checksum))
        {
            throw Invalid(full, "has been changed since it was written: its checksum does not match its content (an edit, a truncation, "
                + "converted line endings). A saved plan is applied exactly as it was reviewed, or not at all: make a new plan.");
        }
        if (!(root["items"] is object?[] list)) throw Invalid(full, "has no list of items: it is damaged. Make a new plan.");
        var items = new List<(IntegrationPlanItem, PayloadDocument?)>(list.Length);
        try
        {
            for (int i = 0; i < list.Length; i++) items.Add(PlanItemReader.Read(list[i], i + 1, file));
        }
        catch (FormatException e)
        {
            throw Invalid(full, $"cannot be applied: its {e.Message}. Make a new plan with this version of the module.");
        }
        file.ItemCount = items.Count;
        return new SavedPlan(file, items);
    }

    /// <summary>
    /// Whether a file begins as a saved plan does, read no further than that: a folder of payload files may hold the plan
    /// made from them, which is no payload.
    /// </summary>
    public static bool BeginsAsPlan(string path)
    {
        try
        {
            using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 1))
            {
                var head = new byte[256];
                int read = 0;
                for (int got; read < head.Length && (got = stream.Read(head, read, head.Length - read)) > 0;) read += got;
                return Encoding.UTF8.GetString(head, 0, read).IndexOf($"\"format\": \"{PlanJson.Format}\"", StringComparison.Ordinal) >= 0;
            }
        }
        catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
        {
            // Unreadable: reading it as a payload file says why.
            return false;
        }
    }

    private static string ReadText(string full)
    {
        var info = new FileInfo(full);
        if (!info.Exists)
        {
            if (Directory.Exists(full)) throw Invalid(full, "is a folder, not a saved plan.");
            throw new ImmutaPlanException($"{full} does not exist.", ImmutaErrorId.PlanFileNotFound, full);
        }
        if (info.Length == 0) throw Invalid(full, "is empty: it is not a saved plan (Compare-ImmutaIntegration -OutFile writes one).");
        if (info.Length > MaxBytes) throw Invalid(full, $"is {info.Length / (1024.0 * 1024.0):0.0} MB, larger than any saved plan: it is not one.");
        try
        {
            return StrictUtf8.GetString(File.ReadAllBytes(full));
        }
        catch (DecoderFallbackException)
        {
            throw Invalid(full, "is not text: it is not a saved plan (Compare-ImmutaIntegration -OutFile writes one).");
        }
    }

    private static OrderedDictionary Parse(string text, string full)
    {
        bool looksLikePlan = text.IndexOf("\"" + PlanJson.Format + "\"", StringComparison.Ordinal) >= 0;
        try
        {
            using (JsonTextReader reader = JsonValues.CreateReader(new StringReader(text)))
            {
                if (!JsonValues.ReadSkippingComments(reader) || reader.TokenType != JsonToken.StartObject) throw new JsonReaderException("not an object");
                OrderedDictionary root = JsonValues.ReadObject(reader);
                // The reader takes what there is: a file cut short ends before its object does.
                if (reader.TokenType != JsonToken.EndObject) throw new JsonReaderException($"it ends at line {reader.LineNumber} before the plan does");
                if (JsonValues.ReadSkippingComments(reader)) throw new JsonReaderException($"more after the end, line {reader.LineNumber}");
                return root;
            }
        }
        catch (JsonException e)
        {
            throw Invalid(full, looksLikePlan
                ? $"is damaged or truncated ({e.Message.TrimEnd('.')}): make a new plan."
                : "is not a saved plan: it is not the JSON that Compare-ImmutaIntegration -OutFile writes.", e);
        }
    }

    private static IntegrationPlanFile Header(OrderedDictionary root, string full)
    {
        if (!(root["format"] is string format) || format != PlanJson.Format)
        {
            throw Invalid(full, $"is not a saved plan: it has no \"format\": \"{PlanJson.Format}\" (Compare-ImmutaIntegration -OutFile writes one).");
        }
        string moduleVersion = root["moduleVersion"] as string ?? "an unknown version";
        if (!(root["formatVersion"] is long version) || version != FormatVersion)
        {
            string written = root["formatVersion"] is long number ? $"plan format {number}" : "a plan format it does not name";
            throw new ImmutaPlanException(
                $"{full} was written by ImmutaIntegrations {moduleVersion} in {written}; this version ({ModuleVersion.Current}) reads plan "
                + $"format {FormatVersion} only. Nothing was changed: make a new plan with this version, or apply this one with the version "
                + "that wrote it.", ImmutaErrorId.PlanFormatUnsupported, full);
        }
        string? checksum = root["checksum"] as string;
        if (!PlanChecksum.IsWellFormed(checksum)) throw Invalid(full, "has no checksum a saved plan has (sha256: and 64 hexadecimal digits): it is damaged.");
        if (!(root["tenant"] is string tenant) || !Uri.TryCreate(tenant, UriKind.Absolute, out _)) throw Invalid(full, "names no tenant: it is damaged.");
        if (!(root["createdAt"] is string created) || !DateTimeOffset.TryParse(created, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out DateTimeOffset createdAt))
        {
            throw Invalid(full, "says not when it was made: it is damaged.");
        }
        return new IntegrationPlanFile
        {
            Path = full,
            Tenant = tenant,
            CreatedAt = createdAt,
            ModuleVersion = moduleVersion,
            FormatVersion = (int)version,
            Checksum = checksum!,
            Prune = root["prune"] is true,
        };
    }

    // Where the item's payload came from, relative to the root: "examples/integrations/snowflake.yaml (item 2)".
    private static string? Source(IntegrationPlanItem item, string sourceRoot)
    {
        if (!(item.Desired is PreparedPayload payload) || payload.File is null || !payload.Origin.StartsWith(payload.File, StringComparison.Ordinal))
        {
            return item.Source;
        }
        return RepositoryPaths.Relative(sourceRoot, payload.File) + payload.Origin.Substring(payload.File.Length);
    }

    private static void RefuseSecretValues(IntegrationPlanItem item)
    {
        if (!(item.Desired is PreparedPayload payload)) return;
        string? path = SecretLiterals.Find(payload.Type, payload.Config).FirstOrDefault();
        if (path is null) return;
        throw new ImmutaPayloadException($"{payload.Origin}: {path} holds a secret's value, and a saved plan holds no secret: "
            + "write it as a ${env:NAME} reference. Nothing was written.", ImmutaErrorId.PayloadInvalid, payload.File);
    }

    private static ImmutaPlanException Invalid(string full, string why, Exception? inner = null) =>
        new ImmutaPlanException($"{full} {why}", ImmutaErrorId.PlanFileInvalid, full, inner);
}
