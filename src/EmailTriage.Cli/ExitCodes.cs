using EmailTriage.Errors;

namespace EmailTriage.Cli;

internal static class ExitCodes
{
    public const int Done = 0;
    public const int Usage = 1;
    public const int BadConfiguration = 2;
    public const int ServiceUnavailable = 3;
    public const int SomeMessagesFailed = 4;

    /// <summary>A bug: an error nobody planned for. The message and details go to stderr.</summary>
    public const int Unexpected = 70;

    /// <summary>SIGHUP (the terminal went away), as shells report it.</summary>
    public const int HungUp = 129;

    /// <summary>Ctrl+C, as shells report SIGINT.</summary>
    public const int Interrupted = 130;

    /// <summary>SIGTERM, as shells report it.</summary>
    public const int Terminated = 143;

    /// <summary>The one place a kind of failure becomes an exit code, for every command.</summary>
    public static int For(FailureKind kind) => kind switch
    {
        FailureKind.BadConfiguration => BadConfiguration,
        FailureKind.ServiceUnavailable => ServiceUnavailable,
        FailureKind.MessagesFailed => SomeMessagesFailed,
        _ => Unexpected,
    };

    /// <summary>The exit code of several runs: the worst of theirs (bad configuration, then unavailable, then failed messages).</summary>
    public static int Worst(IEnumerable<FailureKind?> kinds)
    {
        var present = kinds.OfType<FailureKind>().ToList();
        return present.Count == 0 ? Done
            : present.Contains(FailureKind.BadConfiguration) ? BadConfiguration
            : present.Contains(FailureKind.ServiceUnavailable) ? ServiceUnavailable
            : SomeMessagesFailed;
    }
}
