using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.ApplicationInsights;

namespace EmailTriage.Functions.Tests;

public sealed partial class LogLevelSettingTests
{
    [Theory]
    [InlineData("WARNING", LogLevel.Warning)]
    [InlineData("DEBUG", LogLevel.Debug)]
    [InlineData(null, LogLevel.Information)]
    public async Task Our_categories_log_from_the_level_log_level_names(string? setting, LogLevel expected)
    {
        await using var provider = Compose(setting, out var written);
        var logger = provider.GetRequiredService<ILoggerFactory>().CreateLogger("EmailTriage.Triage.TriageRunner");

        foreach (var level in new[] { LogLevel.Debug, LogLevel.Information, LogLevel.Warning, LogLevel.Error })
        {
            Line(logger, level);
        }

        Assert.Equal(Enum.GetValues<LogLevel>().Where(l => l >= expected && l is >= LogLevel.Debug and <= LogLevel.Error), written);
    }

    [Fact]
    public async Task Application_insights_gets_our_categories_at_log_level()
    {
        await using var provider = Compose("ERROR", out _);

        var rules = provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<LoggerFilterOptions>>().Value.Rules;

        Assert.Contains(rules, r => r.ProviderName == typeof(ApplicationInsightsLoggerProvider).FullName && r.CategoryName == "EmailTriage" && r.LogLevel == LogLevel.Error);
    }

    [Fact]
    public void A_log_level_that_is_no_level_names_the_setting()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new("LOG_LEVEL", "LOUD")]).Build();

        var error = Assert.Throws<EmailTriage.Configuration.SettingsException>(() => new ServiceCollection().AddEmailTriageFunctions(configuration, AppContext.BaseDirectory));

        Assert.StartsWith("LOG_LEVEL 'LOUD'", error.Message, StringComparison.Ordinal);
    }

    // As Program.cs composes the host, plus a provider that records the levels it was given.
    private static ServiceProvider Compose(string? logLevel, out List<LogLevel> written)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new("LOG_LEVEL", logLevel)]).Build();
        var recorder = new RecordingLoggerProvider();
        written = recorder.Levels;
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddLogging(builder => builder.AddProvider(recorder));
        services.AddApplicationInsightsTelemetryWorkerService().ConfigureFunctionsApplicationInsights();
        services.AddEmailTriageFunctions(configuration, AppContext.BaseDirectory);
        return services.BuildServiceProvider();
    }

    [LoggerMessage(Message = "a line")]
    private static partial void Line(ILogger logger, LogLevel level);

    private sealed class RecordingLoggerProvider : ILoggerProvider, ILogger
    {
        public List<LogLevel> Levels { get; } = [];

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Levels.Add(logLevel);

        public void Dispose()
        {
        }
    }
}
