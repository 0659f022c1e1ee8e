using FluentValidation;
using Market.Domain.Sources;

namespace Market.Application.Sources.Commands.AddMarketSource;

public sealed class AddMarketSourceCommandValidator : AbstractValidator<AddMarketSourceCommand>
{
    public AddMarketSourceCommandValidator()
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        ClassLevelCascadeMode = CascadeMode.Stop;

        RuleFor(c => c.Id)
            .Must(id => !string.IsNullOrWhiteSpace(id)).WithMessage("Market source ID cannot be empty")
            .Matches("^[A-Za-z0-9][A-Za-z0-9._-]{0,49}$")
            .WithMessage("id: must be 1-50 characters of letters, digits, '.', '_' or '-'");
        RuleFor(c => c.Type)
            .Must(t => string.IsNullOrEmpty(t) || t == MarketSourceType.Remote)
            .WithMessage("Market source Type must be 'remote'");
        RuleFor(c => c.BaseUrl)
            .Must(u => !string.IsNullOrWhiteSpace(u)).WithMessage("base_url: source base URL cannot be empty")
            .Must(BeHttpUrl).WithMessage("base_url: must be an absolute http or https URL");
        RuleFor(c => c.Name).MaximumLength(50).WithMessage("name: must be at most 50 characters");
        RuleFor(c => c.Description).MaximumLength(1000).WithMessage("description: must be at most 1000 characters");
        RuleFor(c => c.DisplayName).MaximumLength(100).WithMessage("display_name: must be at most 100 characters");
        RuleFor(c => c.ShortLabel).MaximumLength(50).WithMessage("short_label: must be at most 50 characters");
        RuleFor(c => c.Icon)
            .Must(i => string.IsNullOrWhiteSpace(i) || (i.Length <= 2000 && BeHttpUrl(i.Trim())))
            .WithMessage("icon: must be an absolute http or https URL of at most 2000 characters");
    }

    private static bool BeHttpUrl(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && string.IsNullOrEmpty(uri.UserInfo);
}
