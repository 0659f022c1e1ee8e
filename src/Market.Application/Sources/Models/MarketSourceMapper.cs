using Market.Domain.Sources;
using Riok.Mapperly.Abstractions;

namespace Market.Application.Sources.Models;

[Mapper]
public static partial class MarketSourceMapper
{
    [MapperIgnoreSource(nameof(MarketSource.IsBuiltIn))]
    [MapperIgnoreSource(nameof(MarketSource.CreatedAt))]
    [MapperIgnoreSource(nameof(MarketSource.IsRemote))]
    [MapperIgnoreSource(nameof(MarketSource.IsLocal))]
    [MapperIgnoreSource(nameof(MarketSource.Labels))]
    [MapperIgnoreTarget(nameof(MarketSourceDto.Nsfw))]
    [MapperIgnoreTarget(nameof(MarketSourceDto.Health))]
    public static partial MarketSourceDto ToDto(this MarketSource source);
}
