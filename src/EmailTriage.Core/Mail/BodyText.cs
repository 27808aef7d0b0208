using System.Text;

namespace EmailTriage.Mail;

/// <summary>Cheap trimming of what a classifier does not need: quoted replies, signatures, blank runs.</summary>
internal static class BodyText
{
    public static string Clean(string text, int maxChars)
    {
        var result = new StringBuilder();
        var blank = false;
        foreach (var raw in text.AsSpan().EnumerateLines())
        {
            var line = raw.Trim();
            if (IsEndOfNewText(line))
            {
                break;
            }

            if (line.StartsWith('>'))
            {
                continue;
            }

            if (line.IsEmpty)
            {
                blank = result.Length > 0;
                continue;
            }

            if (blank)
            {
                result.Append('\n');
                blank = false;
            }

            AppendCollapsed(result, line);
            result.Append('\n');
            if (result.Length >= maxChars)
            {
                break;
            }
        }

        return Cut(result.ToString().TrimEnd(), maxChars);
    }

    private static bool IsEndOfNewText(ReadOnlySpan<char> line) =>
        line is "--" or "-- " or "__" ||
        line.StartsWith("-----Original Message-----", StringComparison.OrdinalIgnoreCase) ||
        (line.StartsWith("On ", StringComparison.Ordinal) && line.EndsWith("wrote:", StringComparison.Ordinal)) ||
        // German puts the name after the verb: "Am 02.11.2026 um 10:00 schrieb Ana Ruiz <ana@example.com>:".
        (line.StartsWith("Am ", StringComparison.Ordinal) && line.EndsWith(':') && line.Contains(" schrieb", StringComparison.Ordinal)) ||
        (line.StartsWith("Le ", StringComparison.Ordinal) && line.EndsWith("a écrit :", StringComparison.Ordinal));

    private static void AppendCollapsed(StringBuilder builder, ReadOnlySpan<char> line)
    {
        var space = false;
        foreach (var c in line)
        {
            if (char.IsWhiteSpace(c) || c == '\u200c' || c == '\u00ad')
            {
                space = true;
                continue;
            }

            if (space)
            {
                builder.Append(' ');
                space = false;
            }

            builder.Append(c);
        }
    }

    private static string Cut(string text, int maxChars)
    {
        if (text.Length <= maxChars)
        {
            return text;
        }

        var cut = text.LastIndexOf(' ', maxChars - 1, Math.Min(40, maxChars - 1));
        return string.Concat(text.AsSpan(0, cut > 0 ? cut : maxChars - 1), "…");
    }
}
