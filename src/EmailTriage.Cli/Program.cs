using System.Collections;
using EmailTriage.Cli;

var environment = Environment.GetEnvironmentVariables()
    .Cast<DictionaryEntry>()
    .Select(e => new KeyValuePair<string, string?>((string)e.Key, e.Value as string));

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // First Ctrl+C: stop taking messages and apply what is decided. Second: the default, immediate exit.
    e.Cancel = !cancel.IsCancellationRequested;
    cancel.Cancel();
};

var console = new CliConsole(Console.Out, Console.Error, Interactive: !Console.IsOutputRedirected);
return await CliApplication.RunAsync(args, new CliEnvironment(Directory.GetCurrentDirectory(), [.. environment], console), cancel.Token);
