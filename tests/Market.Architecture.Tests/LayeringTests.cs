using System.Reflection;
using Market.Api.Controllers;
using Market.Application.Common.Interfaces;
using Market.Domain.Apps;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using NetArchTest.Rules;

namespace Market.Architecture.Tests;

/// <summary>Dependencies point inward only (README, Architecture): domain ← application ← infrastructure, api.</summary>
public sealed class LayeringTests
{
    private static readonly Assembly Domain = typeof(UserApp).Assembly;
    private static readonly Assembly Application = typeof(IMarketDbContext).Assembly;
    private static readonly Assembly Api = typeof(ApiControllerBase).Assembly;

    [Test]
    public void The_domain_references_nothing_but_the_base_library()
    {
        var references = Domain.GetReferencedAssemblies().Select(a => a.Name!).Where(n => !IsBaseLibrary(n)).ToList();
        Assert.That(references, Is.Empty, "Market.Domain may use only the .NET base library");

        AssertNone(Types.InAssembly(Domain).ShouldNot().HaveDependencyOnAny(
            "Market.Application", "Market.Infrastructure", "Market.Api", "Microsoft.EntityFrameworkCore", "Microsoft.AspNetCore", "Microsoft.Extensions"));
    }

    [Test]
    public void The_application_knows_neither_infrastructure_nor_the_api()
    {
        AssertNone(Types.InAssembly(Application).ShouldNot().HaveDependencyOnAny("Market.Infrastructure", "Market.Api", "Microsoft.AspNetCore"));
        Assert.That(Application.GetReferencedAssemblies().Select(a => a.Name), Has.None.StartsWith("Microsoft.AspNetCore"));
    }

    [Test]
    public void Controllers_only_dispatch_through_the_mediator()
    {
        AssertNone(Types.InAssembly(Api).That().Inherit(typeof(ControllerBase)).ShouldNot().HaveDependencyOnAny(
            "Market.Infrastructure", "Microsoft.EntityFrameworkCore", "Market.Domain", typeof(IMarketDbContext).FullName!, "Market.Application.Common.Interfaces.IAppRuntime"));

        var controllers = Api.GetTypes().Where(t => t.IsSubclassOf(typeof(ControllerBase)) && !t.IsAbstract).ToList();
        Assert.That(controllers, Is.Not.Empty);
        foreach (var controller in controllers)
        {
            var dependencies = controller.GetConstructors().SelectMany(c => c.GetParameters()).Select(p => p.ParameterType).ToList();
            Assert.That(dependencies, Is.SubsetOf(new[] { typeof(ISender), typeof(ICurrentUser) }), $"{controller.Name} takes only the mediator and the caller");
        }
    }

    private static bool IsBaseLibrary(string name) => name is "System.Runtime" or "netstandard" or "mscorlib" || name.StartsWith("System.", StringComparison.Ordinal);

    private static void AssertNone(ConditionList conditions)
    {
        var result = conditions.GetResult();
        Assert.That(result.FailingTypeNames ?? [], Is.Empty);
    }
}
