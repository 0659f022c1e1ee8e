using Market.Infrastructure.Persistence;
using Market.Infrastructure.Persistence.Configurations;
using Microsoft.EntityFrameworkCore;

namespace Market.Api.Tests.Operate;

/// <summary>The entity configurations are applied by name (no assembly scan at start, ADR 0025): none may be left out.</summary>
public sealed class EntityConfigurationsTests
{
    [Test]
    public void The_named_list_builds_the_same_model_as_scanning_the_assembly_for_configurations()
    {
        var named = new ModelBuilder();
        named.ApplyMarketConfigurations();
        var scanned = new ModelBuilder();
        scanned.ApplyConfigurationsFromAssembly(typeof(MarketDbContext).Assembly);

        Assert.That(named.Model.GetEntityTypes(), Is.Not.Empty);
        Assert.That(
            named.Model.ToDebugString(Microsoft.EntityFrameworkCore.Infrastructure.MetadataDebugStringOptions.LongDefault),
            Is.EqualTo(scanned.Model.ToDebugString(Microsoft.EntityFrameworkCore.Infrastructure.MetadataDebugStringOptions.LongDefault)),
            "a configuration class missing from EntityConfigurations.ApplyMarketConfigurations");
    }
}
