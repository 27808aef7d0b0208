using System.Text;
using MimeKit.Text;

namespace EmailTriage.Mail;

/// <summary>Turns HTML into readable text, stopping once it has enough.</summary>
internal static class HtmlText
{
    private static readonly HashSet<string> Hidden = new(StringComparer.OrdinalIgnoreCase) { "script", "style", "head", "title", "noscript", "template" };

    private static readonly HashSet<string> Blocks = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol", "blockquote", "section", "article", "hr", "td",
    };

    public static string ToText(string html, int maxChars)
    {
        var text = new StringBuilder();
        var hiddenDepth = 0;
        using var reader = new StringReader(html);
        var tokenizer = new HtmlTokenizer(reader);
        while (text.Length < maxChars && tokenizer.ReadNextToken(out var token))
        {
            switch (token)
            {
                case HtmlTagToken tag when Hidden.Contains(tag.Name):
                    hiddenDepth = tag.IsEndTag ? Math.Max(0, hiddenDepth - 1) : tag.IsEmptyElement ? hiddenDepth : hiddenDepth + 1;
                    break;
                case HtmlTagToken tag when Blocks.Contains(tag.Name):
                    text.Append(tag.Name is "td" ? ' ' : '\n');
                    break;
                case HtmlDataToken data when hiddenDepth == 0:
                    text.Append(data.Data);
                    break;
            }
        }

        return text.ToString();
    }
}
