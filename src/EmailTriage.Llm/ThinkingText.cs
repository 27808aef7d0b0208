namespace EmailTriage.Llm;

/// <summary>
/// Separates a thinking model's inline reasoning from its answer: <c>&lt;think&gt;…&lt;/think&gt;</c> (Qwen3,
/// DeepSeek-R1 distills; the opening tag may be in the prompt template, so a lone closing tag counts), and the
/// final channel of gpt-oss's harmony format. The label is only ever read from what comes after the reasoning.
/// </summary>
internal static class ThinkingText
{
    private static readonly string[] Opens = ["<think>", "<thinking>"];
    private static readonly string[] Closes = ["</think>", "</thinking>"];
    private const string HarmonyFinal = "<|channel|>final<|message|>";
    private const string HarmonyChannel = "<|channel|>";

    /// <summary>The answer part of <paramref name="content"/>, and whether any reasoning was found in it.</summary>
    public static (string Answer, bool Thought) Split(string content)
    {
        if (content.Contains(HarmonyChannel, StringComparison.Ordinal))
        {
            var final = content.LastIndexOf(HarmonyFinal, StringComparison.Ordinal);
            return final < 0 ? (string.Empty, true) : (StripHarmonyEnd(content[(final + HarmonyFinal.Length)..]), true);
        }

        var close = LastIndexOfAny(content, Closes, out var closeLength);
        if (close >= 0)
        {
            return (content[(close + closeLength)..].Trim(), true);
        }

        // An opening tag with no end: the budget ran out mid-thought, there is no answer yet.
        var open = IndexOfAny(content, Opens);
        return open >= 0 ? (content[..open].Trim(), true) : (content, false);
    }

    private static string StripHarmonyEnd(string text)
    {
        var end = text.IndexOf("<|", StringComparison.Ordinal);
        return (end >= 0 ? text[..end] : text).Trim();
    }

    private static int LastIndexOfAny(string text, string[] tags, out int length)
    {
        var best = -1;
        length = 0;
        foreach (var tag in tags)
        {
            var index = text.LastIndexOf(tag, StringComparison.OrdinalIgnoreCase);
            if (index > best)
            {
                best = index;
                length = tag.Length;
            }
        }

        return best;
    }

    private static int IndexOfAny(string text, string[] tags)
    {
        var best = -1;
        foreach (var tag in tags)
        {
            var index = text.IndexOf(tag, StringComparison.OrdinalIgnoreCase);
            if (index >= 0 && (best < 0 || index < best))
            {
                best = index;
            }
        }

        return best;
    }
}
