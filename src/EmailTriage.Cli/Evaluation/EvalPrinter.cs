using EmailTriage.Evaluation;
using Spectre.Console;

namespace EmailTriage.Cli.Evaluation;

/// <summary>Prints the evaluation: padded text when the output is not a terminal, terminal tables when a person watches.</summary>
internal static class EvalPrinter
{
    public static void WritePlain(TextWriter writer, IReadOnlyList<(string Name, EvalResult Result)> results)
    {
        foreach (var (heading, tables) in Sections(results))
        {
            writer.WriteLine(heading);
            writer.WriteLine();
            foreach (var table in tables)
            {
                table.WritePlain(writer);
            }
        }
    }

    public static void WriteTables(CliConsole console, IReadOnlyList<(string Name, EvalResult Result)> results)
    {
        var terminal = console.Terminal();
        foreach (var (heading, tables) in Sections(results))
        {
            terminal.Write(new Text(heading + "\n\n"));
            foreach (var table in tables)
            {
                if (table.Headers.Count == 0)
                {
                    terminal.Write(new Text(table.Title + "\n\n"));
                    continue;
                }

                terminal.Write(ToSpectre(table));
                terminal.WriteLine();
            }
        }
    }

    // One configuration: all its tables. Two: each one's scores and confusion, then the side-by-side comparison.
    private static IEnumerable<(string Heading, IReadOnlyList<TextTable> Tables)> Sections(IReadOnlyList<(string Name, EvalResult Result)> results)
    {
        if (results.Count == 1)
        {
            var result = results[0].Result;
            yield return (EvalTables.Heading(result),
            [
                EvalTables.Figures(result), .. Optional(EvalLearningTables.Measured(result)), EvalLearningTables.PerSource(result), .. Optional(EvalLearningTables.Curve(result)),
                EvalTables.PerLabel(result), EvalTables.Confusion(result), .. Optional(EvalTables.Mistakes(result)),
            ]);
            yield break;
        }

        foreach (var (name, result) in results)
        {
            yield return ($"[{name}] {EvalTables.Heading(result)}", [EvalTables.PerLabel(result), EvalTables.Confusion(result)]);
        }

        yield return ("Side by side", [EvalTables.Comparison(results)]);
    }

    private static IEnumerable<TextTable> Optional(TextTable? table) => table is null ? [] : [table];

    private static Table ToSpectre(TextTable table)
    {
        var spectre = new Table().Title(Markup.Escape(table.Title));
        foreach (var (header, column) in table.Headers.Select((h, i) => (h, i)))
        {
            var tableColumn = new TableColumn(new Text(header));
            spectre.AddColumn(table.IsText(column) ? tableColumn : tableColumn.RightAligned());
        }

        foreach (var row in table.Rows)
        {
            spectre.AddRow([.. row.Select(cell => new Text(cell.Text, Style(cell.Tone)))]);
        }

        return spectre;
    }

    private static Style Style(CellTone tone) => tone switch
    {
        CellTone.Good => new Style(Color.Green),
        CellTone.Bad => new Style(Color.Red),
        CellTone.Faint => new Style(Color.Grey),
        _ => Spectre.Console.Style.Plain,
    };
}
