using Spectre.Console;

namespace EmailTriage.Cli;

/// <summary>Where the CLI writes; tests pass string writers. Interactive means a person watches a terminal.</summary>
internal sealed record CliConsole(TextWriter Out, TextWriter Error, bool Interactive)
{
    /// <summary>Spectre.Console drawing on <see cref="Out"/>: progress bars and tables, for interactive output only.</summary>
    public IAnsiConsole Terminal() => AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Out) });
}
