using EmailTriage.Llm;
using EmailTriage.Classification;

namespace EmailTriage.Llm.Tests;

public sealed class ChatDialectTests
{
    [Fact]
    public void Openai_gets_only_max_completion_tokens_and_ollama_only_max_tokens()
    {
        Assert.Equal((false, true), (ChatDialect.For(LlmServerKind.OpenAi).MaxTokens, ChatDialect.For(LlmServerKind.OpenAi).MaxCompletionTokens));
        Assert.Equal((true, false), (ChatDialect.For(LlmServerKind.Ollama).MaxTokens, ChatDialect.For(LlmServerKind.Ollama).MaxCompletionTokens));
        Assert.Equal((true, true), (ChatDialect.For(LlmServerKind.Unknown).MaxTokens, ChatDialect.For(LlmServerKind.Unknown).MaxCompletionTokens));
    }

    [Fact]
    public void Only_self_hosted_servers_get_a_thinking_switch()
    {
        Assert.True(ChatDialect.For(LlmServerKind.Vllm).ChatTemplateNoThinking);
        Assert.True(ChatDialect.For(LlmServerKind.Ollama).ReasoningEffortNone);
        foreach (var kind in new[] { LlmServerKind.OpenAi, LlmServerKind.Together, LlmServerKind.LiteLlm, LlmServerKind.Unknown })
        {
            var dialect = ChatDialect.For(kind);
            Assert.False(dialect.ChatTemplateNoThinking || dialect.ReasoningEffortNone, kind.ToString());
        }
    }

    [Fact]
    public void A_refused_field_is_dropped_and_nothing_else()
    {
        var dialect = ChatDialect.For(LlmServerKind.Unknown);

        Assert.Equal(dialect with { MaxTokens = false },
            dialect.Without("Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead."));
        Assert.Equal(dialect with { Temperature = false },
            dialect.Without("Unsupported value: 'temperature' does not support 0 with this model. Only the default (1) value is supported."));
        Assert.Equal(dialect with { JsonSchema = false }, dialect.Without("response_format type json_schema is not supported"));
        Assert.Null(dialect.Without("messages too long"));
    }

    [Fact]
    public void Ollamas_refusal_of_thinking_for_a_model_without_it_drops_the_switch()
    {
        var ollama = ChatDialect.For(LlmServerKind.Ollama);

        Assert.Equal(ollama with { ReasoningEffortNone = false }, ollama.Without("\"llama3.2\" does not support thinking"));
    }

    [Fact]
    public void The_last_budget_field_is_never_dropped()
    {
        var openAi = ChatDialect.For(LlmServerKind.OpenAi);

        Assert.Null(openAi.Without("max_tokens is too large"));
    }
}
