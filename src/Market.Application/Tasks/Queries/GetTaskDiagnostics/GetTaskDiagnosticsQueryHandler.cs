using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Market.Application.Apps.Operations;
using Market.Application.Common.Json;
using Market.Application.Common.Exceptions;
using Market.Application.Common.Interfaces;
using Market.Application.SystemStatus.Queries.GetSystemStatus;
using Market.Application.Tasks.Models;
using Market.Application.Tasks.Queries.GetTask;
using Market.Domain.Tasks;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Market.Application.Tasks.Queries.GetTaskDiagnostics;

/// <summary>
/// Writes the bundle: <c>task.json</c> (the task with its timeline and cause), <c>runtime.json</c> (the runtime's
/// answers), <c>app.json</c> (the manifest summary — env names, never values), <c>system-status.json</c> (as the
/// runtime reports it now), <c>market.json</c> (version and settings, secrets masked) and <c>logs.txt</c> (the lines of
/// the task's trace). Everything Market did not write itself passes the secret scrubber.
/// </summary>
public sealed class GetTaskDiagnosticsQueryHandler(IMarketDbContext db, ISender sender, ITaskLogSource logs, IMarketConfigurationView configuration, TimeProvider clock)
    : IQueryHandler<GetTaskDiagnosticsQuery, DiagnosticBundle>
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public async ValueTask<DiagnosticBundle> Handle(GetTaskDiagnosticsQuery query, CancellationToken cancellationToken)
    {
        var task = await db.AppTasks.AsNoTracking().FirstOrDefaultAsync(t => t.Id == query.TaskId && (query.IsAdmin || t.UserId == query.User), cancellationToken)
            ?? throw new NotFoundException(GetTaskQueryHandler.NotFoundMessage);
        var catalog = await db.CatalogApps.AsNoTracking()
            .FirstOrDefaultAsync(a => a.SourceId == task.SourceId && a.Name == task.RawAppName && (a.Owner == string.Empty || a.Owner == task.UserId), cancellationToken);
        var status = await sender.Send(new GetSystemStatusQuery(task.UserId), cancellationToken);
        var traceId = TraceIdOf(task.TraceParent);

        var files = new (string Name, string Text)[]
        {
            ("task.json", JsonSerializer.Serialize(TaskDto.From(task), Indented)),
            ("runtime.json", Scrub(new JsonObject
            {
                ["operation_id"] = task.OperationId,
                ["result"] = OperationResponder.ParseResult(task.ResultJson),
                ["backend_response"] = OperationResponder.ParseResult(task.BackendResponseJson),
                ["error"] = task.Error,
            })),
            ("app.json", Scrub(ManifestSummary(task, catalog?.EntryJson))),
            ("system-status.json", Scrub(status)),
            ("market.json", JsonSerializer.Serialize(new { version = configuration.Version, settings = configuration.MaskedSettings() }, Indented)),
            ("logs.txt", traceId is null ? "(the task carries no trace id)\n" : string.Join('\n', logs.LinesOf(traceId)) + "\n"),
        };

        return new DiagnosticBundle($"market-task-{task.Id}.tar.gz", Pack(files, clock.GetUtcNow()));
    }

    private static JsonObject ManifestSummary(AppTask task, string? entryJson)
    {
        JsonObject entry;
        try
        {
            entry = JsonNode.Parse(string.IsNullOrWhiteSpace(entryJson) ? "{}" : entryJson) as JsonObject ?? [];
        }
        catch (JsonException)
        {
            entry = [];
        }

        var summary = new JsonObject { ["app_name"] = task.AppName, ["chart"] = task.RawAppName, ["source"] = task.SourceId, ["version"] = task.Version };
        foreach (var key in new[] { "cfgType", "supportArch", "onlyAdmin", "requiredCpu", "requiredMemory", "requiredDisk", "requiredGpu", "accelerator" })
        {
            if (entry[key] is { } value)
            {
                summary[key] = value.DeepClone();
            }
        }

        summary["options"] = (JsonRead.Get(entry, "options") as JsonObject) is { } options
            ? new JsonObject { ["dependencies"] = options["dependencies"]?.DeepClone(), ["conflicts"] = options["conflicts"]?.DeepClone() }
            : null;

        // Env names and types only: defaults and values stay out of a bug report.
        summary["envs"] = new JsonArray((entry["envs"] as JsonArray)?.OfType<JsonObject>()
            .Select(e => (JsonNode)new JsonObject { ["envName"] = JsonRead.Str(e, "envName"), ["type"] = JsonRead.Str(e, "type"), ["required"] = JsonRead.Bool(e["required"]) })
            .ToArray() ?? []);
        return summary;
    }

    private static string Scrub(JsonNode node) => SecretScrubber.Scrub(node.ToJsonString(Indented)) ?? string.Empty;

    private static string? TraceIdOf(string? traceParent) =>
        traceParent?.Split('-') is [_, { Length: 32 } traceId, ..] ? traceId : null;

    private static byte[] Pack(IEnumerable<(string Name, string Text)> files, DateTimeOffset now)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var (name, text) in files)
            {
                var entry = new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(text)), ModificationTime = now };
                tar.WriteEntry(entry);
            }
        }

        return output.ToArray();
    }
}
