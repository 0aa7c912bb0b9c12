using System.Collections.Generic;
using System.Globalization;

namespace ImmutaIntegrations.Core;

/// <summary>
/// The order integrations are listed in wherever the module sorts them (plans, exports, completion): ids in
/// numeric order (2 before 10; 02 before 2), ids that are not numbers after them, in ordinal order.
/// </summary>
public sealed class IntegrationIdOrder : IComparer<string>
{
    public static readonly IntegrationIdOrder Instance = new IntegrationIdOrder();

    public int Compare(string? x, string? y)
    {
        bool xNumber = long.TryParse(x, NumberStyles.None, CultureInfo.InvariantCulture, out long a);
        bool yNumber = long.TryParse(y, NumberStyles.None, CultureInfo.InvariantCulture, out long b);
        if (xNumber && yNumber) return a != b ? a.CompareTo(b) : string.CompareOrdinal(x, y);
        if (xNumber != yNumber) return xNumber ? -1 : 1;
        return string.CompareOrdinal(x, y);
    }
}
