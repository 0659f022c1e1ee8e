using System.Security.Cryptography;
using System.Text;
using Market.Domain.Apps;

namespace Market.Domain.Tests.Apps;

public sealed class IdentityTests
{
    [Test]
    public void Clone_request_json_is_written_like_gos_encoder_with_sorted_lists()
    {
        var json = CloneIdentity.CanonicalJson(
            "market.olares",
            "firefox",
            "My <Fox> & co",
            [new AppEnv("ZED", "z"), new AppEnv("ALPHA", string.Empty, new AppEnvRef("OLARES_USER_EMAIL"))],
            [new CloneEntrance("web", "Web"), new CloneEntrance("admin", "Admin")]);

        Assert.That(json, Is.EqualTo(
            "{\"source\":\"market.olares\",\"app_name\":\"firefox\",\"title\":\"My \\u003cFox\\u003e \\u0026 co\"," +
            "\"envs\":[{\"envName\":\"ALPHA\",\"valueFrom\":{\"envName\":\"OLARES_USER_EMAIL\"}},{\"envName\":\"ZED\",\"value\":\"z\"}]," +
            "\"entrances\":[{\"name\":\"admin\",\"title\":\"Admin\"},{\"name\":\"web\",\"title\":\"Web\"}]}"));
    }

    [Test]
    public void Empty_lists_are_left_out_and_the_title_is_always_present()
    {
        Assert.That(CloneIdentity.CanonicalJson("upload", "app", string.Empty, [], []),
            Is.EqualTo("{\"source\":\"upload\",\"app_name\":\"app\",\"title\":\"\"}"));
    }

    [Test]
    public void Clone_name_is_raw_name_plus_six_hex_of_the_hash_and_the_id_is_md5_of_the_name()
    {
        var identity = CloneIdentity.Of("upload", "app", "Second", [], []);
        var expectedHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("{\"source\":\"upload\",\"app_name\":\"app\",\"title\":\"Second\"}")))[..6];

        Assert.That(identity.RequestHash, Is.EqualTo(expectedHash));
        Assert.That(identity.AppName, Is.EqualTo("app" + expectedHash));
        Assert.That(identity.AppId, Is.EqualTo(AppIdentity.Md5Hex(identity.AppName)).And.Length.EqualTo(32));
    }

    [Test]
    public void The_same_clone_request_always_names_the_same_clone_and_a_different_title_another()
    {
        var a = CloneIdentity.Of("upload", "app", "One", [new AppEnv("B", "2"), new AppEnv("A", "1")], []);
        var b = CloneIdentity.Of("upload", "app", "One", [new AppEnv("A", "1"), new AppEnv("B", "2")], []);
        var c = CloneIdentity.Of("upload", "app", "Two", [new AppEnv("A", "1"), new AppEnv("B", "2")], []);

        Assert.That(a, Is.EqualTo(b));
        Assert.That(c.AppName, Is.Not.EqualTo(a.AppName));
    }

    [TestCase("line\nbreak\ttab", "\"line\\nbreak\\ttab\"")]
    [TestCase("quote\" back\\", "\"quote\\\" back\\\\\"")]
    [TestCase("\u0001", "\"\\u0001\"")]
    [TestCase("\u2028", "\"\\u2028\"")]
    [TestCase("héllo", "\"héllo\"")]
    public void Go_string_quoting(string value, string expected) => Assert.That(GoJson.Quote(value), Is.EqualTo(expected));

    [Test]
    public void Md5_ids_match_app_service()
    {
        Assert.That(AppIdentity.Md5Hex("firefox"), Is.EqualTo("d6a5c9544eca9b5ce2266d1c34a93222"));
        Assert.That(AppIdentity.RuntimeAppId("firefox"), Is.EqualTo("d6a5c954"));
    }

    [Test]
    public void One_entrance_gets_the_bare_app_id_host_and_several_get_an_index()
    {
        Assert.That(EntranceUrls.For("a1b2c3d4", "alice.olares.local", 1), Is.EqualTo(new[] { "a1b2c3d4.alice.olares.local" }));
        Assert.That(EntranceUrls.For("a1b2c3d4", "alice.olares.local", 3),
            Is.EqualTo(new[] { "a1b2c3d40.alice.olares.local", "a1b2c3d41.alice.olares.local", "a1b2c3d42.alice.olares.local" }));
        Assert.That(EntranceUrls.For("a1b2c3d4", string.Empty, 2), Is.EqualTo(new[] { string.Empty, string.Empty }));
        Assert.That(EntranceUrls.ZoneOf("{user}.olares.local", "bob"), Is.EqualTo("bob.olares.local"));
    }
}
