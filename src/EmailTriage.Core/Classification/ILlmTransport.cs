using EmailTriage.Configuration;

namespace EmailTriage.Classification;

/// <summary>Connects to the servers the LLM settings name (EmailTriage.Llm registers it with <c>AddLlm</c>).</summary>
public interface ILlmTransport
{
    /// <summary>The servers of <paramref name="options"/>, which name at least one (LLM_BASE_URL is set).</summary>
    ILlmServers Connect(LlmOptions options);
}
