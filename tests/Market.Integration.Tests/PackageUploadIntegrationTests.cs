using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Market.Application.Common.Interfaces;
using Market.Integration.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Market.Integration.Tests;

/// <summary>Upload → catalog row → download on PostgreSQL + Redis, across two replicas sharing the package volume.</summary>
public sealed class PackageUploadIntegrationTests
{
    [Test]
    public async Task Upload_on_one_replica_is_in_the_catalog_and_downloadable_on_the_other()
    {
        var (postgres, redis, prefix) = await MarketIntegrationFactory.CreateDeploymentAsync();
        var sharedPackages = Path.Combine(Path.GetTempPath(), "market-it-packages", Guid.NewGuid().ToString("N"));
        var settings = new Dictionary<string, string?> { ["Market:Packages:Path"] = sharedPackages };
        try
        {
            using var first = new MarketIntegrationFactory(postgres, redis, prefix, settings);
            using var second = new MarketIntegrationFactory(postgres, redis, prefix, settings);
            using var alice = first.CreateUserClient("alice");
            using var aliceOnSecond = second.CreateUserClient("alice");
            using var bobOnSecond = second.CreateUserClient("bob");

            var ready = new TaskCompletionSource<MarketEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
            using var subscription = second.Services.GetRequiredService<IMarketEventBus>().Subscribe(e =>
            {
                if (e.Payload["point"]?.GetValue<string>() == "new_app_ready")
                {
                    ready.TrySetResult(e);
                }

                return ValueTask.CompletedTask;
            });

            var archive = ChartArchiveBuilder.Valid().Build();
            using var form = new MultipartFormDataContent();
            var file = new ByteArrayContent(archive);
            file.Headers.ContentType = new MediaTypeHeaderValue("application/gzip");
            form.Add(file, "chart", "quillnote-1.4.2.tgz");
            var upload = await alice.PostAsync("/app-store/api/v2/apps/upload", form);
            var body = JsonNode.Parse(await upload.Content.ReadAsStringAsync())!;
            Assert.That(upload.StatusCode, Is.EqualTo(HttpStatusCode.OK), body.ToJsonString());
            Assert.That(body["data"]!["app_info"]!["name"]!.GetValue<string>(), Is.EqualTo("quillnote"));

            await using (var scope = second.Services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<IMarketDbContext>();
                var row = await db.CatalogApps.AsNoTracking().SingleAsync(a => a.SourceId == "upload" && a.Name == "quillnote");
                Assert.That(row.Owner, Is.EqualTo("alice"));
                Assert.That(row.AppId, Is.EqualTo("cd52e2e0"), "md5(quillnote)[:8], as in olares-manifest.md §7.A");
                var entry = JsonNode.Parse(row.EntryJson)!;
                Assert.That(entry["title"]!["zh-CN"]!.GetValue<string>(), Is.EqualTo("Quill 笔记"));
                Assert.That(entry["entrances"]![0]!["url"]!.GetValue<string>(), Is.EqualTo("cd52e2e0.alice.olares.local"));
            }

            var download = await aliceOnSecond.GetAsync("/app-store/api/v2/apps/quillnote/package?source=upload&version=1.4.2");
            Assert.That(download.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(await download.Content.ReadAsByteArrayAsync(), Is.EqualTo(archive));
            Assert.That((await bobOnSecond.GetAsync("/app-store/api/v2/apps/quillnote/package")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));

            var pushed = await ready.Task.WaitAsync(TimeSpan.FromSeconds(15));
            Assert.That(pushed.User, Is.EqualTo("alice"), "the event reaches the other replica through Redis");

            using var delete = new HttpRequestMessage(HttpMethod.Delete, "/app-store/api/v2/local-apps/delete")
            {
                Content = new StringContent("""{"app_name":"quillnote","app_version":"1.4.2"}""", System.Text.Encoding.UTF8, "application/json"),
            };
            var deleted = await aliceOnSecond.SendAsync(delete);
            Assert.That(deleted.StatusCode, Is.EqualTo(HttpStatusCode.OK), await deleted.Content.ReadAsStringAsync());
            Assert.That((await alice.GetAsync("/app-store/api/v2/apps/quillnote/package")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        }
        finally
        {
            await TestInfrastructure.DropDatabaseAsync(postgres);
            try
            {
                Directory.Delete(sharedPackages, recursive: true);
            }
            catch (IOException)
            {
                // Best effort.
            }
        }
    }

    [Test]
    public async Task Demo_catalog_is_imported_once_on_postgres()
    {
        var (postgres, redis, prefix) = await MarketIntegrationFactory.CreateDeploymentAsync();
        var settings = new Dictionary<string, string?> { ["Market:Demo:Enabled"] = "true" };
        try
        {
            using (var first = new MarketIntegrationFactory(postgres, redis, prefix, settings))
            {
                first.CreateClient().Dispose();
            }

            using var again = new MarketIntegrationFactory(postgres, redis, prefix, settings);
            again.CreateClient().Dispose();
            await using var scope = again.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<IMarketDbContext>();
            var rows = await db.CatalogApps.AsNoTracking().Where(a => a.SourceId == "demo").ToListAsync();
            Assert.That(rows, Has.Count.EqualTo(10));
            Assert.That(await db.AppPackages.CountAsync(p => p.SourceId == "demo"), Is.EqualTo(11));
            Assert.That(rows.All(r => r.Owner.Length == 0), Is.True);
        }
        finally
        {
            await TestInfrastructure.DropDatabaseAsync(postgres);
        }
    }
}
