using System.Collections;
using System.Collections.Generic;
using System.Collections.Specialized;
using ImmutaIntegrations.Core.Secrets;

namespace ImmutaIntegrations.Core.Payloads.Validation;

/// <summary>
/// The references of a payload (<c>${env:}</c>, <c>${file:}</c>, <c>${secret:}</c>): each one's form always, and its value
/// when the options ask (<see cref="PayloadValidationOptions.CheckSecretReferences"/>); one that cannot be resolved is a
/// problem at its field, whose id says why.
/// </summary>
internal sealed partial class PayloadCheck
{
    // Every value of the config, known field or not, in a list or not: each reference's form, and (when asked) its value.
    private void CheckReferences(object? value, string path)
    {
        switch (value)
        {
            case OrderedDictionary map:
                foreach (DictionaryEntry entry in map) CheckReferences(entry.Value, path + "." + entry.Key);
                break;
            case object?[] items:
                foreach (object? item in items) CheckReferences(item, path);
                break;
            case string text when SecretReferences.Contains(text) && !_referencesChecked.Contains(path):
                CheckReferences(path, text);
                break;
        }
    }

    // The fields whose references were checked where the field was (a known field, in the payload's order).
    private readonly HashSet<string> _referencesChecked = new HashSet<string>(System.StringComparer.OrdinalIgnoreCase);

    private bool CheckReferences(string path, string text)
    {
        _referencesChecked.Add(path);
        IReadOnlyList<SecretReference> references;
        try
        {
            references = SecretReferenceParser.Parse(text);
        }
        catch (ImmutaPayloadException e)
        {
            Error(path, $"a reference written as {SecretReferenceParser.Forms}", e.Message, e.ErrorId);
            return false;
        }
        if (!_options.CheckSecretReferences) return true;
        bool resolved = true;
        foreach (SecretReference reference in references)
        {
            try
            {
                _options.Secrets.Resolve(reference, _document.Folder);
            }
            catch (ImmutaPayloadException e)
            {
                Error(path, $"a value from {reference.Text}", e.Message, e.ErrorId);
                resolved = false;
            }
        }
        return resolved;
    }
}
