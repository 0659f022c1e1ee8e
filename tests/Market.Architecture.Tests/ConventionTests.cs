using System.Reflection;
using System.Runtime.CompilerServices;
using Market.Application.Common.Interfaces;
using Mediator;
using NetArchTest.Rules;

namespace Market.Architecture.Tests;

/// <summary>
/// The shapes that keep the core readable (kgrzybek's ArchTests are the model): what Infrastructure and the
/// API may see of the inner layers, and how requests and their handlers look.
/// </summary>
public sealed class ConventionTests
{
    private static readonly Assembly Application = typeof(IMarketDbContext).Assembly;
    private static readonly Assembly Infrastructure = typeof(Market.Infrastructure.DependencyInjection).Assembly;
    private static readonly Assembly Api = typeof(Market.Api.Controllers.ApiControllerBase).Assembly;

    [Test]
    public void Infrastructure_sees_the_application_only_through_common_ports_and_requests()
    {
        var hidden = Application.GetTypes()
            .Where(t => t.IsVisible && !t.IsNested && t.Namespace is { } ns && !IsOpenToInfrastructure(ns))
            .Select(t => t.FullName!)
            .ToArray();
        Assert.That(hidden, Is.Not.Empty, "the rule sees the application's helper namespaces");

        AssertNone(Types.InAssembly(Infrastructure).ShouldNot().HaveDependencyOnAny(hidden));
    }

    [Test]
    public void The_api_references_infrastructure_only_where_it_composes_the_host()
    {
        var composition = new[] { "Program", "Market.Api.DependencyInjection" };
        var result = Types.InAssembly(Api).That().HaveDependencyOn("Market.Infrastructure").GetTypes()
            .Select(t => t.FullName!)
            .Where(name => !composition.Any(c => name == c || name.StartsWith(c + "/", StringComparison.Ordinal) || name.StartsWith(c + "+", StringComparison.Ordinal)))
            .Where(name => !name.StartsWith('<')) // top-level statements' generated types belong to Program
            .ToList();
        Assert.That(result, Is.Empty, "only Program and DependencyInjection reference Market.Infrastructure");
    }

    [Test]
    public void Commands_and_queries_are_immutable()
    {
        var requests = Requests().ToList();
        Assert.That(requests, Has.Count.GreaterThan(30));
        foreach (var request in requests)
        {
            var mutable = request.GetProperties(BindingFlags.Instance | BindingFlags.Public)
                .Where(p => p.SetMethod is { IsPublic: true } setter && !IsInitOnly(setter))
                .Select(p => p.Name)
                .Concat(request.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
                    .Where(f => !f.IsInitOnly && f.GetCustomAttribute<CompilerGeneratedAttribute>() is null)
                    .Select(f => f.Name))
                .ToList();
            Assert.That(mutable, Is.Empty, $"{request.Name} is a message: it has no setters and no writable fields");
        }
    }

    [Test]
    public void Handlers_are_named_for_their_request()
    {
        var handlers = Application.GetTypes().Where(t => t is { IsClass: true, IsAbstract: false }).ToList();
        var checkedHandlers = 0;
        foreach (var handler in handlers)
        {
            foreach (var request in HandledRequests(handler))
            {
                checkedHandlers++;
                Assert.That(handler.Name, Is.EqualTo(request.Name + "Handler"), $"{handler.FullName} handles {request.Name}");
                Assert.That(handler.Namespace, Is.EqualTo(request.Namespace), $"{handler.Name} sits in its request's use-case folder");
            }
        }

        Assert.That(checkedHandlers, Is.GreaterThan(30));
    }

    private static bool IsOpenToInfrastructure(string ns)
    {
        var segments = ns.Split('.');
        return ns.StartsWith("Market.Application.Common", StringComparison.Ordinal)
            || segments.Contains("Commands") || segments.Contains("Queries")
            || segments[^1] == "Models"; // what the requests and ports answer
    }

    private static IEnumerable<Type> Requests() =>
        Application.GetTypes().Where(t => !t.IsAbstract && t.GetInterfaces().Any(i =>
            i == typeof(ICommand) || (i.IsGenericType && (i.GetGenericTypeDefinition() == typeof(ICommand<>) || i.GetGenericTypeDefinition() == typeof(IQuery<>)))));

    private static IEnumerable<Type> HandledRequests(Type handler) =>
        handler.GetInterfaces()
            .Where(i => i.IsGenericType && (i.GetGenericTypeDefinition() == typeof(ICommandHandler<>)
                || i.GetGenericTypeDefinition() == typeof(ICommandHandler<,>)
                || i.GetGenericTypeDefinition() == typeof(IQueryHandler<,>)))
            .Select(i => i.GetGenericArguments()[0]);

    private static bool IsInitOnly(MethodInfo setter) =>
        setter.ReturnParameter.GetRequiredCustomModifiers().Contains(typeof(IsExternalInit));

    private static void AssertNone(ConditionList conditions)
    {
        var result = conditions.GetResult();
        Assert.That(result.FailingTypeNames ?? [], Is.Empty);
    }
}
