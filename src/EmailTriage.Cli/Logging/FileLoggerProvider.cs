using Microsoft.Extensions.Logging;

namespace EmailTriage.Cli.Logging;

[ProviderAlias("File")]
internal sealed class FileLoggerProvider(SharedLogFile file) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new FileLogger(categoryName, file);

    public void Dispose() => file.Dispose();
}
