using FluentValidation;

namespace Market.Application.Catalog.Queries.GetAppsInfo;

public sealed class GetAppsInfoQueryValidator : AbstractValidator<GetAppsInfoQuery>
{
    /// <summary>The client asks in batches of 10 or 20; the cap bounds the work one request can cause.</summary>
    public const int MaxApps = 200;

    public GetAppsInfoQueryValidator()
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(q => q.Apps)
            .Must(a => a is { Count: > 0 }).WithMessage("Apps array cannot be empty")
            .Must(a => a!.Count <= MaxApps).WithMessage($"Too many apps requested: at most {MaxApps} per request");
    }
}
