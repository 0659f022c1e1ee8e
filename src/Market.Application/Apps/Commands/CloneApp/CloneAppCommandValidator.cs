using FluentValidation;

namespace Market.Application.Apps.Commands.CloneApp;

public sealed class CloneAppCommandValidator : AbstractValidator<CloneAppCommand>
{
    public const string MissingFields = "Missing required fields: source and app_name are required";

    public CloneAppCommandValidator()
    {
        ClassLevelCascadeMode = CascadeMode.Stop;
        RuleFor(c => c).Must(c => !string.IsNullOrEmpty(c.Source) && !string.IsNullOrEmpty(c.AppName)).WithMessage(MissingFields);
        RuleForEach(c => c.Envs).Must(e => e is not null && !string.IsNullOrWhiteSpace(e.EnvName)).WithMessage("envs: envName is required");
        RuleForEach(c => c.Entrances).Must(e => e is not null && !string.IsNullOrWhiteSpace(e.Name)).WithMessage("entrances: name is required");
        RuleFor(c => c.Title).MaximumLength(200).WithMessage("title: must be at most 200 characters");
    }
}
