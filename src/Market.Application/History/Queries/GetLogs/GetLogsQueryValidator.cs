using FluentValidation;

namespace Market.Application.History.Queries.GetLogs;

public sealed class GetLogsQueryValidator : AbstractValidator<GetLogsQuery>
{
    public GetLogsQueryValidator()
    {
        RuleFor(q => q.Start)
            .Must(s => string.IsNullOrEmpty(s) || (int.TryParse(s, out var v) && v >= 0))
            .WithMessage("Invalid start parameter");
        RuleFor(q => q.Size)
            .Must(s => string.IsNullOrEmpty(s) || (int.TryParse(s, out var v) && v is >= 1 and <= 1000))
            .WithMessage("Invalid size parameter (must be 1-1000)");
        RuleFor(q => q.StartTime)
            .Must(s => string.IsNullOrEmpty(s) || long.TryParse(s, out _))
            .WithMessage("Invalid start_time parameter");
        RuleFor(q => q.EndTime)
            .Must(s => string.IsNullOrEmpty(s) || long.TryParse(s, out _))
            .WithMessage("Invalid end_time parameter");
    }
}
