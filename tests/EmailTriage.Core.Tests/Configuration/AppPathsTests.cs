using EmailTriage.Configuration;

namespace EmailTriage.Core.Tests.Configuration;

public sealed class AppPathsTests
{
    [Fact]
    public void Resolves_relative_paths_against_the_base_directory()
    {
        var root = Path.Combine(Path.GetTempPath(), "app");

        Assert.Equal(Path.Combine(root, "config", "labels.json"), new AppPaths(root).Resolve("config/labels.json"));
    }

    [Fact]
    public void Keeps_absolute_paths()
    {
        var absolute = Path.Combine(Path.GetTempPath(), "elsewhere", "labels.json");

        Assert.Equal(absolute, new AppPaths(Path.Combine(Path.GetTempPath(), "app")).Resolve(absolute));
    }
}
