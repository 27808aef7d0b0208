namespace EmailTriage.Cli;

/// <summary>Everything the CLI takes from the process: working directory, environment variables, console.</summary>
internal sealed record CliEnvironment(string WorkingDirectory, IReadOnlyList<KeyValuePair<string, string?>> Variables, CliConsole Console);
