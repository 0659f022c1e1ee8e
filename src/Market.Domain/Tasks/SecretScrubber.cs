using System.Text.RegularExpressions;

namespace Market.Domain.Tasks;

/// <summary>
/// Masks what looks like a secret in text Market did not write itself (the runtime's messages, error bodies) before
/// it enters a timeline, a failure or a bundle: <c>PASSWORD=…</c>-style assignments, bearer tokens, JWTs.
/// </summary>
public static partial class SecretScrubber
{
    public const string Mask = "***";

    public static string? Scrub(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }

        var scrubbed = Assignment().Replace(text, m => m.Groups["name"].Value + m.Groups["sep"].Value + Mask);
        scrubbed = Bearer().Replace(scrubbed, "Bearer " + Mask);
        return Jwt().Replace(scrubbed, Mask);
    }

    [GeneratedRegex(@"(?<name>[A-Za-z0-9_.-]*(?:PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|CREDENTIAL)[A-Za-z0-9_]*)(?<sep>""?\s*[:=]\s*""?)[^\s"",;&]+", RegexOptions.IgnoreCase)]
    private static partial Regex Assignment();

    [GeneratedRegex(@"Bearer\s+[A-Za-z0-9._~+/=-]+", RegexOptions.IgnoreCase)]
    private static partial Regex Bearer();

    [GeneratedRegex(@"eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*")]
    private static partial Regex Jwt();
}
