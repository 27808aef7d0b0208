namespace EmailTriage.Evaluation;

/// <summary>Counts of messages by truth (rows) and answer (columns); the last column, "(none)", counts messages left unlabelled.</summary>
public sealed record ConfusionMatrix(IReadOnlyList<string> Truths, IReadOnlyList<string> Answers, IReadOnlyList<IReadOnlyList<int>> Counts)
{
    /// <summary>The column for messages that got no label (the LLM failed for them).</summary>
    public const string None = "(none)";

    public int Count(string truth, string answer)
    {
        var row = IndexOf(Truths, truth);
        var column = IndexOf(Answers, answer);
        return row < 0 || column < 0 ? 0 : Counts[row][column];
    }

    public int RowTotal(string truth)
    {
        var row = IndexOf(Truths, truth);
        return row < 0 ? 0 : Counts[row].Sum();
    }

    private static int IndexOf(IReadOnlyList<string> names, string name)
    {
        for (var i = 0; i < names.Count; i++)
        {
            if (string.Equals(names[i], name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }
}
