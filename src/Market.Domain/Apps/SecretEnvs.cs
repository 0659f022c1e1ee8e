using System.Text.RegularExpressions;

namespace Market.Domain.Apps;

/// <summary>Which env values are secret: never stored, logged or shown (DESIGN §7).</summary>
public static partial class SecretEnvs
{
    /// <summary>An env is secret when the manifest types it <c>password</c> or its name says so.</summary>
    public static bool IsSecret(string envName, string declaredType) =>
        string.Equals(declaredType, "password", StringComparison.OrdinalIgnoreCase) || SecretName().IsMatch(envName);

    [GeneratedRegex("PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|CREDENTIAL", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SecretName();
}
