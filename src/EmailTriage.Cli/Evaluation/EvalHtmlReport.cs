using System.Globalization;
using System.Net;
using System.Text;
using EmailTriage.Evaluation;

namespace EmailTriage.Cli.Evaluation;

/// <summary>
/// A self-contained HTML page: figures, the confusion matrix as a heat map and every misclassified message.
/// Subjects and senders come from untrusted mail, so every text is HTML-encoded and the page forbids scripts.
/// </summary>
internal static class EvalHtmlReport
{
    private const string Style = """
        body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1f2328; margin: 2rem auto; max-width: 72rem; padding: 0 1rem; }
        h1 { font-size: 1.6rem; } h2 { margin-top: 2.5rem; border-bottom: 1px solid #d0d7de; padding-bottom: .3rem; } h3 { margin-top: 1.6rem; }
        .meta { color: #59636e; }
        table { border-collapse: collapse; margin: .5rem 0; }
        th, td { border: 1px solid #d0d7de; padding: .3rem .6rem; text-align: right; vertical-align: top; }
        th:first-child, td:first-child, .text { text-align: left; }
        th { background: #f6f8fa; }
        .heat td { min-width: 3.2rem; text-align: center; }
        .heat td.zero { color: #afb8c1; }
        .mistakes td { text-align: left; }
        .small { font-size: .85rem; color: #59636e; }
        """;

    public static async Task WriteAsync(string path, IReadOnlyList<(string Name, EvalResult Result)> results, DateTimeOffset generatedAt, CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        await File.WriteAllTextAsync(path, Render(results, generatedAt), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), cancellationToken);
    }

    public static string Render(IReadOnlyList<(string Name, EvalResult Result)> results, DateTimeOffset generatedAt)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>EmailTriage evaluation</title>\n<style>\n").Append(Style).Append("\n</style>\n</head>\n<body>\n")
            .Append("<h1>EmailTriage evaluation</h1>\n")
            .Append("<p class=\"meta\">").Append(Encode(EvalTables.SetDescription(results[0].Result))).Append("; written ")
            .Append(Encode(generatedAt.ToString("yyyy-MM-dd HH:mm zzz", CultureInfo.InvariantCulture))).Append("</p>\n");

        if (results.Count > 1)
        {
            html.Append("<h2>Side by side</h2>\n");
            Table(html, EvalTables.Comparison(results));
        }

        foreach (var (name, result) in results)
        {
            Section(html, results.Count > 1 ? name : null, result);
        }

        return html.Append("</body>\n</html>\n").ToString();
    }

    private static void Section(StringBuilder html, string? name, EvalResult result)
    {
        html.Append("<h2>").Append(Encode(name is null ? result.Model : $"{name}: {result.Model}")).Append("</h2>\n")
            .Append("<p class=\"meta\">").Append(Encode($"{result.Endpoint} · labels {result.LabelFile}")).Append("</p>\n");
        Table(html, EvalTables.Figures(result));
        html.Append("<h3>Per source</h3>\n");
        Table(html, EvalLearningTables.PerSource(result));
        if (EvalLearningTables.Measured(result) is { } measured)
        {
            html.Append("<h3>Learned model</h3>\n<p class=\"small\">").Append(Encode(measured.Title)).Append("</p>\n");
            if (measured.Rows.Count > 0)
            {
                Table(html, measured);
            }
        }

        if (result.Learning is { Replay: true } learning)
        {
            html.Append("<h3>Learning curve</h3>\n<p class=\"small\">").Append(Encode(EvalLearningTables.Curve(result)!.Title)).Append("</p>\n");
            CurveChart(html, learning.Curve);
        }

        html.Append("<h3>Per label</h3>\n");
        Table(html, EvalTables.PerLabel(result));
        html.Append("<h3>Confusion matrix</h3>\n<p class=\"small\">Rows are the truth, columns the answer; the colour is the share of the row. ")
            .Append("Green on the diagonal is right, red elsewhere is wrong, and (none) counts messages left without a label.</p>\n");
        HeatMap(html, result.Scores.Confusion);
        Mistakes(html, result.Misclassified);
    }

    private static void Table(StringBuilder html, TextTable table)
    {
        html.Append("<table>\n<tr>");
        foreach (var header in table.Headers)
        {
            html.Append("<th>").Append(Encode(header)).Append("</th>");
        }

        html.Append("</tr>\n");
        foreach (var row in table.Rows)
        {
            html.Append("<tr>");
            for (var column = 0; column < row.Count; column++)
            {
                html.Append(table.IsText(column) ? "<td class=\"text\">" : "<td>").Append(Encode(row[column].Text)).Append("</td>");
            }

            html.Append("</tr>\n");
        }

        html.Append("</table>\n");
    }

    private static void HeatMap(StringBuilder html, ConfusionMatrix matrix)
    {
        html.Append("<table class=\"heat\">\n<tr><th>truth \\ answer</th>");
        foreach (var answer in matrix.Answers)
        {
            html.Append("<th>").Append(Encode(answer)).Append("</th>");
        }

        html.Append("<th>total</th></tr>\n");
        for (var row = 0; row < matrix.Truths.Count; row++)
        {
            var truth = matrix.Truths[row];
            var total = matrix.Counts[row].Sum();
            html.Append("<tr><th>").Append(Encode(truth)).Append("</th>");
            for (var column = 0; column < matrix.Answers.Count; column++)
            {
                var count = matrix.Counts[row][column];
                var answer = matrix.Answers[column];
                var tip = Encode($"truth {truth}, answer {answer}: {count} of {total}");
                if (count == 0)
                {
                    html.Append("<td class=\"zero\" title=\"").Append(tip).Append("\">0</td>");
                    continue;
                }

                // Row share, so a rare label's mistakes show as clearly as a common one's.
                var share = total == 0 ? 0 : (double)count / total;
                var colour = string.Equals(truth, answer, StringComparison.OrdinalIgnoreCase) ? "26, 127, 55" : "207, 34, 46";
                var alpha = (0.12 + (0.78 * share)).ToString("0.00", CultureInfo.InvariantCulture);
                html.Append("<td style=\"background: rgba(").Append(colour).Append(", ").Append(alpha).Append(")\" title=\"").Append(tip).Append("\">")
                    .Append(count.ToString(CultureInfo.InvariantCulture)).Append("</td>");
            }

            html.Append("<td>").Append(total.ToString(CultureInfo.InvariantCulture)).Append("</td></tr>\n");
        }

        html.Append("</table>\n");
    }

    // Per tenth of the replay, as inline SVG lines drawn by the page itself (nothing fetched): the accuracy of the labels given
    // and the share of mail given one are drawn apart, so a model that decides little but well is not read as a poor one.
    private static void CurveChart(StringBuilder html, IReadOnlyList<CurvePoint> curve)
    {
        const int Width = 560, Height = 220, Left = 40, Bottom = 44;
        var plotWidth = Width - Left - 10;
        var plotHeight = Height - Bottom - 10;
        string X(int i) => (Left + (curve.Count == 1 ? plotWidth / 2.0 : plotWidth * i / (double)(curve.Count - 1))).ToString("0.0", CultureInfo.InvariantCulture);
        string Y(double share) => (10 + (plotHeight * (1 - share))).ToString("0.0", CultureInfo.InvariantCulture);
        html.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" role=\"img\" aria-label=\"accuracy where decided and coverage per tenth of the replay\">\n");
        foreach (var tick in new[] { 0.0, 0.5, 1.0 })
        {
            html.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" x2=\"{Width - 10}\" y1=\"{Y(tick)}\" y2=\"{Y(tick)}\" stroke=\"#d0d7de\"/>")
                .Append(CultureInfo.InvariantCulture, $"<text x=\"4\" y=\"{Y(tick)}\" font-size=\"11\" fill=\"#59636e\">{tick * 100:0} %</text>\n");
        }

        Series(html, curve, "accuracy where decided", "#1a7f37", string.Empty, p => p.AccuracyWhereDecided, p => $"{p.Correct} of {p.Decided} given a label right", X, Y);
        Series(html, curve, "coverage", "#0969da", string.Empty, p => p.Coverage, p => $"{p.Decided} of {p.Messages} given a label", X, Y);
        if (curve.Any(p => p.Guessed > 0))
        {
            Series(html, curve, "learned model deciding everything", "#8c959f", " stroke-dasharray=\"4 3\"", p => p.LearnedAccuracyDecidingAll, p => $"{p.GuessedRight} of {p.Guessed} right", X, Y);
        }

        for (var i = 0; i < curve.Count; i++)
        {
            html.Append(CultureInfo.InvariantCulture, $"<text x=\"{X(i)}\" y=\"{Height - Bottom + 16}\" font-size=\"10\" text-anchor=\"middle\" fill=\"#59636e\">{curve[i].To}</text>\n");
        }

        html.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left}\" y=\"{Height - 6}\" font-size=\"11\">")
            .Append("<tspan fill=\"#1a7f37\">— accuracy where decided</tspan>  <tspan fill=\"#0969da\">— coverage (share given a label)</tspan>")
            .Append(curve.Any(p => p.Guessed > 0) ? "  <tspan fill=\"#8c959f\">- - learned model deciding everything</tspan>" : string.Empty)
            .Append("</text>\n</svg>\n");
    }

    private static void Series(
        StringBuilder html, IReadOnlyList<CurvePoint> curve, string name, string colour, string dash, Func<CurvePoint, double?> value, Func<CurvePoint, string> tip,
        Func<int, string> x, Func<double, string> y)
    {
        var points = curve.Select((p, i) => (Point: p, Index: i, Value: value(p))).Where(p => p.Value is not null).ToList();
        html.Append(CultureInfo.InvariantCulture, $"<polyline fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\"{dash} points=\"")
            .AppendJoin(' ', points.Select(p => $"{x(p.Index)},{y(p.Value!.Value)}"))
            .Append("\"/>\n");
        foreach (var (point, index, share) in points)
        {
            html.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{x(index)}\" cy=\"{y(share!.Value)}\" r=\"3\" fill=\"{colour}\"><title>")
                .Append(Encode($"{name}, messages {point.From}-{point.To}: {share.Value * 100:0.0} % ({tip(point)})")).Append("</title></circle>\n");
        }
    }

    private static void Mistakes(StringBuilder html, IReadOnlyList<EvalOutcome> mistakes)
    {
        html.Append("<h3>Misclassified (").Append(mistakes.Count.ToString(CultureInfo.InvariantCulture)).Append(")</h3>\n");
        if (mistakes.Count == 0)
        {
            html.Append("<p>None: every message got its truth label.</p>\n");
            return;
        }

        html.Append("<table class=\"mistakes\">\n<tr><th>subject</th><th>sender</th><th>truth</th><th>answer</th><th>source</th><th>message</th><th>reason</th></tr>\n");
        foreach (var m in mistakes)
        {
            html.Append("<tr><td>").Append(Encode(m.Subject)).Append("</td><td>").Append(Encode(m.From))
                .Append("</td><td>").Append(Encode(m.Truth)).Append("</td><td>").Append(Encode(m.Answer ?? ConfusionMatrix.None))
                .Append("</td><td>").Append(Encode(m.Source)).Append("</td><td class=\"small\">").Append(Encode(m.Id))
                .Append("</td><td class=\"small\">").Append(Encode(m.Reason)).Append("</td></tr>\n");
        }

        html.Append("</table>\n");
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
