using System.Collections;
using EmailTriage.Cli;

var environment = Environment.GetEnvironmentVariables()
    .Cast<DictionaryEntry>()
    .Select(e => new KeyValuePair<string, string?>((string)e.Key, e.Value as string));

// First Ctrl+C, SIGTERM or SIGHUP: stop taking messages and apply what is decided. The same signal again: exit at once.
using var interrupt = new CliInterrupt();
using var signals = ProcessSignals.Listen(interrupt);

var console = new CliConsole(Console.Out, Console.Error, Interactive: !Console.IsOutputRedirected);
return await CliApplication.RunAsync(args, new CliEnvironment(Directory.GetCurrentDirectory(), [.. environment], console), interrupt);
