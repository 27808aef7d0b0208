using System.Globalization;
using EmailTriage.Filing;

namespace EmailTriage.Cli.Output;

/// <summary>Prints what <c>learn</c> measured: held-out accuracy, the gate and what it lets through, the mail per label, and what it kept of the model before.</summary>
internal static class TrainingPrinter
{
    public static void Write(TextWriter writer, FilingModelReport report)
    {
        writer.WriteLine(Invariant($"  trained on {report.Messages} messages in {report.TrainingTime.TotalSeconds:0.0} s"));
        writer.WriteLine(double.IsNaN(report.HeldOutAccuracy)
            ? "  held out: too little mail to measure on"
            : Invariant($"  held out the newest {report.HeldOut}: accuracy {report.HeldOutAccuracy:0.000} deciding all of them"));
        writer.WriteLine(report.Gate is { } gate
            ? Invariant($"  gate for precision {report.TargetPrecision:0.##}: confidence {gate:0.000} or more; the model decides {report.GateCoverage:P0} of held-out mail alone, precision {report.GatePrecision:0.000} there")
            : $"  gate closed: {report.GateClosedBecause ?? "the model never decides alone"}; the LLM decides (the model still remembers senders you corrected)");
        writer.WriteLine($"  messages per label: {string.Join(", ", report.MessagesPerLabel.Where(p => p.Value > 0).OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} {p.Value}"))}");
        if (report.SparseLabels.Count > 0)
        {
            writer.WriteLine($"  too few examples to learn well (file more mail there): {string.Join(", ", report.SparseLabels.Select(l => $"{l} ({report.MessagesPerLabel.GetValueOrDefault(l)})"))}");
        }

        if (report.UnseenLabels.Count > 0)
        {
            writer.WriteLine($"  no examples yet (the model cannot answer these): {string.Join(", ", report.UnseenLabels)}");
        }

        if (report.Kept is { Unreadable: { } unreadable })
        {
            writer.WriteLine($"  the model that was there could not be read, so what it learned in the mailbox is not kept: {unreadable}");
        }
        else if (report.Kept is { } kept && kept.Corrections + kept.Filings > 0)
        {
            writer.WriteLine(
                $"  kept what you taught the model in the mailbox: {kept.Corrections} correction(s), {kept.Filings} filing(s)" +
                (kept.OutsideLabelSet > 0 ? $"; {kept.OutsideLabelSet} of them under labels not in the label file, kept aside until those labels are added" : string.Empty));
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
