using System.Text.Json.Nodes;
using Market.Application.Common.Exceptions;
using Market.Infrastructure.Packages;

namespace Market.Api.Tests.Packages;

/// <summary>The YAML decoding the uploads rely on: Go's YAML 1.1 typing and the bounds against hostile documents.</summary>
public sealed class YamlDocumentReaderTests
{
    private readonly YamlDocumentReader _reader = new();

    [Test]
    public void Plain_scalars_are_typed_and_quoted_ones_stay_text()
    {
        var node = _reader.Read("port: 8080\nquoted: '8080'\nflag: yes\noff: off\nratio: 1.5\nnothing: ~\nversion: 1.10\nhex: 0x1F\n", "t.yaml")!.AsObject();

        Assert.That(node.ToJsonString(), Is.EqualTo("""{"port":8080,"quoted":"8080","flag":true,"off":false,"ratio":1.5,"nothing":null,"version":1.1,"hex":31}"""));
    }

    [Test]
    public void Anchors_aliases_and_merge_keys_resolve()
    {
        var node = _reader.Read("base: &b {cpu: 1, mem: 2}\nuse: *b\nmerged:\n  <<: *b\n  mem: 3\n", "t.yaml")!.AsObject();

        Assert.That(node["use"]!.ToJsonString(), Is.EqualTo("""{"cpu":1,"mem":2}"""));
        Assert.That(node["merged"]!.ToJsonString(), Is.EqualTo("""{"mem":3,"cpu":1}"""));
    }

    [Test]
    public void Alias_explosion_is_stopped()
    {
        var yaml = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
        for (var level = 'b'; level <= 'j'; level++)
        {
            var previous = (char)(level - 1);
            yaml += $"{level}: &{level} [*{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}]\n";
        }

        var error = Assert.Throws<BadRequestException>(() => _reader.Read(yaml, "OlaresManifest.yaml"));
        Assert.That(error!.Message, Is.EqualTo($"OlaresManifest.yaml: the document expands to more than {YamlDocumentReader.MaxNodes} nodes (aliases included)"));
    }

    [Test]
    public void Deep_nesting_is_stopped()
    {
        var yaml = new string('[', 200) + new string(']', 200);

        var error = Assert.Throws<BadRequestException>(() => _reader.Read(yaml, "OlaresManifest.yaml"));
        Assert.That(error!.Message, Is.EqualTo($"OlaresManifest.yaml: nesting is deeper than {YamlDocumentReader.MaxDepth} levels"));
    }

    [TestCase("metadata:\n  name: [quillnote\n  title: x\n")]
    [TestCase("a: b: c\n")]
    [TestCase("key: 'unterminated\n")]
    [TestCase("- a\nb: c\n")]
    public void Broken_yaml_names_file_and_line(string yaml)
    {
        var error = Assert.Throws<BadRequestException>(() => _reader.Read(yaml, "OlaresManifest.yaml"));
        Assert.That(error!.Message, Does.StartWith("OlaresManifest.yaml: invalid YAML at line "));
    }

    [Test]
    public void Empty_document_is_null()
    {
        Assert.That(_reader.Read(string.Empty, "t.yaml"), Is.Null);
        Assert.That(_reader.Read("# only a comment\n", "t.yaml"), Is.Null);
    }

    [Test]
    public void Only_the_first_document_counts()
    {
        Assert.That(_reader.Read("a: 1\n---\nb: 2\n", "t.yaml")!.ToJsonString(), Is.EqualTo("""{"a":1}"""));
    }

    [Test]
    public void Mapping_keys_must_be_plain_values()
    {
        Assert.Throws<BadRequestException>(() => _reader.Read("? [a, b]\n: c\n", "t.yaml"));
        Assert.That(_reader.Read("list: []\n", "t.yaml")!["list"], Is.InstanceOf<JsonArray>());
    }
}
