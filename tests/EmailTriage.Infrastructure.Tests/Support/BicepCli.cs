using System.Diagnostics;
using System.Reflection;

namespace EmailTriage.Infrastructure.Tests.Support;

/// <summary>
/// The Bicep CLI from the NuGet package Azure.Bicep.CommandLine.linux-x64 (restored with this project), or the
/// binary BICEP_PATH names, e.g. on macOS the one `az bicep install` puts in ~/.azure/bin/bicep.
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
        var path = Environment.GetEnvironmentVariable("BICEP_PATH");
        if (string.IsNullOrEmpty(path))
        {
            var package = typeof(BicepCli).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                .Single(a => a.Key == "BicepPackagePath").Value;
            path = Path.Combine(package ?? "", "tools", "bicep");
        }

        if (!File.Exists(path))
        {
            throw new InvalidOperationException(
                $"No Bicep CLI at '{path}'. Run `dotnet restore` (it brings the package Azure.Bicep.CommandLine.linux-x64), " +
                "or set BICEP_PATH to a bicep executable for this machine.");
        }

        return EnsureExecutable(path);
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
