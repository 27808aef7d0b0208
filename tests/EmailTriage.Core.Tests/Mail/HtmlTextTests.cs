using System.Text;
using EmailTriage.Mail;

namespace EmailTriage.Core.Tests.Mail;

public sealed class HtmlTextTests
{
    [Fact]
    public void Drops_head_script_style_and_noscript()
    {
        var text = HtmlText.ToText("<head><title>T</title><style>p{}</style></head><script>var x;</script><noscript>Enable JS</noscript><p>Kept</p>", 1000);

        Assert.Equal("Kept", text.Trim());
    }

    [Fact]
    public void Decodes_entities()
    {
        var text = HtmlText.ToText("<p>Tom &amp; Jerry &lt;3 caf&eacute; &#8364;5</p>", 1000);

        Assert.Equal("Tom & Jerry <3 café €5", text.Trim());
    }

    [Fact]
    public void Block_elements_start_new_lines_and_cells_are_spaced()
    {
        var text = HtmlText.ToText("<p>One</p><div>Two<br>Three</div><table><tr><td>A</td><td>B</td></tr></table>", 1000);

        // Runs of spaces are left for BodyText to collapse; only the breaks matter here.
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(4, lines.Length);
        Assert.Equal(["One", "Two", "Three"], lines[..3]);
        Assert.Matches(@"^A\s+B$", lines[3]);
    }

    [Fact]
    public void Skips_comments()
    {
        Assert.Equal("Visible", HtmlText.ToText("<!-- tracking id 42 -->Visible", 1000));
    }

    [Fact]
    public void Stops_reading_once_it_has_enough()
    {
        var html = new StringBuilder();
        for (var i = 0; i < 10_000; i++)
        {
            html.Append("<p>paragraph ").Append(i).Append("</p>");
        }

        var text = HtmlText.ToText(html.ToString(), 500);

        Assert.InRange(text.Length, 500, 600);
        Assert.DoesNotContain("paragraph 9999", text, StringComparison.Ordinal);
    }
}
