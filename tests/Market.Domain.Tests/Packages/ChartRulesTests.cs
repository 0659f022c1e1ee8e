using Market.Domain.Packages.Manifests;

namespace Market.Domain.Tests.Packages;

public sealed class ChartRulesTests
{
    [Test]
    public void Layout_problems_come_in_the_checkers_order()
    {
        Assert.That(ChartFolderRules.CheckLayout(new ChartLayout("Quill-Note", true, true, true, true)),
            Is.EqualTo("invalid folder name: \"Quill-Note\" must match ^[a-z0-9]{1,30}$"));
        Assert.That(ChartFolderRules.CheckLayout(new ChartLayout("quillnote", false, false, false, false)),
            Is.EqualTo("missing Chart.yaml in folder: \"quillnote\""));
        Assert.That(ChartFolderRules.CheckLayout(new ChartLayout("quillnote", true, false, true, true)),
            Is.EqualTo("missing values.yaml in folder: \"quillnote\""));
        Assert.That(ChartFolderRules.CheckLayout(new ChartLayout("quillnote", true, true, false, true)),
            Is.EqualTo("missing templates folder in folder: \"quillnote\""));
        Assert.That(ChartFolderRules.CheckLayout(new ChartLayout("quillnote", true, true, true, false)),
            Is.EqualTo("missing OlaresManifest.yaml in folder: \"quillnote\""));
        Assert.That(ChartFolderRules.CheckLayout(new ChartLayout("quillnote", true, true, true, true)), Is.Null);
    }

    [Test]
    public void Folder_chart_and_manifest_must_agree()
    {
        var chart = new ChartInfo("v2", "quill", "1.4.2", "3.1.0");
        Assert.That(ChartFolderRules.CheckConsistency(chart, "quillnote", "quillnote", "1.4.2"),
            Is.EqualTo("inconsistent info. name must be the same in chart. name in Chart.yaml:quill, chartFolder:quillnote, OlaresManifest.yaml:quillnote"));

        var otherVersion = new ChartInfo("v2", "quillnote", "1.4.3", "3.1.0");
        Assert.That(ChartFolderRules.CheckConsistency(otherVersion, "quillnote", "quillnote", "1.4.2"),
            Is.EqualTo("inconsistent info. Version must be the same in chart. version in OlaresManifest.yaml:1.4.2, Chart.yaml:1.4.3"));
    }

    [TestCase("metadata:\n  title: \"{{ .Values.x }}\"\n", false)]
    [TestCase("spec:\n  upgradeDescription: |\n    uses {{ .Release.Name }}\n  developer: x\n", false)]
    [TestCase("metadata:\n  title: it's {{ fine }}\n", true)]
    [TestCase("spec:\n  {{- if .Values.admin }}\n  requiredCpu: 1\n  {{- end }}\n", true)]
    [TestCase("# {{ a comment }}\nname: x\n", false)]
    public void Template_syntax_counts_only_outside_strings(string yaml, bool found) =>
        Assert.That(TemplateSyntax.HasTemplateOutsideStrings(yaml), Is.EqualTo(found));

    [Test]
    public void Probe_reads_versions_without_parsing()
    {
        var probe = ManifestProbe.Read("\uFEFFolaresManifest.version: '0.10.0'  \napiVersion: v2 # shared\nspec:\n  {{- if x }}\n");
        Assert.That(probe, Is.EqualTo(new ManifestProbe("0.10.0", "v2")));
        Assert.That(probe.IsLegacyTemplate, Is.True);
        Assert.That(ManifestProbe.Read("olaresManifest.version: 0.12.0\n").IsModern, Is.True);
        Assert.That(ManifestProbe.Read("olaresManifest.version: 0.12.0\n").ApiVersion, Is.EqualTo("v1"));
    }
}
