using System.Net;
using Market.Api.Tests.Infrastructure;

namespace Market.Api.Tests.Packages;

/// <summary>Size bounds of uploads, with small limits configured so the archives stay small.</summary>
public sealed class PackageLimitTests
{
    [Test]
    public async Task Upload_above_MaxUploadBytes_is_413()
    {
        using var factory = new MarketApiFactory(new Dictionary<string, string?> { ["Market:Packages:MaxUploadBytes"] = "8192" });
        using var alice = factory.CreateUserClient("alice");

        // A file over the limit whose request still fits the multipart allowance: refused by the upload itself.
        var padded = ChartArchiveBuilder.Valid().File("quillnote/files/blob.bin", RandomBytes(12_000)).Build();
        var envelope = await (await alice.UploadAsync(padded)).ReadEnvelopeAsync(HttpStatusCode.RequestEntityTooLarge);
        Assert.That(envelope.Message(), Is.EqualTo("File too large (max 8192 bytes)"));

        // A request far over the limit: refused before its body is read.
        var huge = ChartArchiveBuilder.Valid().File("quillnote/files/blob.bin", RandomBytes(200_000)).Build();
        envelope = await (await alice.UploadAsync(huge)).ReadEnvelopeAsync(HttpStatusCode.RequestEntityTooLarge);
        Assert.That(envelope.Message(), Does.StartWith("Request body too large"));

        // Within the limit the same chart is accepted.
        await (await alice.UploadAsync(ChartArchiveBuilder.Valid().Build())).ReadEnvelopeAsync(HttpStatusCode.OK);
    }

    [Test]
    public async Task Default_limit_lets_a_large_chart_through_the_1_MiB_json_cap()
    {
        using var factory = new MarketApiFactory();
        using var alice = factory.CreateUserClient("alice");

        var large = ChartArchiveBuilder.Valid().File("quillnote/files/blob.bin", RandomBytes(3 * 1024 * 1024)).Build();

        await (await alice.UploadAsync(large)).ReadEnvelopeAsync(HttpStatusCode.OK);
    }

    [Test]
    public async Task Decompression_bomb_is_stopped_at_the_unpacked_limit()
    {
        using var factory = new MarketApiFactory(new Dictionary<string, string?> { ["Market:Packages:MaxUnpackedBytes"] = "1048576" });
        using var alice = factory.CreateUserClient("alice");

        // 16 MiB of zeros compress to a few KiB.
        var bomb = ChartArchiveBuilder.Valid().File("quillnote/files/zeros.bin", new byte[16 * 1024 * 1024]).Build();
        Assert.That(bomb.Length, Is.LessThan(100 * 1024), "the archive itself is small");

        var envelope = await (await alice.UploadAsync(bomb)).ReadEnvelopeAsync(HttpStatusCode.BadRequest);
        Assert.That(envelope.Message(), Is.EqualTo("chart archive: unpacked size exceeds 1048576 bytes"));
    }

    [Test]
    public async Task Archive_with_too_many_entries_is_refused()
    {
        using var factory = new MarketApiFactory(new Dictionary<string, string?> { ["Market:Packages:MaxArchiveEntries"] = "20" });
        using var alice = factory.CreateUserClient("alice");
        var archive = ChartArchiveBuilder.Valid();
        for (var i = 0; i < 30; i++)
        {
            archive.File($"quillnote/templates/part{i}.yaml", "kind: ConfigMap\n");
        }

        var envelope = await (await alice.UploadAsync(archive.Build())).ReadEnvelopeAsync(HttpStatusCode.BadRequest);
        Assert.That(envelope.Message(), Is.EqualTo("chart archive: more than 20 entries"));
    }

    private static byte[] RandomBytes(int count)
    {
        var bytes = new byte[count];
        new Random(42).NextBytes(bytes);
        return bytes;
    }
}
