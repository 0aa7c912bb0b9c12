using System;
using System.Collections.Generic;
using ImmutaIntegrations.Core.Payloads.Reading;
using ImmutaIntegrations.Core.Payloads.Validation;

namespace ImmutaIntegrations.Core.Payloads;

/// <summary>One payload of a file: prepared to be sent, or why it is not valid.</summary>
public sealed class PreparedDocument
{
    internal PreparedDocument(PayloadDocument document, PreparedPayload? payload, ImmutaPayloadException? invalid)
    {
        Document = document;
        Payload = payload;
        Invalid = invalid;
    }

    public PayloadDocument Document { get; }

    /// <summary>The payload, when it is valid.</summary>
    public PreparedPayload? Payload { get; }

    /// <summary>Why the payload is not valid (every problem it has), when it is not.</summary>
    public ImmutaPayloadException? Invalid { get; }
}

/// <summary>A payload file read and each of its payloads prepared, or why the file could not be read.</summary>
public sealed class PreparedFile
{
    private PreparedFile(string path, IReadOnlyList<PreparedDocument> documents, ImmutaPayloadException? unreadable)
    {
        Path = path;
        Documents = documents;
        Unreadable = unreadable;
    }

    public string Path { get; }

    /// <summary>The file's payloads in order (none when it could not be read).</summary>
    public IReadOnlyList<PreparedDocument> Documents { get; }

    /// <summary>Why the file could not be read (missing, too big, not JSON or YAML), naming its line and column.</summary>
    public ImmutaPayloadException? Unreadable { get; }

    /// <summary>
    /// Reads and prepares the files, in the order given. Nothing is sent; a bad file or payload is told in its place,
    /// and the others are read all the same. One at a time: parsing is all processor work, and reading several at once
    /// was no faster on two processors (YamlDotNet's parser scaled not at all), while a command reading files also
    /// reads the tenant's list on another thread.
    /// </summary>
    public static IReadOnlyList<PreparedFile> ReadAll(IReadOnlyList<string> files, PayloadValidationOptions options)
    {
        if (files is null) throw new ArgumentNullException(nameof(files));
        // The environment does not change while the files are read: each variable they refer to is looked up once.
        PayloadValidationOptions cached = (options ?? throw new ArgumentNullException(nameof(options))).WithSecretsResolvedOnce();
        var prepared = new PreparedFile[files.Count];
        for (int i = 0; i < files.Count; i++) prepared[i] = Read(files[i], cached);
        return prepared;
    }

    private static PreparedFile Read(string path, PayloadValidationOptions options)
    {
        IReadOnlyList<PayloadDocument> documents;
        try
        {
            documents = PayloadFiles.Read(path);
        }
        catch (ImmutaPayloadException e)
        {
            return new PreparedFile(path, Array.Empty<PreparedDocument>(), e);
        }
        var prepared = new PreparedDocument[documents.Count];
        for (int i = 0; i < documents.Count; i++)
        {
            try
            {
                prepared[i] = new PreparedDocument(documents[i], PreparedPayload.From(documents[i], options), null);
            }
            catch (ImmutaPayloadException e)
            {
                prepared[i] = new PreparedDocument(documents[i], null, e);
            }
        }
        return new PreparedFile(path, prepared, null);
    }
}
