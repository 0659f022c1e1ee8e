namespace Market.Domain.Common;

/// <summary>
/// The wire names of one enum, read both ways. Each enum spells its names once, in an exhaustive switch
/// (a member without a name does not compile); this table inverts it for parsing. Storage and the wire keep
/// exactly those strings (EF value converters, the DTOs), so an enum member is never sent as its C# name.
/// </summary>
public sealed class WireTable<TEnum>
    where TEnum : struct, Enum
{
    private readonly Dictionary<string, TEnum> _byName;

    public WireTable(Func<TEnum, string> toWire)
    {
        var all = Enum.GetValues<TEnum>();
        _byName = all.ToDictionary(toWire, v => v, StringComparer.Ordinal);
        Names = [.. all.Select(toWire)];
    }

    /// <summary>Every wire name, in declaration order.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>The member a wire name stands for; false for names this version does not know (the caller picks its fallback).</summary>
    public bool TryParse(string? wire, out TEnum value) => _byName.TryGetValue(wire ?? string.Empty, out value);

    /// <summary>The member a stored or trusted wire name stands for; an unknown name is a broken invariant.</summary>
    public TEnum Parse(string wire) =>
        TryParse(wire, out var value) ? value : throw new FormatException($"'{wire}' is not a known {typeof(TEnum).Name}");
}
