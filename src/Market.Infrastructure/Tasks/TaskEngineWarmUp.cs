using System.Net.Http.Json;
using System.Text.Json;
using Market.Application.Apps.Operations;
using Market.Application.Common.Interfaces;
using Market.Domain.Apps;
using Market.Domain.Tasks;
using Market.Infrastructure.Persistence;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Market.Infrastructure.Tasks;

/// <summary>
/// Right after start, walks the operation paths once without leaving a trace, so the first real
/// install does not pay for JIT and query compilation (a cold first call took well over a second):
/// the EF writes of an operation inside a transaction that is rolled back, and an install request
/// to this host that fails validation (routing, JSON binding, mediator, error envelope).
/// </summary>
internal sealed partial class TaskEngineWarmUp(
    IHostApplicationLifetime lifetime,
    IServiceScopeFactory scopes,
    IServer server,
    ILogger<TaskEngineWarmUp> logger) : IHostedService
{
    private const string WarmUpUser = "market-warmup";

    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() => _ = Task.Run(() => WarmUpAsync(lifetime.ApplicationStopping)));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task WarmUpAsync(CancellationToken cancellationToken)
    {
        try
        {
            await WarmUpStorageAsync(cancellationToken);
            await WarmUpHttpAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogWarmUpFailed(logger, ex.Message);
        }
    }

    private async Task WarmUpStorageAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
        var now = DateTime.UtcNow;
        await db.MarketSources.AsNoTracking().FirstOrDefaultAsync(s => s.Id == WarmUpUser, cancellationToken);
        await CatalogAppLookup.FindAsync(db, WarmUpUser, "upload", WarmUpUser, cancellationToken);
        await db.AppTasks.AsNoTracking().FirstOrDefaultAsync(t => t.UserId == WarmUpUser && t.IdempotencyKey == WarmUpUser, cancellationToken);
        await db.AppTasks.Where(t => t.UserId == WarmUpUser && t.AppName == WarmUpUser && (t.Status == TaskStatuses.Pending || t.Status == TaskStatuses.Running))
            .ToListAsync(cancellationToken);

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var app = UserApp.Create(WarmUpUser, "upload", WarmUpUser, WarmUpUser, WarmUpUser, now);
        app.BeginOperation(OpTypes.Install, now);
        var task = AppTask.Create(WarmUpUser, OpTypes.Install, WarmUpUser, "upload", WarmUpUser, TimeSpan.FromSeconds(1), now);
        db.UserApps.Add(app);
        db.AppTasks.Add(task);
        db.HistoryRecords.Add(Application.Tasks.Engine.TaskHistory.Started(task, now)!);
        await db.SaveChangesAsync(cancellationToken);
        task.Start(now);
        task.RecordOperation(WarmUpUser, "{}", now);
        app.ApplyRuntimeState(OpTypes.Install, AppStates.Downloading, "25", null, null, now);
        await db.SaveChangesAsync(cancellationToken);
        await db.UserApps.FirstOrDefaultAsync(a => a.UserId == WarmUpUser && a.AppName == WarmUpUser, cancellationToken);
        await transaction.RollbackAsync(cancellationToken);
        _ = JsonSerializer.Serialize(Application.Apps.Models.AppStateMapper.ToDto(app));
    }

    /// <summary>A request that fails validation exercises the whole HTTP path and changes nothing.</summary>
    private async Task WarmUpHttpAsync(CancellationToken cancellationToken)
    {
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        if (address is null || !Uri.TryCreate(address.Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal).Replace("[::]", "127.0.0.1", StringComparison.Ordinal), UriKind.Absolute, out var baseUri))
        {
            return; // in-memory test server: nothing listens
        }

        using var http = new HttpClient { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(10) };
        http.DefaultRequestHeaders.Add("X-Bfl-User", WarmUpUser);
        using var install = await http.PostAsJsonAsync("app-store/api/v2/apps/warmup/install", new { source = string.Empty, sync = true, envs = Array.Empty<object>() }, cancellationToken);
        using var task = await http.GetAsync("app-store/api/v2/tasks/warmup", cancellationToken);
        LogWarmedUp(logger, (int)install.StatusCode);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Operation paths warmed up ({Status})")]
    private static partial void LogWarmedUp(ILogger logger, int status);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Warm-up skipped: {Error}")]
    private static partial void LogWarmUpFailed(ILogger logger, string error);
}
