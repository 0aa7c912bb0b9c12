using System;
using System.Collections.Generic;

namespace ImmutaIntegrations.Core.Payloads.Validation;

/// <summary>The known name a misspelt one was most likely meant to be (<c>warehose</c> → <c>warehouse</c>).</summary>
internal static class SpellingSuggestions
{
    /// <summary>
    /// The candidate closest to <paramref name="name"/>, ignoring case, when it is close enough to be a slip
    /// (at most a quarter of the name's characters differ, or two); null when none is.
    /// </summary>
    public static string? Suggest(string name, IEnumerable<string> known)
    {
        string best = string.Empty;
        int bestDistance = int.MaxValue;
        foreach (string candidate in known)
        {
            int distance = Distance(name.ToLowerInvariant(), candidate.ToLowerInvariant());
            if (distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }
        return bestDistance <= Math.Max(2, name.Length / 4) ? best : null;
    }

    /// <summary>The Levenshtein distance: how many characters to insert, delete or replace to turn a into b.</summary>
    private static int Distance(string a, string b)
    {
        var row = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++) row[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            int diagonal = row[0];
            row[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int above = row[j];
                row[j] = Math.Min(Math.Min(row[j] + 1, row[j - 1] + 1), diagonal + (a[i - 1] == b[j - 1] ? 0 : 1));
                diagonal = above;
            }
        }
        return row[b.Length];
    }
}
