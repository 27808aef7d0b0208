namespace EmailTriage.Cli.Evaluation;

/// <summary>One cell; the tone colours it on a terminal (right and wrong in a confusion matrix).</summary>
internal sealed record TableCell(string Text, CellTone Tone = CellTone.Plain)
{
    public static implicit operator TableCell(string text) => new(text);

    public static TableCell FromString(string text) => new(text);
}

internal enum CellTone
{
    Plain,
    Good,
    Bad,
    Faint,
}
