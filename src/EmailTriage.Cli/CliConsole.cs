namespace EmailTriage.Cli;

/// <summary>Where the CLI writes; tests pass string writers. Interactive means a person watches a terminal.</summary>
internal sealed record CliConsole(TextWriter Out, TextWriter Error, bool Interactive);
