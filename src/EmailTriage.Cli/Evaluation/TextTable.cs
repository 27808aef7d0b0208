namespace EmailTriage.Cli.Evaluation;

/// <summary>
/// A titled table of already formatted cells, drawn as padded text or as a terminal table. The first
/// <see cref="TextColumns"/> columns hold names and are left-aligned; the others hold figures and are right-aligned.
/// </summary>
internal sealed record TextTable(string Title, IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<TableCell>> Rows)
{
    public int TextColumns { get; init; } = 1;

    public bool IsText(int column) => column < TextColumns;

    public void WritePlain(TextWriter writer)
    {
        var widths = Headers.Select((header, column) => Rows.Select(row => row[column].Text.Length).Append(header.Length).Max()).ToList();
        writer.WriteLine(Title);
        if (Headers.Count == 0)
        {
            writer.WriteLine();
            return;
        }

        writer.WriteLine(Line(Headers, widths));
        foreach (var row in Rows)
        {
            writer.WriteLine(Line([.. row.Select(cell => cell.Text)], widths));
        }

        writer.WriteLine();
    }

    private string Line(IReadOnlyList<string> cells, List<int> widths) =>
        ("  " + string.Join("  ", cells.Select((text, column) => IsText(column) ? text.PadRight(widths[column]) : text.PadLeft(widths[column])))).TrimEnd();
}
