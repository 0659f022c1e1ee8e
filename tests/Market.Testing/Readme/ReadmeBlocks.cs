using System.Text.RegularExpressions;

namespace Market.Testing.Readme;

/// <summary>
/// The shell blocks of the repository's README that CI runs. A block is marked by the comment
/// <c>&lt;!-- ci: name --&gt;</c> on the line before its <c>```sh</c> fence, so what the tests run is what a reader copies.
/// </summary>
public static partial class ReadmeBlocks
{
    /// <summary>The repository root (the folder holding <c>Market.sln</c>).</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>The text of the block marked <paramref name="name"/>; fails the test when the README lost it.</summary>
    public static string Get(string name)
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot, "README.md"));
        var match = Block().Matches(readme).FirstOrDefault(m => m.Groups["name"].Value == name);
        Assert.That(match, Is.Not.Null, $"README.md has no block marked <!-- ci: {name} --> before a ```sh fence");
        return match!.Groups["body"].Value;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Market.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Market.sln not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"<!-- ci: (?<name>[\w-]+) -->\r?\n```sh\r?\n(?<body>.*?)```", RegexOptions.Singleline)]
    private static partial Regex Block();
}
