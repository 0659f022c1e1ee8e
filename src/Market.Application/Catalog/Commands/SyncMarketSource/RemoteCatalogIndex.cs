using System.Text.Json.Nodes;
using Market.Domain.Sources;

namespace Market.Application.Catalog.Commands.SyncMarketSource;

/// <summary>
/// What one sync cycle learnt of a source before asking for details, whichever protocol it speaks: the mark
/// stored as the snapshot's hash (equal next cycle = nothing changed), the apps listed with their summary
/// digests, the curated content, and how the source names itself.
/// </summary>
/// <param name="Protocol"><c>v1</c> or <c>v2</c>.</param>
/// <param name="Listed">v2 only: each app's listing item, whose catalog-only fields complete the v1 detail entry.</param>
/// <param name="RefetchAllWhenNoSummaryMoved">
/// v1 summaries may not show a label or price change, so a moved hash with no moved summary refetches every
/// detail; a v2 item carries its own <c>last_modify_time</c>, so it needs no such guess.
/// </param>
public sealed record RemoteCatalogIndex(
    string Protocol,
    string Hash,
    string Version,
    DateTime? LastUpdated,
    IReadOnlyDictionary<string, RemoteSummary> Summaries,
    byte[] Others,
    SourceLabels Labels,
    IReadOnlyDictionary<string, JsonObject> Listed,
    bool RefetchAllWhenNoSummaryMoved);
