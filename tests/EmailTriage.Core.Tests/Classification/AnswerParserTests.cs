using EmailTriage.Classification;
using EmailTriage.Core.Tests.Support;
using EmailTriage.Labels;

namespace EmailTriage.Core.Tests.Classification;

public sealed class AnswerParserTests
{
    private static readonly LabelConfig Labels = TestLabels.Parse("""
        {
          "labels": [
            { "name": "Work", "description": "d" },
            { "name": "Finance", "description": "d" },
            { "name": "Triage/Receipts", "description": "d" }
          ],
          "fallback": "Review"
        }
        """);

    private static string? Parse(string? answer) => AnswerParser.Parse(answer, Labels);

    [Theory]
    [InlineData("""{"label":"Finance"}""")]
    [InlineData("""{ "label": " finance " }""")]
    [InlineData("""{"Label":"Finance"}""")]
    [InlineData("Sure! {\"label\": \"Finance\"}")]
    public void Reads_json(string answer)
    {
        Assert.Equal("Finance", Parse(answer));
    }

    [Fact]
    public void Reads_json_in_a_code_fence()
    {
        Assert.Equal("Finance", Parse("```json\n{\"label\": \"Finance\"}\n```"));
    }

    [Theory]
    [InlineData("Finance")]
    [InlineData("finance")]
    [InlineData("FINANCE\n")]
    [InlineData("Label: Finance.")]
    [InlineData("**Finance**")]
    [InlineData("\"Finance\"")]
    [InlineData("Category: `Finance`")]
    [InlineData("The label is Finance.")]
    [InlineData("I would file this under Finance because it is an invoice.")]
    public void Reads_free_text(string answer)
    {
        Assert.Equal("Finance", Parse(answer));
    }

    [Fact]
    public void Fallback_is_a_valid_answer()
    {
        Assert.Equal("Review", Parse("review"));
    }

    [Theory]
    [InlineData("Receipts")]
    [InlineData("""{"label":"receipts"}""")]
    [InlineData("triage/receipts")]
    public void Nested_label_is_found_by_its_last_part(string answer)
    {
        Assert.Equal("Triage/Receipts", Parse(answer));
    }

    [Theory]
    [InlineData("Finance or Work, hard to say.")]
    [InlineData("Spam")]
    [InlineData("""{"label":"Spam"}""")]
    [InlineData("Workshop invitation")]
    [InlineData("")]
    [InlineData("   \n")]
    [InlineData(null)]
    public void Gives_null_for_anything_not_exactly_one_configured_label(string? answer)
    {
        Assert.Null(Parse(answer));
    }

    [Theory]
    [InlineData("This is not Finance.")]
    [InlineData("Not Finance")]
    [InlineData("It isn't Finance.")]
    [InlineData("It isn’t Finance.")]
    [InlineData("Definitely no Finance here")]
    [InlineData("Anything except Finance.")]
    [InlineData("I would never file this under Finance")]
    [InlineData("Rather than Finance, I would pick something else.")]
    [InlineData("It could be Finance or Work.")]
    [InlineData("Finance, Work")]
    [InlineData("Either Work or Triage/Receipts")]
    public void Free_text_that_rejects_or_weighs_labels_is_no_answer(string answer)
    {
        Assert.Null(Parse(answer));
    }

    [Fact]
    public void A_label_whose_own_name_reads_as_a_negation_is_still_read()
    {
        var labels = TestLabels.Parse("""
            { "labels": [ { "name": "Not urgent", "description": "d" }, { "name": "Work", "description": "d" } ] }
            """);

        Assert.Equal("Not urgent", AnswerParser.Parse("I would file this under Not urgent.", labels));
        Assert.Null(AnswerParser.Parse("This is not Work.", labels));
    }

    [Fact]
    public void Json_answer_is_read_even_when_prose_around_it_has_a_negation()
    {
        Assert.Equal("Finance", Parse("Not sure, but: {\"label\": \"Finance\"}"));
    }
}
