using Microsoft.EntityFrameworkCore;
using Market.Testing.Seeds;
using System.Net;
using Market.Api.Tests.Infrastructure;
using Market.Domain.Apps;
using Market.Domain.Tasks;

namespace Market.Api.Tests.Packages;

/// <summary><c>GET /apps/{name}/package</c> and <c>DELETE /local-apps/delete</c>: owner-only, exact bytes, exact messages.</summary>
public sealed class PackageDownloadAndDeleteTests
{
    private MarketApiFactory _factory = null!;
    private HttpClient _alice = null!;
    private HttpClient _bob = null!;

    [OneTimeSetUp]
    public void Start()
    {
        _factory = new MarketApiFactory();
        _alice = _factory.CreateUserClient("alice");
        _bob = _factory.CreateUserClient("bob");
    }

    [OneTimeTearDown]
    public void Stop()
    {
        _alice.Dispose();
        _bob.Dispose();
        _factory.Dispose();
    }

    [Test]
    public async Task Download_returns_the_uploaded_bytes_as_an_attachment()
    {
        var archive = ChartArchiveBuilder.Valid("dlnote").Build();
        await (await _alice.UploadAsync(archive)).ReadEnvelopeAsync(HttpStatusCode.OK);

        var response = await _alice.GetAsync("/app-store/api/v2/apps/dlnote/package?source=upload&version=1.4.2");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/gzip"));
        Assert.That(response.Content.Headers.GetValues("Content-Disposition").Single(), Is.EqualTo("attachment; filename=\"dlnote-1.4.2.tgz\""));
        Assert.That(await response.Content.ReadAsByteArrayAsync(), Is.EqualTo(archive));
    }

    [Test]
    public async Task Another_user_can_neither_see_download_nor_delete_it()
    {
        await (await _alice.UploadAsync(ChartArchiveBuilder.Valid("privnote").Build())).ReadEnvelopeAsync(HttpStatusCode.OK);

        var download = await (await _bob.GetAsync("/app-store/api/v2/apps/privnote/package")).ReadEnvelopeAsync(HttpStatusCode.NotFound);
        Assert.That(download.Message(), Is.EqualTo("Chart not found"));

        var delete = await (await _bob.DeleteLocalAppAsync("""{"app_name":"privnote","app_version":"1.4.2"}""")).ReadEnvelopeAsync(HttpStatusCode.OK);
        Assert.That(delete["data"]!["deleted_rows"]!.GetValue<int>(), Is.Zero, "bob has nothing of that name to delete");
        Assert.That((await _factory.PackageRowsAsync("upload")).Count(p => p.Name == "privnote"), Is.EqualTo(1), "alice's package stays");

        var rows = (await _factory.CatalogRowsAsync("upload")).Where(r => r.Name == "privnote").ToList();
        Assert.That(rows.Select(r => r.Owner), Is.EqualTo(new[] { "alice" }), "bob's view of the source holds no row of alice's app");
    }

    [Test]
    public async Task Download_picks_the_highest_version_unless_one_is_named()
    {
        var older = ChartArchiveBuilder.Valid("vernote", "1.0.0", ChartArchiveBuilder.Manifest("vernote", "1.0.0")).Build();
        var newer = ChartArchiveBuilder.Valid("vernote", "1.10.0", ChartArchiveBuilder.Manifest("vernote", "1.10.0")).Build();
        await (await _alice.UploadAsync(older)).ReadEnvelopeAsync(HttpStatusCode.OK);
        await (await _alice.UploadAsync(newer)).ReadEnvelopeAsync(HttpStatusCode.OK);

        Assert.That(await _alice.GetByteArrayAsync("/app-store/api/v2/apps/vernote/package"), Is.EqualTo(newer));
        Assert.That(await _alice.GetByteArrayAsync("/app-store/api/v2/apps/vernote/package?version=1.0.0"), Is.EqualTo(older));

        var row = (await _factory.CatalogRowsAsync("upload")).Single(r => r.Name == "vernote");
        Assert.That(row.Version, Is.EqualTo("1.10.0"), "the catalog shows the highest version (1.10.0 > 1.0.0 although not as text)");
        var history = row.Entry()["versionHistory"]!.AsArray().Select(v => v!["version"]!.GetValue<string>());
        Assert.That(history, Is.EqualTo(new[] { "1.10.0", "1.0.0" }));
    }

    [Test]
    public async Task Delete_removes_every_version_and_the_users_row_and_answers_deleted_rows()
    {
        using var events = new EventRecorder(_factory);
        await (await _alice.UploadAsync(ChartArchiveBuilder.Valid("delnote", "1.0.0", ChartArchiveBuilder.Manifest("delnote", "1.0.0")).Build())).ReadEnvelopeAsync(HttpStatusCode.OK);
        await (await _alice.UploadAsync(ChartArchiveBuilder.Valid("delnote", "2.0.0", ChartArchiveBuilder.Manifest("delnote", "2.0.0")).Build())).ReadEnvelopeAsync(HttpStatusCode.OK);
        await _factory.WithDbAsync(async db =>
        {
            ((DbContext)db).SeedUserApp("alice", "upload", "delnote", AppStates.DownloadFailed, "2.0.0", appId: "x");
            await db.SaveChangesAsync(CancellationToken.None);
        });

        var envelope = await (await _alice.DeleteLocalAppAsync("""{"app_name":"delnote","app_version":"2.0.0","source":"upload"}""")).ReadEnvelopeAsync(HttpStatusCode.OK);

        Assert.That(envelope.Message(), Is.EqualTo("App deleted successfully from upload source"));
        var data = envelope["data"]!;
        Assert.That(data["app_name"]!.GetValue<string>(), Is.EqualTo("delnote"));
        Assert.That(data["app_version"]!.GetValue<string>(), Is.EqualTo("2.0.0"));
        Assert.That(data["user_id"]!.GetValue<string>(), Is.EqualTo("alice"));
        Assert.That(data["source"]!.GetValue<string>(), Is.EqualTo("upload"));
        Assert.That(data["deleted_at"]!.GetValue<long>(), Is.GreaterThan(1_700_000_000));
        Assert.That(data["deleted_rows"]!.GetValue<int>(), Is.EqualTo(3), "two versions and the downloadFailed row");

        var point = await events.WaitForPointAsync("local_app_delete");
        Assert.That(point.User, Is.EqualTo("alice"));
        Assert.That((await _factory.CatalogRowsAsync("upload")).Select(r => r.Name), Does.Not.Contain("delnote"), "every version goes, the app with them");
        Assert.That((await _factory.PackageRowsAsync("upload")).Select(r => r.Name), Does.Not.Contain("delnote"));
        (await _alice.GetAsync("/app-store/api/v2/apps/delnote/package?version=1.0.0")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var state = await (await _alice.GetAsync("/app-store/api/v2/market/state")).Content.ReadAsStringAsync();
        Assert.That(state, Does.Not.Contain("\"delnote\""), "the user's state row went with it");

        var again = await (await _alice.DeleteLocalAppAsync("""{"app_name":"delnote","app_version":"1.0.0"}""")).ReadEnvelopeAsync(HttpStatusCode.OK);
        Assert.That(again["data"]!["deleted_rows"]!.GetValue<int>(), Is.Zero, "nothing matched is still a success");
    }

    [Test]
    public async Task Delete_is_refused_while_an_install_of_the_app_runs()
    {
        await (await _alice.UploadAsync(ChartArchiveBuilder.Valid("busynote").Build())).ReadEnvelopeAsync(HttpStatusCode.OK);
        await _factory.WithDbAsync(async db =>
        {
            ((DbContext)db).SeedTask("task-busynote", "alice", OpType.Install, "busynote", "upload", AppTaskStatus.Running);
            await db.SaveChangesAsync(CancellationToken.None);
        });

        var envelope = await (await _alice.DeleteLocalAppAsync("""{"app_name":"busynote","app_version":"1.4.2"}""")).ReadEnvelopeAsync(HttpStatusCode.Conflict);

        Assert.That(envelope.Message(), Is.EqualTo("app (or its clone busynote) is still installing/running; please uninstall it first"));
        Assert.That((await _factory.PackageRowsAsync("upload")).Select(r => r.Name), Does.Contain("busynote"));

        await _factory.WithDbAsync(async db =>
        {
            var task = await db.AppTasks.FindAsync(["task-busynote"]);
            ((DbContext)db).SetTaskStatus(task!, AppTaskStatus.Completed);
            await db.SaveChangesAsync(CancellationToken.None);
        });
        await (await _alice.DeleteLocalAppAsync("""{"app_name":"busynote","app_version":"1.4.2"}""")).ReadEnvelopeAsync(HttpStatusCode.OK);
    }

    [Test]
    public async Task Delete_is_refused_while_the_app_is_installed()
    {
        await (await _alice.UploadAsync(ChartArchiveBuilder.Valid("usednote").Build())).ReadEnvelopeAsync(HttpStatusCode.OK);
        await _factory.WithDbAsync(async db =>
        {
            ((DbContext)db).SeedUserApp("alice", "upload", "usednote", AppStates.Running, "1.4.2", appId: "x");
            await db.SaveChangesAsync(CancellationToken.None);
        });

        var envelope = await (await _alice.DeleteLocalAppAsync("""{"app_name":"usednote","app_version":"1.4.2"}""")).ReadEnvelopeAsync(HttpStatusCode.BadRequest);

        Assert.That(envelope.Message(), Is.EqualTo("app (or its clone usednote) is still installing/running; please uninstall it first"));
        Assert.That((await _factory.PackageRowsAsync("upload")).Select(r => r.Name), Does.Contain("usednote"));
    }

    [TestCase("""{"app_version":"1.0.0"}""", "App name is required")]
    [TestCase("""{"app_name":"x"}""", "App version is required")]
    [TestCase("""{"app_name":""", "Invalid JSON format")]
    public async Task Delete_request_errors_use_the_originals_messages(string body, string expected)
    {
        var envelope = await (await _alice.DeleteLocalAppAsync(body)).ReadEnvelopeAsync(HttpStatusCode.BadRequest);

        Assert.That(envelope.Message(), Is.EqualTo(expected));
    }

    [Test]
    public async Task Delete_from_an_unknown_source_is_404()
    {
        var envelope = await (await _alice.DeleteLocalAppAsync("""{"app_name":"x","app_version":"1.0.0","source":"nowhere"}""")).ReadEnvelopeAsync(HttpStatusCode.NotFound);

        Assert.That(envelope.Message(), Is.EqualTo("Source 'nowhere' not found"));
    }
}

internal static class StatusAssertions
{
    public static void ShouldBe(this HttpStatusCode actual, HttpStatusCode expected) => Assert.That(actual, Is.EqualTo(expected));
}
