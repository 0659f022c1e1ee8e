namespace Market.Application.Common.Options;

/// <summary>
/// <c>Market:Preinstall</c>: the folder of preinstall declarations (<c>Dir</c>, or the Olares deployment's env
/// <c>PREINSTALL_DIR</c>; off when neither is set) and how often it is scanned for new declarations and for
/// catalog apps the official catalog did not have yet.
/// </summary>
public sealed class PreinstallOptions
{
    public const string Section = "Market:Preinstall";
    public const string EnvironmentVariable = "PREINSTALL_DIR";

    public string? Dir { get; set; }

    [System.ComponentModel.DataAnnotations.Range(1, 86_400)]
    public int ScanIntervalSeconds { get; set; } = 60;

    public bool IsEnabled => !string.IsNullOrWhiteSpace(Dir);
}
