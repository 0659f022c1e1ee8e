using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Market.Infrastructure.Network;

/// <summary>
/// Turns the host of a URL into the one a resolver or a socket would really use, so that no spelling
/// of an internal address slips past the SSRF check: Unicode compatibility forms (full-width and circled
/// letters and digits, ideographic full stops) folded and IDNA-encoded, upper case lowered, trailing dots
/// dropped, IPv4 in every form <c>inet_aton</c> accepts (decimal <c>2130706433</c>, hex <c>0x7f.1</c>, octal
/// <c>0177.0.0.1</c>, short <c>127.1</c>) read as the address it is, and IPv4-mapped IPv6 mapped back.
/// </summary>
public static class HostNormalizer
{
    // The separators UTS #46 maps to '.': ideographic, full-width and half-width ideographic full stops.
    private static readonly char[] DotLookalikes = ['\u3002', '\uFF0E', '\uFF61'];

    /// <summary>The canonical host name (lower-case ASCII, no trailing dot) or the address it spells; null when it is not a valid host.</summary>
    public static NormalizedHost? Normalize(string host)
    {
        var text = host.Trim();
        if (text.StartsWith('[') && text.EndsWith(']'))
        {
            return IPAddress.TryParse(text[1..^1], out var v6) && v6.AddressFamily == AddressFamily.InterNetworkV6
                ? new NormalizedHost(Unmap(v6).ToString(), Unmap(v6))
                : null;
        }

        text = FoldCompatibilityForms(text).TrimEnd('.').ToLowerInvariant();
        if (text.Length == 0 || text.Contains(".."))
        {
            return null;
        }

        if (text.Any(c => c > 0x7F))
        {
            try
            {
                text = new IdnMapping { UseStd3AsciiRules = true }.GetAscii(text);
            }
            catch (ArgumentException)
            {
                return null;
            }
        }

        if (ParseIPv4(text) is { } v4)
        {
            return new NormalizedHost(v4.ToString(), v4);
        }

        if (IPAddress.TryParse(text, out var literal) && literal.AddressFamily == AddressFamily.InterNetworkV6)
        {
            return new NormalizedHost(Unmap(literal).ToString(), Unmap(literal));
        }

        return new NormalizedHost(text, null);
    }

    /// <summary>
    /// The compatibility forms UTS #46 maps to ASCII, folded by hand because the service runs with
    /// invariant globalization (no ICU, so neither <c>string.Normalize</c> nor <c>IdnMapping</c> maps them):
    /// full-width ASCII, circled letters and digits, super- and subscript digits, mathematical
    /// alphanumerics, and the ideographic and full-width full stops.
    /// </summary>
    private static string FoldCompatibilityForms(string text)
    {
        if (text.All(char.IsAscii))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            var folded = Fold(rune.Value);
            if (folded is { } ascii)
            {
                builder.Append(ascii);
            }
            else
            {
                builder.Append(rune.ToString());
            }
        }

        return builder.ToString();
    }

    private static char? Fold(int c) => c switch
    {
        _ when DotLookalikes.Contains((char)c) && c <= 0xFFFF => '.',
        >= 0xFF01 and <= 0xFF5E => (char)(c - 0xFEE0), // full-width ASCII
        >= 0x24B6 and <= 0x24CF => (char)('a' + (c - 0x24B6)), // circled capitals
        >= 0x24D0 and <= 0x24E9 => (char)('a' + (c - 0x24D0)), // circled small letters
        >= 0x2460 and <= 0x2468 => (char)('1' + (c - 0x2460)), // circled digits 1-9
        0x24EA or 0x2070 or 0x2080 => '0',
        0x00B9 => '1',
        0x00B2 => '2',
        0x00B3 => '3',
        >= 0x2074 and <= 0x2079 => (char)('4' + (c - 0x2074)), // superscript 4-9
        >= 0x2081 and <= 0x2089 => (char)('1' + (c - 0x2081)), // subscript 1-9
        >= 0x1D400 and <= 0x1D6A3 => (char)((c - 0x1D400) % 52 is var i && i < 26 ? 'a' + i : 'a' + i - 26), // mathematical letters
        >= 0x1D7CE and <= 0x1D7FF => (char)('0' + ((c - 0x1D7CE) % 10)), // mathematical digits
        _ => null,
    };

    /// <summary>An IPv4-mapped IPv6 address (<c>::ffff:127.0.0.1</c>) is the IPv4 address it carries.</summary>
    public static IPAddress Unmap(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    /// <summary>The <c>inet_aton</c> forms: 1 to 4 parts, each decimal, <c>0x</c> hex or <c>0</c>-led octal; the last fills the rest.</summary>
    private static IPAddress? ParseIPv4(string text)
    {
        var parts = text.Split('.');
        if (parts.Length > 4)
        {
            return null;
        }

        var values = new ulong[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (ParsePart(parts[i]) is not { } value)
            {
                return null;
            }

            values[i] = value;
        }

        var lastBits = 8 * (5 - parts.Length);
        if (values[..^1].Any(v => v > 255) || values[^1] >= 1UL << lastBits)
        {
            return null;
        }

        var number = values[^1];
        for (var i = 0; i < parts.Length - 1; i++)
        {
            number |= values[i] << (8 * (3 - i));
        }

        return new IPAddress([(byte)(number >> 24), (byte)(number >> 16), (byte)(number >> 8), (byte)number]);
    }

    private static ulong? ParsePart(string part)
    {
        if (part.Length == 0 || part.Length > 12)
        {
            return null;
        }

        if (part.StartsWith("0x", StringComparison.Ordinal))
        {
            return part.Length == 2 ? 0 : ulong.TryParse(part[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex) ? hex : null;
        }

        if (part.Length > 1 && part[0] == '0')
        {
            return part.All(c => c is >= '0' and <= '7') ? Convert.ToUInt64(part, 8) : null;
        }

        return part.All(char.IsAsciiDigit) ? ulong.Parse(part, CultureInfo.InvariantCulture) : null;
    }
}

/// <summary>A host as it will be used: its canonical name, and the address when the host is a literal one.</summary>
public sealed record NormalizedHost(string Name, IPAddress? Address);
