using EmailTriage.Classification;
using EmailTriage.Configuration;
using EmailTriage.Labels;
using EmailTriage.Llm;
using Microsoft.Extensions.Logging.Abstractions;

namespace EmailTriage.Core.Tests.Support;

/// <summary>The real SDK client pointed at a loopback server, with no retries unless a test asks for them.</summary>
internal static class LlmSetup
{
    public static LlmOptions Options(Uri baseUrl, Action<LlmOptions>? configure = null)
    {
        var options = new LlmOptions { BaseUrl = baseUrl.ToString(), Model = "test-model", MaxRetries = 0, TimeoutSeconds = 30 };
        configure?.Invoke(options);
        return options;
    }

    public static LlmConnection Connection(Uri baseUrl, Action<LlmOptions>? configure = null) => new(Options(baseUrl, configure));

    /// <summary>The classifier chain with this one server as its LLM: for messages no rule matches, the LLM step and the fallback.</summary>
    public static MessageClassifier Classifier(LlmConnection connection, LabelConfig labels) =>
        new(labels, new LlmClassifier(LlmProviders.Single(connection), new PromptBuilder(labels), NullLogger<LlmClassifier>.Instance));

    public static Uri Unreachable() => new($"http://127.0.0.1:{EmailTriage.Testing.FakeLlmServer.GetUnusedPort()}/v1");
}
