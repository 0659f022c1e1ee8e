using Market.Domain.Apps;
using Market.Domain.Tasks;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Market.Infrastructure.Persistence;

/// <summary>
/// The lifecycle enums are stored as today's wire strings (ADR 0019), so the columns, their indexes and the
/// filtered index's SQL stay as they were and no migration is needed.
/// </summary>
internal static class WireConverters
{
    public static readonly ValueConverter<OpType, string> OpType = new(v => v.ToWire(), s => OpTypes.Wire.Parse(s));

    /// <summary>
    /// An app that has run no operation yet stores an empty <c>op_type</c>: the column stays NOT NULL as it always was.
    /// That needs a converter that sees nulls, which EF marks as infrastructure (EF1001); it is the documented way
    /// (value-conversions, "converting nulls") and covered by every test that saves a new app.
    /// </summary>
#pragma warning disable EF1001
    public static readonly ValueConverter<OpType?, string> OptionalOpType = new(
        v => v == null ? string.Empty : v.Value.ToWire(),
        s => OpTypes.FromWire(s),
        convertsNulls: true);
#pragma warning restore EF1001

    public static readonly ValueConverter<AppTaskStatus, string> TaskStatus = new(v => v.ToWire(), s => TaskStatuses.Wire.Parse(s));
}
