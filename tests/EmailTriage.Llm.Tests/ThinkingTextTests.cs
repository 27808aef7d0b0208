using EmailTriage.Llm;
using EmailTriage.Classification;

namespace EmailTriage.Llm.Tests;

public sealed class ThinkingTextTests
{
    [Theory]
    [InlineData("<think>Invoice, so Finance.</think>Finance", "Finance")]
    [InlineData("<THINK>a</THINK>\n\nFinance", "Finance")]
    [InlineData("<thinking>a</thinking> Finance", "Finance")]
    [InlineData("Not in the template.</think>Finance", "Finance")]
    [InlineData("<think>one</think><think>two</think>Finance", "Finance")]
    [InlineData("<|channel|>analysis<|message|>Invoice: Finance or Work?<|end|><|start|>assistant<|channel|>final<|message|>Finance<|return|>", "Finance")]
    public void The_answer_is_what_comes_after_the_reasoning(string content, string answer)
    {
        Assert.Equal((answer, true), ThinkingText.Split(content));
    }

    [Theory]
    [InlineData("<think>The sender is a bank, so")]
    [InlineData("<|channel|>analysis<|message|>The sender is a bank")]
    public void Reasoning_cut_off_by_the_budget_has_no_answer(string content)
    {
        Assert.Equal(("", true), ThinkingText.Split(content));
    }

    [Fact]
    public void An_answer_without_reasoning_is_untouched()
    {
        Assert.Equal(("{\"label\": \"Finance\"}", false), ThinkingText.Split("{\"label\": \"Finance\"}"));
    }
}
