using FluentValidation;

namespace Market.Application.Apps.Queries.PreflightApp;

public sealed class PreflightAppQueryValidator : AbstractValidator<PreflightAppQuery>
{
    public const string MissingFields = "Missing required fields: source and app_name are required";

    public PreflightAppQueryValidator()
    {
        ClassLevelCascadeMode = CascadeMode.Stop;
        RuleFor(q => q).Must(q => !string.IsNullOrEmpty(q.Source) && !string.IsNullOrEmpty(q.AppName)).WithMessage(MissingFields);
        RuleForEach(q => q.Envs).Must(e => e is not null && !string.IsNullOrWhiteSpace(e.EnvName)).WithMessage("envs: envName is required");
    }
}
