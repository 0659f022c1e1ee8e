using System.Net;
using System.Net.Sockets;
using Market.Api.Tests.Infrastructure;
using Market.Application.Common.Exceptions;
using Market.Application.Common.Interfaces;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Moq;
using Npgsql;
using StackExchange.Redis;

namespace Market.Api.Tests.Hostile;

/// <summary>A database or Redis outage, however it is wrapped, is a 503 envelope with Retry-After; a real bug stays a 500.</summary>
public sealed class OutageAnswerTests
{
    private MarketApiFactory _factory = null!;

    [OneTimeSetUp]
    public void Start() => _factory = new MarketApiFactory();

    [OneTimeTearDown]
    public void Stop() => _factory.Dispose();

    public static IEnumerable<TestCaseData> Outages()
    {
        var refused = new NpgsqlException("Failed to connect to 127.0.0.1:5432", new SocketException((int)SocketError.ConnectionRefused));
        yield return new TestCaseData(refused).SetName("connection refused");
        yield return new TestCaseData(new PostgresException("terminating connection due to administrator command", "FATAL", "FATAL", "57P01")).SetName("admin shutdown 57P01");
        yield return new TestCaseData(new PostgresException("the database system is starting up", "FATAL", "FATAL", "57P03")).SetName("starting up 57P03");
        yield return new TestCaseData(new PostgresException("connection failure", "FATAL", "FATAL", "08006")).SetName("connection failure 08006");
        yield return new TestCaseData(new NpgsqlException("Exception while reading from stream", new IOException("reset"))).SetName("read cut off");
        yield return new TestCaseData(new RetryLimitExceededException("retries exhausted", refused)).SetName("retries exhausted");
        yield return new TestCaseData(new DbUpdateException("save failed", refused)).SetName("wrapped by EF");
        yield return new TestCaseData(new InternalServerException("Failed to retrieve market data", refused)).SetName("wrapped by a handler");
        yield return new TestCaseData(new AggregateException(new InvalidOperationException("x"), refused)).SetName("inside an aggregate");
        yield return new TestCaseData(new RedisConnectionException(ConnectionFailureType.UnableToConnect, CommandFlags.None, "No connection is available", null, CommandStatus.Unknown)).SetName("redis unreachable");
        yield return new TestCaseData(new RedisTimeoutException(CommandFlags.None, "Timeout performing GET", CommandStatus.Unknown)).SetName("redis timeout");
    }

    [TestCaseSource(nameof(Outages))]
    public async Task An_outage_is_a_503_envelope_with_retry_after(Exception outage)
    {
        using var client = ClientWhoseDatabaseThrows(outage);

        var response = await client.GetAsync(HttpExtensions.Prefix + "/settings/market-settings");

        var envelope = await response.ReadEnvelopeAsync(HttpStatusCode.ServiceUnavailable);
        Assert.That(envelope.Message(), Is.EqualTo("Service temporarily unavailable"));
        Assert.That(response.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromSeconds(2)));
    }

    [Test]
    public async Task A_constraint_violation_is_not_an_outage()
    {
        using var client = ClientWhoseDatabaseThrows(new PostgresException("duplicate key value violates unique constraint", "ERROR", "ERROR", "23505"));

        var response = await client.GetAsync(HttpExtensions.Prefix + "/settings/market-settings");

        await response.ReadEnvelopeAsync(HttpStatusCode.InternalServerError);
        Assert.That(response.Headers.RetryAfter, Is.Null);
    }

    private HttpClient ClientWhoseDatabaseThrows(Exception exception)
    {
        var db = new Mock<IMarketDbContext>();
        db.SetupGet(d => d.UserSettings).Throws(exception);
        var broken = _factory.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddScoped(_ => db.Object)));
        var client = broken.CreateClient();
        client.DefaultRequestHeaders.Add("X-Bfl-User", "alice");
        return client;
    }
}
