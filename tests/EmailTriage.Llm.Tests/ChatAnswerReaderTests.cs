using EmailTriage.Llm;
using EmailTriage.Classification;

namespace EmailTriage.Llm.Tests;

/// <summary>Chat completion bodies as real servers send them, read into one answer or refused.</summary>
public sealed class ChatAnswerReaderTests
{
    private static readonly LlmUsage Estimated = new(1, 7, 3) { EstimatedCalls = 1 };

    private static ChatAnswer? Read(string json) => ChatAnswerReader.Read(BinaryData.FromString(json), _ => Estimated);

    private static string Body(string finish, string message, string usage = """, "usage": {"prompt_tokens": 120, "completion_tokens": 9, "total_tokens": 129}""") =>
        $$"""{"id": "c1", "object": "chat.completion", "created": 1, "model": "m", "choices": [{"index": 0, "message": {{message}}, "finish_reason": {{finish}}}]{{usage}}}""";

    [Theory]
    [InlineData("\"stop\"", "stop")]
    [InlineData("null", null)]
    [InlineData("\"abort\"", "abort")]
    [InlineData("\"repetition\"", "repetition")]
    [InlineData("\"error\"", "error")]
    [InlineData("\"eos\"", "eos")]
    public void Any_finish_reason_or_none_gives_the_answer(string finish, string? expected)
    {
        var answer = Read(Body(finish, """{"role": "assistant", "content": "{\"label\": \"Work\"}"}"""))!;

        Assert.Equal("""{"label": "Work"}""", answer.Text);
        Assert.Equal(expected, answer.FinishReason);
        Assert.Equal(new LlmUsage(1, 120, 9), answer.Usage);
    }

    [Fact]
    public void A_missing_finish_reason_field_does_not_stop_the_answer()
    {
        var answer = Read("""{"choices": [{"index": 0, "message": {"role": "assistant", "content": "Work"}}]}""")!;

        Assert.Equal("Work", answer.Text);
        Assert.False(answer.CutAtBudget);
    }

    [Fact]
    public void Content_as_a_list_of_parts_is_joined()
    {
        var answer = Read(Body("null", """{"role": "assistant", "content": [{"type": "text", "text": "Wo"}, {"type": "text", "text": "rk"}]}"""))!;

        Assert.Equal("Work", answer.Text);
    }

    [Fact]
    public void Missing_usage_is_estimated()
    {
        var answer = Read(Body("\"stop\"", """{"role": "assistant", "content": "Work"}""", usage: ""))!;

        Assert.Equal(Estimated, answer.Usage);
        Assert.True(answer.Usage.IsEstimated);
    }

    [Fact]
    public void Reasoning_in_its_own_field_stays_out_of_the_answer()
    {
        var answer = Read(Body("\"stop\"", """{"role": "assistant", "content": "Finance", "reasoning_content": "It mentions Work, but it is an invoice."}"""))!;

        Assert.Equal("Finance", answer.Text);
    }

    [Theory]
    [InlineData("reasoning_content")]
    [InlineData("reasoning")]
    public void Empty_content_with_reasoning_cut_at_the_budget_is_only_thought(string field)
    {
        var answer = Read(Body("\"length\"", $$"""{"role": "assistant", "content": null, "{{field}}": "Let me think about the sender"}"""))!;

        Assert.Equal("", answer.Text);
        Assert.True(answer.Thought);
        Assert.True(answer.OnlyThought);
    }

    [Fact]
    public void Hidden_reasoning_tokens_count_as_thought()
    {
        var answer = Read(Body("\"length\"", """{"role": "assistant", "content": ""}""",
            usage: """, "usage": {"prompt_tokens": 100, "completion_tokens": 32, "completion_tokens_details": {"reasoning_tokens": 32}}"""))!;

        Assert.True(answer.OnlyThought);
    }

    [Fact]
    public void Inline_think_block_is_taken_out()
    {
        var answer = Read(Body("\"stop\"", """{"role": "assistant", "content": "<think>Work? No: an invoice.</think>\n\n{\"label\": \"Finance\"}"}"""))!;

        Assert.Equal("""{"label": "Finance"}""", answer.Text);
        Assert.True(answer.Thought);
        Assert.False(answer.OnlyThought);
    }

    [Fact]
    public void Unknown_extra_fields_are_ignored()
    {
        var answer = Read("""
            {"id": "c1", "object": "chat.completion", "created": 1, "model": "m", "system_fingerprint": "fp_ollama", "x_groq": {"id": "r"},
             "choices": [{"index": 0, "logprobs": null, "stop_reason": 128009, "message": {"role": "assistant", "content": "Work", "tool_calls": []}, "finish_reason": "abort"}],
             "usage": {"prompt_tokens": 5, "completion_tokens": 1, "total_tokens": 6, "prompt_tokens_details": {"cached_tokens": 4}}}
            """)!;

        Assert.Equal("Work", answer.Text);
        Assert.Equal(new LlmUsage(1, 5, 1), answer.Usage);
    }

    [Theory]
    [InlineData("<html><body>502 Bad Gateway</body></html>")]
    [InlineData("""{"object": "list", "data": []}""")]
    [InlineData("""{"choices": []}""")]
    [InlineData("[1, 2]")]
    public void A_body_that_is_not_a_chat_completion_is_null(string body)
    {
        Assert.Null(Read(body));
    }
}
