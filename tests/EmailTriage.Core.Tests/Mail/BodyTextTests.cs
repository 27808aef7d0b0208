using EmailTriage.Mail;

namespace EmailTriage.Core.Tests.Mail;

public sealed class BodyTextTests
{
    [Fact]
    public void Short_text_is_kept()
    {
        Assert.Equal("Hello there.", BodyText.Clean("Hello there.", 100));
    }

    [Fact]
    public void Collapses_whitespace_and_runs_of_blank_lines()
    {
        Assert.Equal("One two\n\nThree", BodyText.Clean("\n\n  One \t  two  \n\n\n\n   \nThree\n\n", 100));
    }

    [Fact]
    public void Removes_invisible_preheader_padding()
    {
        Assert.Equal("Sale starts now", BodyText.Clean("Sale\u200c\u00a0\u200c\u00a0\u00adstarts now", 100));
    }

    [Theory]
    [InlineData("-----Original Message-----")]
    [InlineData("Am 02.11.2026 um 10:00 schrieb Ana Ruiz:")]
    [InlineData("Am Mo., 2. Nov. 2026 um 10:00 Uhr schrieb Ana Ruiz <ana@example.com>:")]
    [InlineData("On Mon, 2 Nov 2026 at 10:00, Ana Ruiz <ana@example.com> wrote:")]
    [InlineData("Le 2 nov. 2026 à 10:00, Ana a écrit :")]
    [InlineData("__")]
    [InlineData("--")]
    public void Stops_where_the_new_text_ends(string marker)
    {
        Assert.Equal("New text.", BodyText.Clean($"New text.\n{marker}\nOld text.", 100));
    }

    [Fact]
    public void A_line_merely_starting_with_On_is_kept()
    {
        Assert.Equal("On Monday we ship.", BodyText.Clean("On Monday we ship.", 100));
    }

    [Fact]
    public void Long_text_is_cut_at_a_word_with_an_ellipsis()
    {
        var text = string.Join(' ', Enumerable.Repeat("word", 100));

        var cut = BodyText.Clean(text, 102);

        Assert.True(cut.Length <= 102);
        Assert.EndsWith("word…", cut, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_without_spaces_is_cut_exactly_at_the_budget()
    {
        var cut = BodyText.Clean(new string('x', 500), 100);

        Assert.Equal(100, cut.Length);
        Assert.EndsWith("x…", cut, StringComparison.Ordinal);
    }
}
