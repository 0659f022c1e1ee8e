using Market.Application.Sources.Commands.AddMarketSource;

namespace Market.Application.Tests.Sources;

public sealed class AddMarketSourceCommandValidatorTests
{
    private readonly AddMarketSourceCommandValidator _validator = new();

    [TestCase(null, "Market source ID cannot be empty")]
    [TestCase("   ", "Market source ID cannot be empty")]
    [TestCase("has space", "id: must be 1-50 characters of letters, digits, '.', '_' or '-'")]
    [TestCase(".dot-first", "id: must be 1-50 characters of letters, digits, '.', '_' or '-'")]
    public void Id_rules(string? id, string message) =>
        Assert.That(FirstError(new AddMarketSourceCommand(id, "n", null, "https://a.example", null)), Is.EqualTo(message));

    [TestCase("local")]
    [TestCase("Remote")]
    public void Only_remote_sources_can_be_added(string type) =>
        Assert.That(FirstError(new AddMarketSourceCommand("market.a", "n", type, "https://a.example", null)),
            Is.EqualTo("Market source Type must be 'remote'"));

    [TestCase(null, "base_url: source base URL cannot be empty")]
    [TestCase("", "base_url: source base URL cannot be empty")]
    [TestCase("ftp://a.example", "base_url: must be an absolute http or https URL")]
    [TestCase("file:///etc", "base_url: must be an absolute http or https URL")]
    [TestCase("a.example/market", "base_url: must be an absolute http or https URL")]
    [TestCase("https://user:secret@a.example", "base_url: must be an absolute http or https URL")]
    public void Base_url_rules(string? url, string message) =>
        Assert.That(FirstError(new AddMarketSourceCommand("market.a", "n", "remote", url, null)), Is.EqualTo(message));

    [Test]
    public void Long_name_and_description_are_refused_by_field()
    {
        Assert.That(FirstError(new AddMarketSourceCommand("market.a", new string('n', 51), null, "https://a.example", null)),
            Is.EqualTo("name: must be at most 50 characters"));
        Assert.That(FirstError(new AddMarketSourceCommand("market.a", "n", null, "https://a.example", new string('d', 1001))),
            Is.EqualTo("description: must be at most 1000 characters"));
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("remote")]
    public void A_well_formed_remote_source_is_valid(string? type) =>
        Assert.That(_validator.Validate(new AddMarketSourceCommand("market.a", "A", type, "http://a.example:8080/market", "d")).IsValid, Is.True);

    private string? FirstError(AddMarketSourceCommand command) => _validator.Validate(command).Errors.FirstOrDefault()?.ErrorMessage;
}
