using System.Text.Json.Nodes;

namespace Market.Domain.Tests.Packages;

/// <summary>The example manifests of olares-manifest.md §7 in their decoded (JSON) form; each passes every rule.</summary>
internal static class ManifestFixtures
{
    /// <summary>7.A: single-entrance web app, 0.12.0, apiVersion v3, flat resource envelope.</summary>
    public static JsonObject Quillnote() => Parse("""
        {
          "olaresManifest.version": "0.12.0",
          "olaresManifest.type": "app",
          "apiVersion": "v3",
          "metadata": {
            "name": "quillnote", "appid": "quillnote", "title": "Quill Notes",
            "description": "A calm, self-hosted Markdown notebook",
            "icon": "https://assets.quillnote.example/brand/icon-256.png",
            "version": "1.4.2", "categories": ["Productivity_v112"]
          },
          "entrances": [
            { "name": "quillnote", "host": "quillnote", "port": 8080, "title": "Quill Notes",
              "icon": "https://assets.quillnote.example/brand/icon-256.png", "authLevel": "private", "openMethod": "window" }
          ],
          "permission": { "appData": true, "userData": ["Home/Documents"] },
          "spec": {
            "versionName": "3.1.0",
            "featuredImage": "https://assets.quillnote.example/store/featured.webp",
            "promoteImage": ["https://assets.quillnote.example/store/shot-1.webp"],
            "fullDescription": "Quill Notes stores every note as a plain Markdown file.\n",
            "upgradeDescription": "- Full-text search now also indexes attachments\n",
            "developer": "Quill Labs", "website": "https://quillnote.example",
            "locale": ["en-US", "zh-CN"],
            "license": [{ "text": "AGPL-3.0", "url": "https://code.quillnote.example/quill/quillnote/LICENSE" }],
            "supportClient": { "android": "https://play.quillnote.example/android" },
            "supportArch": ["amd64", "arm64"],
            "requiredCpu": "100m", "limitedCpu": "1", "requiredMemory": "128Mi", "limitedMemory": "512Mi",
            "requiredDisk": "64Mi", "limitedDisk": "2Gi"
          },
          "options": { "dependencies": [{ "name": "olares", "type": "system", "version": ">=1.12.6-0" }] },
          "workloadReplicas": { "quillnote": 1 }
        }
        """);

    /// <summary>7.B: several entrances, envs, middleware, policies; legacy 0.10.0 (v1).</summary>
    public static JsonObject Tidepool() => Parse("""
        {
          "olaresManifest.version": "0.10.0",
          "olaresManifest.type": "app",
          "metadata": {
            "name": "tidepool", "appid": "tidepool", "title": "Tidepool",
            "description": "Team chat with threads, calls and an admin console",
            "icon": "https://assets.tidepool.example/icon.png", "version": "2.0.3",
            "categories": ["Productivity", "Productivity_v112"]
          },
          "entrances": [
            { "name": "tidepool", "host": "tidepool-web", "port": 3000, "title": "Tidepool", "icon": "https://assets.tidepool.example/icon.png",
              "authLevel": "private", "openMethod": "window", "windowPushState": true },
            { "name": "tidepool-admin", "host": "tidepool-admin", "port": 3100, "title": "Tidepool Admin",
              "icon": "https://assets.tidepool.example/admin.png", "authLevel": "private", "openMethod": "default" },
            { "name": "tidepool-api", "host": "tidepool-api", "port": 8080, "title": "Tidepool API", "authLevel": "internal", "invisible": true }
          ],
          "ports": [{ "name": "tidepool-turn", "host": "tidepool-turn", "port": 3478, "exposePort": 46478, "protocol": "udp", "addToTailscaleAcl": true }],
          "permission": { "appData": true, "appCache": true, "userData": ["Home/Documents/Tidepool"] },
          "spec": {
            "versionName": "24.6.1", "developer": "Tidepool Collective", "locale": ["en-US"],
            "supportClient": { "android": "https://play.tidepool.example/android" },
            "requiredCpu": "250m", "limitedCpu": "2", "requiredMemory": "512Mi", "limitedMemory": "2Gi",
            "requiredDisk": "256Mi", "limitedDisk": "20Gi", "supportArch": ["amd64", "arm64"]
          },
          "middleware": { "postgres": { "username": "tidepool", "databases": [{ "name": "tidepool", "extensions": ["pg_trgm"] }] } },
          "options": {
            "policies": [{ "entranceName": "tidepool-admin", "description": "Admin console requires a second factor", "uriRegex": "^/.*",
                           "level": "two_factor", "oneTime": false, "validDuration": "3600s" }],
            "dependencies": [{ "name": "olares", "type": "system", "version": ">=1.12.0-0" }],
            "conflicts": [{ "name": "tidepoolclassic", "type": "application" }]
          },
          "envs": [
            { "envName": "TIDEPOOL_SITE_NAME", "type": "string", "default": "Tidepool", "required": true, "editable": true },
            { "envName": "TIDEPOOL_ADMIN_EMAIL", "type": "email", "required": true, "editable": true }
          ]
        }
        """);

    /// <summary>7.C: middleware, 0.12.0, v3, accelerator row <c>mode: cpu</c>.</summary>
    public static JsonObject Quartzdb() => Parse("""
        {
          "olaresManifest.version": "0.12.0",
          "olaresManifest.type": "middleware",
          "apiVersion": "v3",
          "metadata": {
            "name": "quartzdb", "appid": "quartzdb", "title": "QuartzDB 2.4",
            "description": "Olares middleware for the QuartzDB SQL engine",
            "icon": "https://assets.quartzdb.example/icon.png", "version": "2.4.7", "categories": ["Developer Tools"]
          },
          "entrances": [
            { "name": "quartzdb", "host": "quartzdb-headless", "port": 5710, "title": "QuartzDB 2.4",
              "icon": "https://assets.quartzdb.example/icon.png", "invisible": true }
          ],
          "workloadReplicas": { "quartzdb": 1 },
          "spec": {
            "onlyAdmin": true, "runAsUser": true, "versionName": "2.4.7", "locale": ["en-US"], "supportArch": ["amd64", "arm64"],
            "accelerator": [
              { "mode": "cpu", "requiredCpu": "100m", "limitedCpu": "4", "requiredMemory": "256Mi", "limitedMemory": "8Gi",
                "requiredDisk": "1Gi", "limitedDisk": "100Gi" }
            ]
          },
          "options": { "dependencies": [{ "name": "olares", "type": "system", "version": ">=1.12.6-0" }] }
        }
        """);

    private static JsonObject Parse(string json) => JsonNode.Parse(json)!.AsObject();
}
