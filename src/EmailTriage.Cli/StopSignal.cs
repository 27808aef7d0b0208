using System.Runtime.InteropServices;

namespace EmailTriage.Cli;

/// <summary>A signal that stops a run the way Ctrl+C does, with the name people see and the exit code shells report for it (128 + number).</summary>
internal sealed record StopSignal(PosixSignal Signal, string Name, int ExitCode)
{
    public static StopSignal Interrupt { get; } = new(PosixSignal.SIGINT, "SIGINT (Ctrl+C)", ExitCodes.Interrupted);

    /// <summary>What service managers, <c>kill</c> and container runtimes send to ask for a stop.</summary>
    public static StopSignal Terminate { get; } = new(PosixSignal.SIGTERM, "SIGTERM", ExitCodes.Terminated);

    /// <summary>The terminal went away (an SSH session dropped, the window closed).</summary>
    public static StopSignal HangUp { get; } = new(PosixSignal.SIGHUP, "SIGHUP", ExitCodes.HungUp);

    public static IReadOnlyList<StopSignal> All { get; } = [Interrupt, Terminate, HangUp];
}
