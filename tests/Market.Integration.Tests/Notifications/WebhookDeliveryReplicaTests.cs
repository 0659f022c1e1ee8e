using System.Net;
using System.Text.Json.Nodes;
using Market.Application.Common.Interfaces;
using Market.Application.Notifications;
using Market.Domain.Notifications;
using Market.Integration.Tests.Infrastructure;
using Market.Testing.Fakes;
using Market.Testing.Waiting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Market.Integration.Tests.Notifications;

/// <summary>
/// Two replicas drain one webhook outbox on PostgreSQL: every row is claimed under a lease, so the receiver gets
/// each delivery exactly once, also the ones that waited while it was down.
/// </summary>
[NonParallelizable]
public sealed class WebhookDeliveryReplicaTests
{
    private const int Events = 40;
    private const string Secret = "a-long-webhook-secret-0123456789";

    [Test]
    public async Task Two_replicas_deliver_every_outbox_row_once()
    {
        await using var deployment = await Deployment.CreateAsync();
        await using var receiver = await FakeWebhookReceiver.StartAsync();
        var settings = new Dictionary<string, string?>
        {
            ["Market:Notifications:AllowPrivateNetworks"] = "true",
            ["Market:Notifications:RetryBaseSeconds"] = "0.2",
            ["Market:Notifications:MaxDelaySeconds"] = "1",
            ["Market:Notifications:MaxAttempts"] = "50",
        };
        using var first = deployment.StartReplica(settings);
        using var second = deployment.StartReplica(settings);
        _ = second.Services; // both hosts run their delivery service

        var client = first.CreateClient();
        client.DefaultRequestHeaders.Add("X-Bfl-User", "alice");
        var subscribe = new JsonObject { ["url"] = receiver.Url, ["events"] = new JsonArray("operation_failed"), ["secret"] = Secret };
        var created = await client.PostAsync($"{Http.Prefix}/settings/notifications", Http.Json(subscribe.ToJsonString()));
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.OK));

        // The receiver is down while the rows are written: both replicas retry them, then it comes back.
        receiver.Available = false;
        await using (var scope = first.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<IMarketDbContext>();
            for (var i = 0; i < Events; i++)
            {
                var data = new Dictionary<string, object?> { ["task_id"] = $"task-{i}", ["app"] = "ledger", ["status"] = "failed" };
                await NotificationOutbox.EnqueueAsync(db, "alice", NotificationEvents.OperationFailed, data, DateTime.UtcNow, CancellationToken.None);
            }

            await db.SaveChangesAsync(CancellationToken.None);
        }

        await Eventually.HoldsAsync(() => Task.FromResult(receiver.All.Count >= Events * 2), "every row tried while the receiver is down");
        receiver.Available = true;
        await Eventually.HoldsAsync(async () => await PendingAsync(first) == 0, "every row delivered", TimeSpan.FromSeconds(60));

        var ids = receiver.Accepted.Select(r => JsonNode.Parse(r.Body)!["data"]!["task_id"]!.GetValue<string>()).ToList();
        Assert.That(ids, Has.Count.EqualTo(Events), "one accepted post per row");
        Assert.That(ids.Distinct().Count(), Is.EqualTo(Events), "no row posted twice");
        Assert.That(receiver.Accepted.All(r => r.SignedWith(Secret)), Is.True);
    }

    private static async Task<int> PendingAsync(MarketIntegrationFactory host)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IMarketDbContext>();
        return await db.NotificationDeliveries.CountAsync(d => d.State != NotificationDelivery.Delivered);
    }
}
