using Market.Application.Common.Interfaces;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Market.Application.History.Queries.GetLogs;

public sealed class GetLogsQueryHandler(IMarketDbContext db) : IQueryHandler<GetLogsQuery, LogsPageDto>
{
    public async ValueTask<LogsPageDto> Handle(GetLogsQuery query, CancellationToken cancellationToken)
    {
        var start = string.IsNullOrEmpty(query.Start) ? 0 : int.Parse(query.Start);
        var size = string.IsNullOrEmpty(query.Size) ? 100 : int.Parse(query.Size);
        var startTime = string.IsNullOrEmpty(query.StartTime) ? 0 : long.Parse(query.StartTime);
        var endTime = string.IsNullOrEmpty(query.EndTime) ? 0 : long.Parse(query.EndTime);

        // Only ever the caller's own records.
        var records = db.HistoryRecords.AsNoTracking().Where(r => r.Account == query.User);
        if (!string.IsNullOrEmpty(query.Type))
        {
            records = records.Where(r => r.Type == query.Type);
        }

        if (!string.IsNullOrEmpty(query.App))
        {
            records = records.Where(r => r.App == query.App);
        }

        if (startTime > 0)
        {
            records = records.Where(r => r.Time >= startTime);
        }

        if (endTime > 0)
        {
            records = records.Where(r => r.Time <= endTime);
        }

        var total = await records.CountAsync(cancellationToken);
        var page = await records
            .OrderByDescending(r => r.Time)
            .ThenByDescending(r => r.Id)
            .Skip(start)
            .Take(size)
            .Select(r => new HistoryRecordDto(r.Id, r.Type, r.Message, r.Time, r.App, r.Account, r.Extended))
            .ToListAsync(cancellationToken);

        return new LogsPageDto(page, total, start, page.Count, size);
    }
}
