using System.Security.Cryptography;
using System.Text;

namespace Market.Application.Common.Catalog;

/// <summary>One source of a user's market view: its <c>app_info_latest</c>, the user's states in it and, for the remote, <c>others</c>.</summary>
public sealed record SourceView(string Id, string Type, JsonSegment Info, JsonSegment States, JsonSegment? Others);

/// <summary>
/// Everything <c>/market/data</c> shows one user, sorted by source id, and its hash: SHA-256 over the
/// segments' own hashes. It is a pure function of the content, so every replica computes the same.
/// </summary>
public sealed class UserMarketView
{
    public UserMarketView(string user, string selectedSource, IReadOnlyList<SourceView> sources)
    {
        User = user;
        SelectedSource = selectedSource;
        Sources = sources.OrderBy(s => s.Id, StringComparer.Ordinal).ToList();
        Hash = ComputeHash(Sources);
    }

    public string User { get; }

    public string SelectedSource { get; }

    public IReadOnlyList<SourceView> Sources { get; }

    public string Hash { get; }

    private static string ComputeHash(IReadOnlyList<SourceView> sources)
    {
        var text = new StringBuilder(sources.Count * 220);
        foreach (var s in sources)
        {
            text.Append(s.Id).Append('\t').Append(s.Type).Append('\t')
                .Append(s.Info.Hash).Append('\t').Append(s.States.Hash).Append('\t')
                .Append(s.Others?.Hash ?? "-").Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
