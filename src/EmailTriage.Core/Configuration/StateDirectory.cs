using Microsoft.Extensions.Configuration;

namespace EmailTriage.Configuration;

/// <summary>
/// The app's own state on this machine (the one-run-per-mailbox locks): EMAILTRIAGE_STATE_DIR, else the platform's
/// per-user state folder. Not the temp folder: two runs with different TMPDIRs are still two runs on one machine.
/// </summary>
public sealed record StateDirectory(string Path)
{
    public const string SettingName = "EMAILTRIAGE_STATE_DIR";

    public static StateDirectory From(IConfiguration configuration, AppPaths paths)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(paths);
        return configuration[SettingName] is { Length: > 0 } configured
            ? new StateDirectory(paths.Resolve(configured))
            : new StateDirectory(PlatformDefault());
    }

    private static string PlatformDefault()
    {
        if (OperatingSystem.IsWindows() || OperatingSystem.IsMacOS())
        {
            // %LOCALAPPDATA%\EmailTriage on Windows, ~/Library/Application Support/EmailTriage on macOS.
            return System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "EmailTriage");
        }

        // The XDG base directory spec: $XDG_STATE_HOME, else ~/.local/state.
        var xdg = Environment.GetEnvironmentVariable("XDG_STATE_HOME");
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return System.IO.Path.Combine(xdg is { Length: > 0 } ? xdg : System.IO.Path.Combine(home, ".local", "state"), "emailtriage");
    }
}
