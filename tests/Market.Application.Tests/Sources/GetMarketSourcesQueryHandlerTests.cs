using Market.Application.Sources.Queries.GetMarketSources;
using Market.Application.Common.Options;
using Market.Application.Tests.Infrastructure;
using Market.Application.Common.Interfaces;
using Microsoft.Extensions.Options;
using Moq;

namespace Market.Application.Tests.Sources;

public sealed class GetMarketSourcesQueryHandlerTests
{
    [Test]
    public async Task Lists_every_source_remote_first_with_the_wire_fields()
    {
        using var database = new TestDatabase();
        await using var db = database.CreateContext();

        var options = Mock.Of<IOptionsMonitor<SourcesOptions>>(o => o.CurrentValue == new SourcesOptions());
        var handler = new GetMarketSourcesQueryHandler(db, Mock.Of<IHotStateStore>(), options, TimeProvider.System);
        var sources = await handler.Handle(new GetMarketSourcesQuery(), CancellationToken.None);

        Assert.That(sources.Select(s => s.Id), Is.EqualTo(new[] { "market.olares", "cli", "studio", "upload" }));
        var official = sources[0];
        Assert.Multiple(() =>
        {
            Assert.That(official.Type, Is.EqualTo("remote"));
            Assert.That(official.BaseUrl, Is.EqualTo("https://appstore.example"));
            Assert.That(official.Priority, Is.EqualTo(100));
            Assert.That(official.IsActive, Is.True);
            Assert.That(official.Nsfw, Is.False);
            Assert.That(official.UpdatedAt, Is.EqualTo(TestDatabase.SeededAt));
            Assert.That(official.UpdatedAt.Kind, Is.EqualTo(DateTimeKind.Utc));
            Assert.That(sources.Skip(1).Select(s => s.BaseUrl), Is.All.EqualTo("file://"));
        });
    }
}
