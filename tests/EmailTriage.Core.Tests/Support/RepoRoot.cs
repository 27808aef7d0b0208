namespace EmailTriage.Core.Tests.Support;

public static class RepoRoot
{
    /// <summary>The folder holding EmailTriage.sln, found from the test binaries so it works from any working directory.</summary>
    public static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "EmailTriage.sln")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No EmailTriage.sln above {AppContext.BaseDirectory}.");
    }
}
