using EmailTriage.Configuration;
using Microsoft.Extensions.Logging;

namespace EmailTriage.Llm;

/// <summary>The OpenAI SDK's way to the servers the settings name: one pool per provider, one connection per server.</summary>
internal sealed class LlmTransport(ILoggerFactory loggers, TimeProvider time) : ILlmTransport
{
    public ILlmServers Connect(LlmOptions options) => LlmProviders.From(options, loggers, time);
}
