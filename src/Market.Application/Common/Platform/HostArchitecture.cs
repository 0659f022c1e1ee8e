using System.Runtime.InteropServices;

namespace Market.Application.Common.Platform;

/// <summary>This host's CPU architecture in the names app manifests use in <c>supportArch</c>.</summary>
public static class HostArchitecture
{
    public static string Current { get; } = Name(RuntimeInformation.OSArchitecture);

    public static string Name(Architecture architecture) => architecture switch
    {
        Architecture.X64 => "amd64",
        Architecture.Arm64 => "arm64",
        Architecture.X86 => "386",
        Architecture.Arm => "arm",
        _ => architecture.ToString().ToLowerInvariant(),
    };
}
