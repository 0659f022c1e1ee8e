using System.Text.Json.Nodes;
using Market.Application.Common.Exceptions;
using Market.Application.Packages.Commands.UploadAppPackage;

namespace Market.Application.Tests.Packages;

/// <summary>The template constructs found in catalogue manifests (olares-manifest.md §5.5).</summary>
public sealed class GoTemplateTests
{
    private static JsonObject Root(string admin, string user, string? sysVersion = "1.12.3") => new()
    {
        ["Values"] = new JsonObject
        {
            ["admin"] = admin,
            ["bfl"] = new JsonObject { ["username"] = user },
            ["sysVersion"] = sysVersion,
            ["olaresEnv"] = new JsonObject { ["FEATURE"] = "false" },
        },
        ["Release"] = new JsonObject { ["Name"] = "tidepool" },
    };

    private const string Switch = """
        spec:
          {{- if and .Values.admin .Values.bfl.username (eq .Values.admin .Values.bfl.username) }}
          requiredCpu: 250m
          {{- else }}
          requiredCpu: 50m
          {{- end }}
          requiredDisk: 1Gi
        """;

    [Test]
    public void Admin_owner_switch_trims_whitespace_like_go()
    {
        Assert.That(GoTemplate.Render(Switch, Root("admin", "admin"), "m.yaml"), Is.EqualTo("spec:\n  requiredCpu: 250m\n  requiredDisk: 1Gi"));
        Assert.That(GoTemplate.Render(Switch, Root("admin", "alice"), "m.yaml"), Is.EqualTo("spec:\n  requiredCpu: 50m\n  requiredDisk: 1Gi"));
    }

    [TestCase("1.12.2", "old")]
    [TestCase("1.12.3", "new")]
    [TestCase(null, "none")]
    public void Semver_compare_on_the_system_version(string? sysVersion, string expected)
    {
        const string template = """{{ if .Values.sysVersion }}{{ if semverCompare "<1.12.3-0" (toString .Values.sysVersion) }}old{{ else }}new{{ end }}{{ else }}none{{ end }}""";

        Assert.That(GoTemplate.Render(template, Root("a", "b", sysVersion), "m.yaml"), Is.EqualTo(expected));
    }

    [Test]
    public void Variables_dict_index_and_default_pipelines()
    {
        const string template = """
            {{- $env := .Values.olaresEnv | default dict -}}
            feature: {{ index $env "FEATURE" | default "true" }}
            other: {{ index $env "MISSING" | default "true" }}
            name: {{ .Release.Name | quote }}
            missing: "{{ .Values.nothing.here }}"
            {{- if not (eq .Values.admin .Values.bfl.username) }}
            client: yes
            {{- end }}
            {{- if ne (index $env "FEATURE") "true" }}
            off: yes
            {{- end }}
            """;

        Assert.That(GoTemplate.Render(template, Root("admin", "alice"), "m.yaml"),
            Is.EqualTo("feature: false\nother: true\nname: \"tidepool\"\nmissing: \"\"\nclient: yes\noff: yes"));
    }

    [Test]
    public void Else_if_chains_choose_the_first_true_branch()
    {
        const string template = """{{ if eq .Values.admin "x" }}x{{ else if eq .Values.admin "admin" }}admin{{ else }}other{{ end }}""";

        Assert.That(GoTemplate.Render(template, Root("admin", "u"), "m.yaml"), Is.EqualTo("admin"));
    }

    [TestCase("{{ range .Values.x }}{{ end }}", "m.yaml: template: line 1: \"range\" is not supported in manifests")]
    [TestCase("{{ if .Values.admin }}open", "m.yaml: template: line 1: \"if\" without \"end\"")]
    [TestCase("{{ include \"x\" . }}", "m.yaml: template: line 1: \"include\" is not supported in manifests")]
    [TestCase("{{ printf \"%s\" .Values.admin }}", "m.yaml: template: function \"printf\" is not supported in manifests")]
    [TestCase("a: {{ .Values.admin", "m.yaml: template: line 1: unclosed action")]
    public void Unsupported_or_broken_templates_are_named(string template, string expected)
    {
        var error = Assert.Throws<BadRequestException>(() => GoTemplate.Render(template, Root("a", "b"), "m.yaml"));
        Assert.That(error!.Message, Is.EqualTo(expected));
    }
}
