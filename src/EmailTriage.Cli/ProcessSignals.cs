using System.Runtime.InteropServices;

namespace EmailTriage.Cli;

/// <summary>Turns SIGINT, SIGTERM and SIGHUP into a graceful stop: labels already decided are applied before the process exits.</summary>
internal sealed class ProcessSignals : IDisposable
{
    private readonly PosixSignalRegistration[] _registrations;

    private ProcessSignals(PosixSignalRegistration[] registrations)
    {
        _registrations = registrations;
    }

    public static ProcessSignals Listen(CliInterrupt interrupt) => new(
        [.. StopSignal.All.Select(signal => PosixSignalRegistration.Create(signal.Signal, context => context.Cancel = interrupt.Stop(signal)))]);

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }
    }
}
