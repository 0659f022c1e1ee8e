using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Market.Application.Common.Interfaces;
using Market.Application.Common.Options;
using Market.Application.Common.Runtime;
using Market.Domain.Apps;
using Market.Infrastructure.Runtime.Olares.Wire;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using static Market.Domain.Common.JsonText;

namespace Market.Infrastructure.Runtime.Olares;

/// <summary>
/// Olares app-service over HTTP (original-tasks-payment-runtime §1.8, §2): the operation endpoints with
/// their headers and bodies, the response classification of the original client, and the state of an
/// operation by polling <c>GET /app-service/v1/all/apps</c>. Network trouble, timeouts and 5xx are
/// transient (<see cref="RuntimeUnavailableException"/>); any other refusal comes back verbatim.
/// With NATS on, an operation's state comes from app-service's announcements (ingested by any replica):
/// <see cref="GetStatusAsync"/> answers as soon as a newer announcement about the operation arrives and
/// polls app-service only when none came for <c>PollIntervalMs</c>.
/// </summary>
internal sealed partial class OlaresAppRuntime(
    HttpClient http,
    IHttpClientFactory clients,
    IOptions<RuntimeOptions> options,
    IOptions<NatsOptions> nats,
    IAppStateFeed feed,
    OlaresStateWatch watch,
    TimeProvider clock,
    ILogger<OlaresAppRuntime> logger) : IAppRuntime
{
    public const string SystemServerClient = "olares-system-server";

    /// <summary>With NATS on, <see cref="GetStatusAsync"/> itself waits for news (at most the poll interval), so the follower need not pause.</summary>
    public TimeSpan PollInterval => nats.Value.Enabled ? TimeSpan.Zero : ConfiguredPollInterval;

    private TimeSpan ConfiguredPollInterval => TimeSpan.FromMilliseconds(options.Value.Olares.PollIntervalMs);

    public async Task<RuntimeSubmission> SubmitAsync(RuntimeOperation operation, CancellationToken cancellationToken)
    {
        var (path, body, marketHeaders) = AppServiceRequests.For(operation, options.Value.Olares.RepoUrl);
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            // app-service expects the JSON content type even when there is no body
            Content = new StringContent(body?.ToJsonString() ?? string.Empty, Encoding.UTF8, "application/json"),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Accept.ParseAdd("*/*");
        request.Headers.Add("X-Bfl-User", operation.User);
        if (marketHeaders)
        {
            request.Headers.Add("X-Market-User", operation.User);
            if (operation.Source.Length > 0)
            {
                request.Headers.Add("X-Market-Source", operation.Source);
            }
        }

        var (status, text) = await SendAsync(request, cancellationToken);
        return AppServiceAnswers.Classify(operation.Type, status, text, clock.GetUtcNow());
    }

    /// <summary>
    /// app-service generates operation ids and has no idempotency key, so after a crash between submit
    /// and record we look at the app: busy with an operation of this type, or done with one that ended
    /// after our task started — that operation is ours.
    /// </summary>
    public async Task<string?> FindSubmittedAsync(RuntimeOperation operation, CancellationToken cancellationToken)
    {
        if ((await FindAppAsync(operation, cancellationToken))?.Status is not { } status)
        {
            return null;
        }

        var state = Normalize(operation.Type, status.State);
        var opType = status.OpType;
        var expectedType = operation.Type == OpType.Clone ? OpType.Install : operation.Type; // app-service installs a clone
        if (AppStates.FromWire(state) is not { } known || (opType.Length > 0 && opType != expectedType.ToWire()))
        {
            return null;
        }

        var opId = status.AnyOpId;
        var outcome = AppStateMachine.OutcomeOf(operation.Type, known);
        var ours = outcome == OperationOutcome.InProgress || IsAboutThisOperation(status, string.Empty, operation.StartedAt);
        return !ours ? null : opId.Length > 0 ? opId : AppServiceAnswers.SyntheticId(operation.Type, clock.GetUtcNow());
    }

    public async Task<RuntimeOperationStatus> GetStatusAsync(RuntimeOperation operation, string operationId, CancellationToken cancellationToken)
    {
        if (!nats.Value.Enabled)
        {
            return await PollStatusAsync(operation, operationId, cancellationToken);
        }

        var follow = watch.Follow(operation, clock.GetUtcNow());
        while (true)
        {
            var change = watch.NextChange(operation.User, operation.AppName);
            var report = await feed.LatestAsync(operation.User, operation.AppName, cancellationToken);
            if (report is not null && (follow.LastCreateTime is null || report.CreateTime > follow.LastCreateTime)
                && IsAboutThisOperation(report, operationId, operation.StartedAt))
            {
                follow.LastCreateTime = report.CreateTime;
                follow.LastNews = clock.GetUtcNow();
                return StatusOf(operation, report);
            }

            var pollAt = follow.LastNews + ConfiguredPollInterval;
            var now = clock.GetUtcNow();
            if (now >= pollAt)
            {
                // No announcement for a whole interval (NATS away, or a quiet stage): ask app-service.
                follow.LastNews = now;
                return await PollStatusAsync(operation, operationId, cancellationToken);
            }

            try
            {
                await change.WaitAsync(pollAt - now, clock, cancellationToken);
            }
            catch (TimeoutException)
            {
                // Nothing new within the interval: the next round polls.
            }
        }
    }

    private static RuntimeOperationStatus StatusOf(RuntimeOperation operation, AppStateReport report)
    {
        var outcome = OutcomeOf(operation.Type, report.State);
        return new RuntimeOperationStatus(report.State, report.Progress, report.Reason, report.Message, outcome, report.EntranceStates);
    }

    /// <summary>An announcement is about our operation when it names our id, or (without ids) was made after we started.</summary>
    private static bool IsAboutThisOperation(AppStateReport report, string operationId, DateTime startedAt) =>
        report.OpId.Length > 0 && operationId.Length > 0 && !operationId.StartsWith("olares-", StringComparison.Ordinal)
            ? report.OpId == operationId
            : report.CreateTime >= startedAt.AddSeconds(-2);

    private async Task<RuntimeOperationStatus> PollStatusAsync(RuntimeOperation operation, string operationId, CancellationToken cancellationToken)
    {
        if ((await FindAppAsync(operation, cancellationToken))?.Status is not { } status)
        {
            // Gone from app-service: that ends an uninstall (and a cancel); anything else has not shown up yet.
            return operation.Type switch
            {
                OpType.Uninstall => new RuntimeOperationStatus(AppState.Uninstalled.ToWire(), null, null, null, OperationOutcome.Completed),
                OpType.Cancel => new RuntimeOperationStatus(AppState.PendingCanceled.ToWire(), null, "canceled", null, OperationOutcome.Completed),
                OpType.Install or OpType.Clone or OpType.Upgrade or OpType.Stop or OpType.Resume or OpType.Rollback or OpType.Restart =>
                    new RuntimeOperationStatus(AppState.Pending.ToWire(), null, null, null, OperationOutcome.InProgress),
            };
        }

        var state = Normalize(operation.Type, status.State);
        var outcome = OutcomeOf(operation.Type, state);
        if (outcome != OperationOutcome.InProgress && !IsAboutThisOperation(status, operationId, operation.StartedAt))
        {
            outcome = OperationOutcome.InProgress; // still the state of the app before our operation began
        }

        return new RuntimeOperationStatus(state, status.Progress, status.Reason, status.Message, outcome, AppServiceWire.EntranceStates(status.EntranceStatuses));
    }

    /// <summary>Read from app-service's own view of the app: its state and its <c>entranceStatuses</c>.</summary>
    public async Task<AppHealth> GetHealthAsync(RuntimeOperation operation, CancellationToken cancellationToken)
    {
        if ((await FindAppAsync(operation, cancellationToken))?.Status is not { } status)
        {
            return AppHealth.Of(string.Empty, null);
        }

        return AppHealth.Of(Normalize(operation.Type, status.State), AppServiceWire.EntranceStates(status.EntranceStatuses));
    }

    public async Task<RuntimeCallResult> OpenAsync(string user, string appId, CancellationToken cancellationToken)
    {
        var baseUrl = options.Value.Olares.SystemServerUrl.Replace("{user}", user, StringComparison.Ordinal).TrimEnd('/');
        var body = new JsonObject { ["action"] = "view", ["category"] = "launcher", ["data"] = new JsonObject { ["appid"] = appId } };
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{baseUrl}/legacy/v1alpha1/api.intent/v1/server/intent/send")
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/json; charset=UTF-8");
        try
        {
            using var response = await clients.CreateClient(SystemServerClient).SendAsync(request, cancellationToken);
            return response.IsSuccessStatusCode ? new RuntimeCallResult(true) : new RuntimeCallResult(false, "Failed to open application");
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            LogOpenFailed(logger, ex.Message);
            return new RuntimeCallResult(false, "Failed to send request to system server");
        }
    }

    private async Task<(HttpStatusCode Status, string Body)> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            return (response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new RuntimeUnavailableException($"appservice: service unavailable: {ex.Message}", ex);
        }
    }

    private async Task<AppServiceApp?> FindAppAsync(RuntimeOperation operation, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "app-service/v1/all/apps");
        request.Headers.Accept.ParseAdd("*/*");
        var (status, text) = await SendAsync(request, cancellationToken);
        if (status != HttpStatusCode.OK)
        {
            throw new RuntimeUnavailableException($"appservice: all/apps answered HTTP {(int)status}");
        }

        try
        {
            return AppServiceWire.Apps(text).FirstOrDefault(a => a.Spec is { } spec && spec.Is(operation.AppName, operation.User));
        }
        catch (JsonException ex)
        {
            throw new RuntimeUnavailableException($"appservice: invalid response body: {ex.Message}", ex);
        }
    }

    /// <summary>app-service's word mapped to ours; a word this version does not know travels on as it is (the app's state machine refuses it).</summary>
    private static string Normalize(OpType opType, string state) => AppServiceStates.Normalize(opType, state)?.ToWire() ?? state;

    /// <summary>What a reported word means for the operation; an unknown word is no end (the operation goes on).</summary>
    private static OperationOutcome OutcomeOf(OpType opType, string state) =>
        AppStates.FromWire(state) is { } known ? AppStateMachine.OutcomeOf(opType, known) : OperationOutcome.InProgress;

    /// <summary>A final state belongs to our operation when it names our id, or (without ids) changed after we started.</summary>
    private static bool IsAboutThisOperation(AppServiceStatus status, string operationId, DateTime startedAt)
    {
        var reported = status.AnyOpId;
        if (reported.Length > 0 && operationId.Length > 0 && !operationId.StartsWith("olares-", StringComparison.Ordinal))
        {
            return reported == operationId;
        }

        var time = status.ChangedAt;
        return !DateTimeOffset.TryParse(time, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var changed)
            || changed.UtcDateTime >= startedAt.AddSeconds(-2);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Opening an app through system-server failed: {Error}")]
    private static partial void LogOpenFailed(ILogger logger, string error);
}
