namespace EmailTriage.Infrastructure.Tests.Support;

public sealed class BicepCliTests
{
    private const string Home = "/home/ana";

    [Fact]
    public void Bicep_path_is_the_only_candidate_when_set()
    {
        Assert.Equal(["/opt/bicep"], BicepCli.Candidates("/opt/bicep", "/nuget/bicep", linuxX64: true, windows: false, Home, "/usr/bin"));
    }

    [Fact]
    public void Linux_x64_tries_the_package_first_then_az_then_path()
    {
        var candidates = BicepCli.Candidates(null, "/nuget/bicep", linuxX64: true, windows: false, Home, "/usr/local/bin:/usr/bin");

        Assert.Equal([Path.Combine("/nuget/bicep", "tools", "bicep"), Path.Combine(Home, ".azure", "bin", "bicep"), Path.Combine("/usr/local/bin", "bicep"), Path.Combine("/usr/bin", "bicep")], candidates);
    }

    [Fact]
    public void MacOS_skips_the_linux_package_and_finds_az_bicep_install_or_homebrew()
    {
        var candidates = BicepCli.Candidates(null, "/nuget/bicep", linuxX64: false, windows: false, Home, "/opt/homebrew/bin");

        Assert.Equal([Path.Combine(Home, ".azure", "bin", "bicep"), Path.Combine("/opt/homebrew/bin", "bicep")], candidates);
    }

    [Fact]
    public void Windows_looks_for_bicep_exe_on_a_semicolon_path()
    {
        var candidates = BicepCli.Candidates(null, "/nuget/bicep", linuxX64: false, windows: true, Home, @"C:\Tools;C:\Bicep");

        Assert.Equal([Path.Combine(Home, ".azure", "bin", "bicep.exe"), Path.Combine(@"C:\Tools", "bicep.exe"), Path.Combine(@"C:\Bicep", "bicep.exe")], candidates);
    }
}
