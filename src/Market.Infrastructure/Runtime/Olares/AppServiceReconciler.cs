using Market.Application.Common.Interfaces;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Market.Application.Apps.Commands.ReconcileAppStates;
using Market.Infrastructure.Nats;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using static Market.Domain.Common.JsonText;

namespace Market.Infrastructure.Runtime.Olares;

/// <summary>
/// After the NATS connection opens — at start and after every reconnect — reads app-service's
/// <c>GET /app-service/v1/all/apps</c> and corrects the stored states (original-data-and-sync §10.4), so
/// announcements missed while away leave nothing wrong. Retried with backoff until app-service answers; a
/// newer reconnect replaces a round still retrying.
/// </summary>
internal sealed partial class AppServiceReconciler(
    NatsConnectionHolder holder,
    NatsPublishBuffer publisher,
    IHttpClientFactory clients,
    IServiceScopeFactory scopes,
    IDatabaseStartup database,
    TimeProvider clock,
    ILogger<AppServiceReconciler> logger) : IHostedService, IDisposable
{
    public const string Client = "olares-app-service-reconcile";
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(30);

    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();
    private CancellationTokenSource? _round;
    private Task _running = Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        holder.Opened += OnOpenedAsync;
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        holder.Opened -= OnOpenedAsync;
        if (!_stopping.IsCancellationRequested)
        {
            await _stopping.CancelAsync();
        }

        await _running.ContinueWith(_ => { }, TaskScheduler.Default);
    }

    public void Dispose()
    {
        _stopping.Dispose();
        _round?.Dispose();
    }

    private Task OnOpenedAsync(bool reconnect)
    {
        lock (_gate)
        {
            if (_stopping.IsCancellationRequested)
            {
                return Task.CompletedTask;
            }

            _round?.Cancel();
            _round?.Dispose();
            _round = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
            var token = _round.Token;
            _running = Task.Run(() => RoundAsync(token), CancellationToken.None);
        }

        return Task.CompletedTask;
    }

    private async Task RoundAsync(CancellationToken cancellationToken)
    {
        if (!await database.WaitAsync(cancellationToken))
        {
            return; // stopped before the database was ready (ADR 0023)
        }

        var delay = TimeSpan.FromSeconds(1);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var listedAt = clock.GetUtcNow().UtcDateTime;
                var apps = await FetchAsync(cancellationToken);
                await using var scope = scopes.CreateAsyncScope();
                var corrected = await scope.ServiceProvider.GetRequiredService<ISender>().Send(new ReconcileAppStatesCommand(apps, listedAt), cancellationToken);
                LogReconciled(logger, apps.Count, corrected);
                publisher.RefreshAfterReconcile(); // what changed while NATS was away goes out once more, as it now stands
                return;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is HttpRequestException or JsonException or TaskCanceledException or InvalidOperationException)
            {
                LogRetry(logger, ex.Message, delay.TotalSeconds);
                await Task.Delay(delay, cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxRetryDelay.Ticks));
            }
        }
    }

    private async Task<IReadOnlyList<RuntimeAppEntry>> FetchAsync(CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "app-service/v1/all/apps");
        request.Headers.Accept.ParseAdd("*/*");
        using var response = await clients.CreateClient(Client).SendAsync(request, cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new HttpRequestException($"app-service all/apps answered HTTP {(int)response.StatusCode}");
        }

        var apps = new List<RuntimeAppEntry>();
        foreach (var app in AppServiceWire.Apps(await response.Content.ReadAsStringAsync(cancellationToken)))
        {
            if (app.Spec is not { IsSysApp: false } spec)
            {
                continue;
            }

            apps.Add(new RuntimeAppEntry(spec.Owner, spec.Name, app.Status?.OpType ?? string.Empty, app.Status?.State ?? string.Empty,
                AppServiceWire.EntranceStates(app.Status?.EntranceStatuses)));
        }

        return apps;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Reconciled with app-service: {Listed} apps listed, {Corrected} corrected")]
    private static partial void LogReconciled(ILogger logger, int listed, int corrected);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reconcile with app-service failed ({Error}); retrying in {DelaySeconds} s")]
    private static partial void LogRetry(ILogger logger, string error, double delaySeconds);
}
