using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Market.Infrastructure.Persistence.Configurations;

internal static class JsonColumnExtensions
{
    /// <summary>Marks a string property as holding a JSON document (jsonb on PostgreSQL, TEXT on SQLite).</summary>
    public static PropertyBuilder<TProperty> IsJson<TProperty>(this PropertyBuilder<TProperty> property) =>
        property.HasAnnotation(MarketDbContext.JsonColumnAnnotation, true);
}
