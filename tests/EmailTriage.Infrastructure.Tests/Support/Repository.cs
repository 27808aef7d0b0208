namespace EmailTriage.Infrastructure.Tests.Support;

/// <summary>Files of this repository, found from the test's build output.</summary>
public static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(string relative) => Path.Combine(Root, relative.Replace('/', Path.DirectorySeparatorChar));

    public static string Read(string relative) => File.ReadAllText(PathOf(relative));

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "EmailTriage.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No EmailTriage.sln above {AppContext.BaseDirectory}; run the tests from the repository's build output.");
    }
}
