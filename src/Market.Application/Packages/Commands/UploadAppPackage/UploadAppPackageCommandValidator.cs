using FluentValidation;

namespace Market.Application.Packages.Commands.UploadAppPackage;

public sealed class UploadAppPackageCommandValidator : AbstractValidator<UploadAppPackageCommand>
{
    public UploadAppPackageCommandValidator()
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        ClassLevelCascadeMode = CascadeMode.Stop;

        RuleFor(c => c.FileName)
            .Must(f => f.EndsWith(".tgz", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".tar.gz", StringComparison.OrdinalIgnoreCase))
            .WithMessage("Invalid file format (must be .tgz or .tar.gz)");
        RuleFor(c => c.Source)
            .Matches("^[A-Za-z0-9][A-Za-z0-9._-]{0,49}$").When(c => !string.IsNullOrEmpty(c.Source))
            .WithMessage("source: must be the id of a local market source");
    }
}
