using Market.Application.Common.Options;
using System.Security.Cryptography;
using System.Text.Json;
using Market.Application.Apps.Commands.InstallApp;
using Market.Application.Apps.Models;
using Market.Application.Common.Exceptions;
using Market.Application.Common.Interfaces;
using Market.Application.Preinstall.Commands.ClaimPreinstallDecision;
using Market.Domain.Apps;
using Market.Domain.Preinstall;
using Market.Domain.Sources;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Market.Application.Preinstall.Commands.RunPreinstall;

/// <summary>
/// Installs what the preinstall declarations ask for, once (ADR 0014). Each (file, app, account) gets one
/// <see cref="PreinstallDecision"/> row, claimed before anything is sent, so a restart or a second replica
/// finds the decision instead of installing again. Installs go through the install use case
/// (<see cref="InstallAppCommand"/>, with an idempotency key) like a user's; a local chart is first imported
/// into the <c>upload</c> source as a package of nobody, as the demo catalog is.
/// </summary>
public sealed partial class RunPreinstallCommandHandler(
    IMarketDbContext db,
    IPreinstallFolder folder,
    PreinstallAccounts accounts,
    LocalChartImport charts,
    ISender sender,
    IScopedSender steps,
    IHistoryService history,
    TimeProvider clock,
    ILogger<RunPreinstallCommandHandler> logger) : ICommandHandler<RunPreinstallCommand, int>
{
    public const string HistoryType = "SYSTEM_PREINSTALL";

    public async ValueTask<int> Handle(RunPreinstallCommand command, CancellationToken cancellationToken)
    {
        var decided = 0;
        foreach (var file in folder.ListDeclarations().Where(f => PreinstallDeclaration.TrunkOf(f) is not null).Order(StringComparer.Ordinal))
        {
            var known = await db.PreinstallDecisions.Where(d => d.Declaration == file).ToListAsync(cancellationToken);
            if (known.Any(d => d.AppName.Length == 0))
            {
                continue; // refused once: files are written once and never rewritten
            }

            var declaration = await ValidateAsync(file, cancellationToken);
            if (declaration is null)
            {
                decided++;
                continue;
            }

            foreach (var app in declaration.Apps)
            {
                foreach (var account in await accounts.ForAsync(app, cancellationToken))
                {
                    if (known.FirstOrDefault(d => d.AppName == app.AppName && d.Account == account) is { IsFinal: true })
                    {
                        continue;
                    }

                    decided += await DecideAsync(file, app, account, cancellationToken) ? 1 : 0;
                }
            }
        }

        return decided;
    }

    /// <summary>The declaration, or null after recording why the whole file is refused (Market keeps running).</summary>
    private async Task<PreinstallDeclaration?> ValidateAsync(string file, CancellationToken cancellationToken)
    {
        var (size, content) = await folder.ReadDeclarationAsync(file, PreinstallDeclaration.MaxBytes, cancellationToken);
        List<string> errors = [$"file is {size} bytes, more than the {PreinstallDeclaration.MaxBytes} allowed"];
        var declaration = content is null ? null : PreinstallDeclaration.Parse(file, content, out errors);
        if (declaration is not null)
        {
            errors.AddRange(await charts.CheckChecksumsAsync(declaration, cancellationToken));
        }

        if (errors.Count == 0)
        {
            return declaration;
        }

        var reason = string.Join("; ", errors.Take(10));
        LogRefused(logger, file, reason);
        var refusal = new PreinstallDecision(file, string.Empty, string.Empty, clock.GetUtcNow().UtcDateTime);
        refusal.Decide(PreinstallDecision.Refused, reason, clock.GetUtcNow().UtcDateTime);
        if (await TryClaimAsync(refusal, cancellationToken))
        {
            await RecordAsync(file, "*", "system", $"preinstall declaration {file} refused: {reason}", cancellationToken);
        }

        return null;
    }

    /// <summary>Decides one app for one account; false when another replica holds the decision.</summary>
    private async Task<bool> DecideAsync(string file, PreinstallApp app, string account, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var decision = await db.PreinstallDecisions.FirstOrDefaultAsync(d => d.Declaration == file && d.AppName == app.AppName && d.Account == account, cancellationToken);
        if (decision is null)
        {
            if (!await TryClaimAsync(new PreinstallDecision(file, app.AppName, account, now), cancellationToken))
            {
                return false;
            }

            decision = await db.PreinstallDecisions.FirstAsync(d => d.Declaration == file && d.AppName == app.AppName && d.Account == account, cancellationToken);
        }
        else if (decision.IsFinal)
        {
            return false;
        }

        var existing = await db.UserApps.AsNoTracking().FirstOrDefaultAsync(a => a.UserId == account && a.AppName == app.AppName, cancellationToken);
        if (existing is not null && existing.IsInstalled)
        {
            return await FinishAsync(decision, PreinstallDecision.Skipped, $"{app.AppName} is already installed", null, cancellationToken);
        }

        if (existing is { State: AppState.Uninstalled })
        {
            return await FinishAsync(decision, PreinstallDecision.Skipped, $"{app.AppName} was uninstalled: opted out", null, cancellationToken);
        }

        var target = app.IsLocal ? await charts.ImportAsync(app, cancellationToken) : await OfficialVersionAsync(app, cancellationToken);
        if (target.Failure is { } failure)
        {
            return await FinishAsync(decision, PreinstallDecision.Refused, failure, null, cancellationToken);
        }

        if (target.Version is null)
        {
            return await WaitAsync(decision, $"{app.AppName} is not in the official catalog yet", cancellationToken);
        }

        try
        {
            var envs = app.Envs.Select(e => new EnvVarDto { EnvName = e.Key, Value = e.Value }).ToList();
            var answer = await sender.Send(
                new InstallAppCommand(account, target.Source, app.AppName, target.Version, false, envs, $"preinstall:{file}:{app.AppName}", app.SelectedGpuType),
                cancellationToken);
            return await FinishAsync(decision, PreinstallDecision.Installed, $"install of {app.AppName} {target.Version} from {target.Source} submitted", TaskIdOf(answer), cancellationToken);
        }
        catch (ConflictException ex)
        {
            return await FinishAsync(decision, PreinstallDecision.Skipped, ex.Message, null, cancellationToken);
        }
        catch (MarketException ex)
        {
            return await WaitAsync(decision, ex.Message, cancellationToken);
        }
    }

    /// <summary>A catalog entry installs whatever the official catalog serves for it, once it has it.</summary>
    private async Task<ChartTarget> OfficialVersionAsync(PreinstallApp app, CancellationToken cancellationToken)
    {
        var version = await db.CatalogApps.AsNoTracking()
            .Where(c => c.SourceId == MarketSource.OfficialId && c.Owner == string.Empty && c.Name == app.AppName && !c.IsDelisted)
            .Select(c => c.Version)
            .FirstOrDefaultAsync(cancellationToken);
        return new ChartTarget(MarketSource.OfficialId, string.IsNullOrEmpty(version) ? null : version, null);
    }

    /// <summary>Claims the decision in a step of its own (<see cref="IScopedSender"/>); false when another replica holds it.</summary>
    private async Task<bool> TryClaimAsync(PreinstallDecision decision, CancellationToken cancellationToken) =>
        await steps.SendAsync(new ClaimPreinstallDecisionCommand(decision), cancellationToken);

    private async Task<bool> FinishAsync(PreinstallDecision decision, string outcome, string reason, string? taskId, CancellationToken cancellationToken)
    {
        decision.Decide(outcome, reason, clock.GetUtcNow().UtcDateTime, taskId);
        await db.SaveChangesAsync(cancellationToken);
        LogDecided(logger, decision.AppName, decision.Account, outcome, reason);
        await RecordAsync(decision.Declaration, decision.AppName, decision.Account, $"preinstall {decision.AppName}: {outcome} ({reason})", cancellationToken);
        return true;
    }

    private async Task<bool> WaitAsync(PreinstallDecision decision, string reason, CancellationToken cancellationToken)
    {
        var first = decision.Attempts == 0;
        decision.Wait(reason, clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(cancellationToken);
        if (first)
        {
            await RecordAsync(decision.Declaration, decision.AppName, decision.Account, $"preinstall {decision.AppName}: waiting ({reason})", cancellationToken);
        }

        return false;
    }

    private Task RecordAsync(string file, string app, string account, string message, CancellationToken cancellationToken) =>
        history.RecordAsync(new HistoryEntry(HistoryType, message, app, account.Length == 0 ? "system" : account,
            JsonSerializer.Serialize(new Dictionary<string, string> { ["declaration"] = file })), cancellationToken);

    private static string? TaskIdOf(OperationAnswer answer) =>
        JsonSerializer.SerializeToNode(answer.Data) is System.Text.Json.Nodes.JsonObject data && data["task_id"] is { } id ? id.ToString() : null;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Preinstall declaration {File} refused: {Reason}")]
    private static partial void LogRefused(ILogger logger, string file, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Preinstall of {App} for '{Account}': {Outcome} ({Reason})")]
    private static partial void LogDecided(ILogger logger, string app, string account, string outcome, string reason);
}

/// <summary>Where an app installs from: a source and version, none yet (waiting), or why it never will.</summary>
public sealed record ChartTarget(string Source, string? Version, string? Failure);
