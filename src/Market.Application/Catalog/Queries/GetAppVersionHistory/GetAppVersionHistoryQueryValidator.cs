using FluentValidation;

namespace Market.Application.Catalog.Queries.GetAppVersionHistory;

public sealed class GetAppVersionHistoryQueryValidator : AbstractValidator<GetAppVersionHistoryQuery>
{
    public GetAppVersionHistoryQueryValidator() =>
        RuleFor(q => q.AppName).Must(n => !string.IsNullOrWhiteSpace(n)).WithMessage("appName cannot be empty");
}
