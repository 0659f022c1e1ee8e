using FluentValidation;
using Market.Domain.Tasks;

namespace Market.Application.Tasks.Queries.ListTasks;

public sealed class ListTasksQueryValidator : AbstractValidator<ListTasksQuery>
{
    public ListTasksQueryValidator()
    {
        RuleFor(q => q.Status)
            .Must(s => string.IsNullOrEmpty(s) || TaskStatuses.Wire.Names.Contains(s))
            .WithMessage($"Invalid status parameter (must be one of {string.Join(", ", TaskStatuses.Wire.Names)})");
        RuleFor(q => q.Limit)
            .Must(l => string.IsNullOrEmpty(l) || (int.TryParse(l, out var n) && n is >= 1 and <= 1000))
            .WithMessage("Invalid limit parameter (must be 1-1000)");
    }
}
