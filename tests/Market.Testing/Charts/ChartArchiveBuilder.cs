using System.Formats.Tar;
using System.IO.Compression;
using System.Text;

namespace Market.Testing.Charts;

/// <summary>
/// Builds chart archives inside a test with <see cref="TarWriter"/> and <see cref="GZipStream"/>:
/// valid ones (the quillnote example of olares-manifest.md) and every kind of broken one.
/// </summary>
public sealed class ChartArchiveBuilder
{
    private readonly List<(string Name, TarEntryType Type, byte[] Data, string? LinkTarget)> _entries = [];

    /// <summary>A complete, valid chart folder: Chart.yaml, values.yaml, templates/, OlaresManifest.yaml, an i18n file.</summary>
    public static ChartArchiveBuilder Valid(string name = "quillnote", string version = "1.4.2", string? manifest = null) =>
        new ChartArchiveBuilder()
            .File($"{name}/Chart.yaml", ChartYaml(name, version))
            .File($"{name}/values.yaml", $"workloads:\n  {name}:\n    replicaCount: 1\n")
            .File($"{name}/templates/deployment.yaml", Deployment(name))
            .File($"{name}/OlaresManifest.yaml", manifest ?? Manifest(name, version))
            .File($"{name}/i18n/zh-CN/OlaresManifest.yaml", "metadata:\n  title: Quill 笔记\n  description: 安静、自托管的 Markdown 笔记本\n");

    public static string ChartYaml(string name, string version) =>
        $"apiVersion: v2\nname: {name}\ndescription: {name} packaged for Olares\ntype: application\nversion: {version}\nappVersion: \"3.1.0\"\n";

    public static string Deployment(string name) => $$$"""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: {{ .Release.Name }}
        spec:
          replicas: {{ .Values.workloads.{{{name}}}.replicaCount }}
          template:
            spec:
              containers:
              - name: {{{name}}}
                image: docker.io/quilllabs/{{{name}}}:3.1.0
        """;

    /// <summary>The 7.A example manifest (0.12.0, v3), with its name and version replaced.</summary>
    public static string Manifest(string name = "quillnote", string version = "1.4.2", string upgradeDescription = "Full-text search now also indexes attachments") => $"""
        olaresManifest.version: '0.12.0'
        olaresManifest.type: app
        apiVersion: 'v3'
        metadata:
          name: {name}
          appid: {name}
          title: Quill Notes
          description: A calm, self-hosted Markdown notebook
          icon: https://assets.quillnote.example/brand/icon-256.png
          version: '{version}'
          categories:
          - Productivity_v112
        entrances:
        - name: {name}
          host: {name}
          port: 8080
          title: Quill Notes
          icon: https://assets.quillnote.example/brand/icon-256.png
          authLevel: private
          openMethod: window
        permission:
          appData: true
          userData:
          - Home/Documents
        spec:
          versionName: '3.1.0'
          featuredImage: https://assets.quillnote.example/store/featured.webp
          fullDescription: |
            Quill Notes stores every note as a plain Markdown file.
          upgradeDescription: |
            - {upgradeDescription}
          developer: Quill Labs
          locale:
          - en-US
          - zh-CN
          supportClient:
            android: https://play.quillnote.example/android
          supportArch:
          - amd64
          - arm64
          requiredCpu: 100m
          limitedCpu: '1'
          requiredMemory: 128Mi
          limitedMemory: 512Mi
          requiredDisk: 64Mi
          limitedDisk: 2Gi
        options:
          dependencies:
          - name: olares
            type: system
            version: '>=1.12.6-0'
        workloadReplicas:
          {name}: 1
        """;

    /// <summary>A legacy (0.10.0) manifest that is a Go template: the admin gets the server envelope, other users a client one.</summary>
    public static string LegacyTemplateManifest(string name = "tidepool", string version = "2.0.3") => $$$"""
        olaresManifest.version: '0.10.0'
        olaresManifest.type: app
        metadata:
          name: {{{name}}}
          appid: {{{name}}}
          title: Tidepool
          description: Team chat for {{ .Values.bfl.username }}
          icon: https://assets.tidepool.example/icon.png
          version: '{{{version}}}'
          categories:
          - Productivity
        entrances:
        - name: {{{name}}}
          host: {{{name}}}-web
          port: 3000
          title: Tidepool
          authLevel: private
        spec:
          versionName: '24.6.1'
          {{- if and .Values.admin .Values.bfl.username (eq .Values.admin .Values.bfl.username) }}
          requiredCpu: 250m
          limitedCpu: '2'
          requiredMemory: 512Mi
          limitedMemory: 2Gi
          {{- else }}
          requiredCpu: 50m
          limitedCpu: 500m
          requiredMemory: 128Mi
          limitedMemory: 512Mi
          {{- end }}
          requiredDisk: 256Mi
          limitedDisk: 20Gi
          supportArch:
          - amd64
          - arm64
        options:
          dependencies:
          - name: olares
            type: system
            {{- if .Values.sysVersion }}
            {{- if semverCompare "<1.12.3-0" (toString .Values.sysVersion) }}
            version: '>=1.10.0-0'
            {{- else }}
            version: '>=1.12.0-0'
            {{- end }}
            {{- end }}
        """;

    public ChartArchiveBuilder File(string name, string content) => File(name, Encoding.UTF8.GetBytes(content));

    public ChartArchiveBuilder File(string name, byte[] content)
    {
        _entries.RemoveAll(e => e.Name == name);
        _entries.Add((name, TarEntryType.RegularFile, content, null));
        return this;
    }

    public ChartArchiveBuilder Without(string name)
    {
        _entries.RemoveAll(e => e.Name == name);
        return this;
    }

    public ChartArchiveBuilder SymbolicLink(string name, string target)
    {
        _entries.Add((name, TarEntryType.SymbolicLink, [], target));
        return this;
    }

    public ChartArchiveBuilder HardLink(string name, string target)
    {
        _entries.Add((name, TarEntryType.HardLink, [], target));
        return this;
    }

    /// <summary>The gzip-compressed tar.</summary>
    public byte[] Build()
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            WriteTar(gzip);
        }

        return output.ToArray();
    }

    /// <summary>The tar without compression (not what an upload must be).</summary>
    public byte[] BuildUncompressedTar()
    {
        using var output = new MemoryStream();
        WriteTar(output);
        return output.ToArray();
    }

    private void WriteTar(Stream stream)
    {
        using var tar = new TarWriter(stream, TarEntryFormat.Pax, leaveOpen: true);
        foreach (var (name, type, data, link) in _entries)
        {
            var entry = new PaxTarEntry(type, name);
            if (link is not null)
            {
                entry.LinkName = link;
            }
            else
            {
                entry.DataStream = new MemoryStream(data);
            }

            tar.WriteEntry(entry);
        }
    }
}
