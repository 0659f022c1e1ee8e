using System.Globalization;

namespace Market.Domain.Common;

/// <summary>Times as the wire shows them: RFC 3339 at seconds precision in UTC, or "" for no time.</summary>
public static class WireTime
{
    public static string Format(DateTime time) =>
        time == default ? string.Empty : time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
