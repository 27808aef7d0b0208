namespace EmailTriage.Testing;

/// <summary>Where things are in the repository, found from the running binaries so any working directory works.</summary>
public static class RepoPaths
{
    /// <summary>The folder holding EmailTriage.sln.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>
    /// The build output of another project (e.g. <c>src/EmailTriage.Functions</c>) in the same configuration and target
    /// framework as the running binaries, for tests that start that program or read what its build wrote.
    /// </summary>
    public static string OutputOf(string project)
    {
        var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        return Path.Combine(Root, project, "bin", here.Parent!.Name, here.Name);
    }

    private static string FindRoot()
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
