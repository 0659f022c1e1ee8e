using System.Net;
using Market.Application.Common.Options;
using Market.Infrastructure.Network;
using Microsoft.Extensions.Options;
using Moq;

namespace Market.Api.Tests.Hostile;

/// <summary>Every spelling of an internal host is refused at add time; DNS is played by a fake resolver (no network here).</summary>
public sealed class RemoteUrlGuardTests
{
    /// <summary>A resolver that knows a few names, as public DNS would answer them.</summary>
    public sealed class FakeResolver : IHostAddressResolver
    {
        public static readonly Dictionary<string, IPAddress[]> Names = new(StringComparer.Ordinal)
        {
            ["localtest.me"] = [IPAddress.Parse("127.0.0.1")],
            ["sub.localtest.me"] = [IPAddress.Parse("127.0.0.1")],
            ["nip-style.example"] = [IPAddress.Parse("10.0.0.7")],
            ["metadata.example"] = [IPAddress.Parse("169.254.169.254")],
            ["mixed.example"] = [IPAddress.Parse("93.184.216.34"), IPAddress.Parse("192.168.0.10")],
            ["v6-loopback.example"] = [IPAddress.IPv6Loopback],
            ["mapped.example"] = [IPAddress.Parse("::ffff:10.1.1.1")],
            ["public.example"] = [IPAddress.Parse("93.184.216.34")],
            ["xn--mnchen-3ya.example"] = [IPAddress.Parse("93.184.216.35")],
        };

        public List<string> Asked { get; } = [];

        public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
        {
            Asked.Add(host);
            return Task.FromResult(Names.GetValueOrDefault(host) ?? []);
        }
    }

    private static RemoteUrlGuard Guard(FakeResolver resolver, bool allowPrivate = false) =>
        new(Mock.Of<IOptionsMonitor<SourcesOptions>>(m => m.CurrentValue == new SourcesOptions { AllowPrivateNetworks = allowPrivate }), resolver);

    [TestCase("http://127.0.0.1.:8080", "127.0.0.1 is a loopback address")]
    [TestCase("http://localhost.:8080", "localhost is the loopback host")]
    [TestCase("http://LOCALHOST:8080", "localhost is the loopback host")]
    [TestCase("http://api.localhost/", "api.localhost is the loopback host")]
    [TestCase("http://127。0。0。1:8080", "127.0.0.1 is a loopback address")]
    [TestCase("http://127．0．0．1:8080", "127.0.0.1 is a loopback address")]
    [TestCase("http://１２７.０.０.１:8080", "127.0.0.1 is a loopback address")]
    [TestCase("http://ⓛⓞⓒⓐⓛⓗⓞⓢⓣ:8080", "localhost is the loopback host")]
    [TestCase("http://ｌｏｃａｌｈｏｓｔ:8080", "localhost is the loopback host")]
    [TestCase("http://𝐥𝐨𝐜𝐚𝐥𝐡𝐨𝐬𝐭/", "localhost is the loopback host")]
    [TestCase("http://①②⑦.⓪.⓪.①/", "127.0.0.1 is a loopback address")]
    [TestCase("http://2130706433/", "127.0.0.1 is a loopback address")]
    [TestCase("http://0x7f.1/", "127.0.0.1 is a loopback address")]
    [TestCase("http://0x7f000001/", "127.0.0.1 is a loopback address")]
    [TestCase("http://0177.0.0.1/", "127.0.0.1 is a loopback address")]
    [TestCase("http://127.1/", "127.0.0.1 is a loopback address")]
    [TestCase("http://10.1/", "10.0.0.1 is a private address")]
    [TestCase("http://0/", "0.0.0.0 is an unspecified address")]
    [TestCase("http://0.0.0.0:8080/", "0.0.0.0 is an unspecified address")]
    [TestCase("http://[::]/", ":: is an unspecified address")]
    [TestCase("http://[::1]:81/", "::1 is a loopback address")]
    [TestCase("http://[::ffff:127.0.0.1]/", "127.0.0.1 is a loopback address")]
    [TestCase("http://[::ffff:7f00:1]/", "127.0.0.1 is a loopback address")]
    [TestCase("http://[fe80::1]/", "fe80::1 is a link-local address")]
    [TestCase("http://[fd00::5]/", "fd00::5 is a private address")]
    [TestCase("http://[ff02::1]/", "ff02::1 is a multicast address")]
    [TestCase("http://[64:ff9b::a00:1]/", "64:ff9b::a00:1 is a private address")]
    [TestCase("http://[2002:7f00:1::]/", "2002:7f00:1:: is a loopback address")]
    [TestCase("http://192.168.1.10/", "192.168.1.10 is a private address")]
    [TestCase("http://172.31.255.1/", "172.31.255.1 is a private address")]
    [TestCase("http://100.64.0.1/", "100.64.0.1 is a private address")]
    [TestCase("http://169.254.169.254/latest/meta-data", "169.254.169.254 is a link-local address")]
    [TestCase("http://224.0.0.1/", "224.0.0.1 is a multicast address")]
    [TestCase("http://255.255.255.255/", "255.255.255.255 is a reserved address")]
    [TestCase("http://localtest.me:8080/", "localtest.me resolves to 127.0.0.1, a loopback address")]
    [TestCase("http://LocalTest.Me./", "localtest.me resolves to 127.0.0.1, a loopback address")]
    [TestCase("http://sub.localtest.me/", "sub.localtest.me resolves to 127.0.0.1, a loopback address")]
    [TestCase("http://nip-style.example/", "nip-style.example resolves to 10.0.0.7, a private address")]
    [TestCase("http://metadata.example/", "metadata.example resolves to 169.254.169.254, a link-local address")]
    [TestCase("http://mixed.example/", "mixed.example resolves to 192.168.0.10, a private address")]
    [TestCase("http://v6-loopback.example/", "v6-loopback.example resolves to ::1, a loopback address")]
    [TestCase("http://mapped.example/", "mapped.example resolves to 10.1.1.1, a private address")]
    public async Task Internal_hosts_are_refused_in_every_spelling(string url, string reason)
    {
        var refusal = await Guard(new FakeResolver()).CheckAsync(new Uri(url), CancellationToken.None);

        Assert.That(refusal, Is.EqualTo($"{RemoteUrlGuard.Refusal} ({reason})"));
    }

    [TestCase("https://public.example/")]
    [TestCase("https://PUBLIC.example./market")]
    [TestCase("https://93.184.216.34/")]
    [TestCase("https://[2606:2800:220:1::]/")]
    [TestCase("https://münchen.example/")]
    [TestCase("https://unknown.invalid/")]
    public async Task Public_and_unresolvable_hosts_pass(string url)
    {
        Assert.That(await Guard(new FakeResolver()).CheckAsync(new Uri(url), CancellationToken.None), Is.Null);
    }

    [Test]
    public async Task Names_are_resolved_in_their_canonical_form()
    {
        var resolver = new FakeResolver();

        await Guard(resolver).CheckAsync(new Uri("https://MÜNCHEN.example./"), CancellationToken.None);

        Assert.That(resolver.Asked, Is.EqualTo(new[] { "xn--mnchen-3ya.example" }));
    }

    [Test]
    public async Task Private_networks_pass_when_allowed()
    {
        Assert.That(await Guard(new FakeResolver(), allowPrivate: true).CheckAsync(new Uri("http://127.0.0.1.:8080"), CancellationToken.None), Is.Null);
    }
}
