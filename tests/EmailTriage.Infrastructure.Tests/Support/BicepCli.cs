using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;

namespace EmailTriage.Infrastructure.Tests.Support;

/// <summary>
/// The Bicep CLI: the binary BICEP_PATH names; on Linux x64 the NuGet package Azure.Bicep.CommandLine.linux-x64
/// (restored with this project); elsewhere (macOS, Windows) the one `az bicep install` puts in ~/.azure/bin, or one on PATH.
/// </summary>
public static class BicepCli
{
    public sealed record Result(int ExitCode, string Output);

    public static async Task<Result> RunAsync(IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(Locate())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {start.FileName}.");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(2));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return new Result(process.ExitCode, await stdout + await stderr);
    }

    private static string Locate()
    {
        var package = typeof(BicepCli).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .SingleOrDefault(a => a.Key == "BicepPackagePath")?.Value;
        var candidates = Candidates(
            Environment.GetEnvironmentVariable("BICEP_PATH"),
            package,
            OperatingSystem.IsLinux() && RuntimeInformation.OSArchitecture == Architecture.X64,
            OperatingSystem.IsWindows(),
            Environment.GetFolderPath(Environment.SpecialFolder.UserProfile),
            Environment.GetEnvironmentVariable("PATH"));
        return candidates.FirstOrDefault(File.Exists) is { } found
            ? EnsureExecutable(found)
            : throw new InvalidOperationException(
                $"No Bicep CLI found; looked at {string.Join(", ", candidates)}. On Linux x64 run `dotnet restore` (it brings the package " +
                "Azure.Bicep.CommandLine.linux-x64); on macOS and Windows run `az bicep install` (or `brew install azure/bicep/bicep`, " +
                "`winget install -e --id Microsoft.Bicep`), or set BICEP_PATH to a bicep executable for this machine.");
    }

    /// <summary>
    /// Where a bicep executable may be, in order: BICEP_PATH (which alone is looked at when set), the restored package
    /// (a linux-x64 binary, so only there), where `az bicep install` puts it, then every folder on PATH.
    /// </summary>
    internal static IReadOnlyList<string> Candidates(string? bicepPath, string? packagePath, bool linuxX64, bool windows, string home, string? pathVariable)
    {
        if (!string.IsNullOrEmpty(bicepPath))
        {
            return [bicepPath];
        }

        var name = windows ? "bicep.exe" : "bicep";
        var candidates = new List<string>();
        if (linuxX64 && !string.IsNullOrEmpty(packagePath))
        {
            candidates.Add(Path.Combine(packagePath, "tools", "bicep"));
        }

        candidates.Add(Path.Combine(home, ".azure", "bin", name));
        candidates.AddRange((pathVariable ?? string.Empty)
            .Split(windows ? ';' : ':', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(folder => Path.Combine(folder, name)));
        return candidates;
    }

    // NuGet does not always keep the executable bit; if the package cache is read-only, run a private copy.
    private static string EnsureExecutable(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return path;
        }

        var mode = File.GetUnixFileMode(path);
        if (mode.HasFlag(UnixFileMode.UserExecute))
        {
            return path;
        }

        try
        {
            File.SetUnixFileMode(path, mode | UnixFileMode.UserExecute);
            return path;
        }
        catch (UnauthorizedAccessException)
        {
            var copy = Path.Combine(Directory.CreateTempSubdirectory("bicep-").FullName, "bicep");
            File.Copy(path, copy);
            File.SetUnixFileMode(copy, mode | UnixFileMode.UserExecute);
            return copy;
        }
    }
}
