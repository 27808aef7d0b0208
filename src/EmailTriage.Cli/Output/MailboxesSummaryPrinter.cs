using EmailTriage.Errors;
using EmailTriage.Triage;

namespace EmailTriage.Cli.Output;

/// <summary>The end of a run over several mailboxes: each mailbox's summary, then one line per mailbox and the total.</summary>
internal static class MailboxesSummaryPrinter
{
    public static void Write(TextWriter writer, IReadOnlyList<MailboxRunOutcome> outcomes)
    {
        foreach (var outcome in outcomes)
        {
            writer.WriteLine($"[{outcome.Name}]");
            if (outcome.Summary is { } summary)
            {
                SummaryPrinter.WritePlain(writer, summary);
            }
            else
            {
                writer.WriteLine($"  not triaged: {outcome.Error?.Message}");
            }
        }

        var width = Math.Max(7, outcomes.Max(o => o.Name.Length));
        writer.WriteLine($"{"mailbox".PadRight(width)}  {"new",5}  {"labelled",8}  {"failed",6}  {"time",7}  result");
        foreach (var outcome in outcomes)
        {
            var s = outcome.Summary;
            writer.WriteLine($"{outcome.Name.PadRight(width)}  {s?.Candidates,5}  {s?.Applied,8}  {s?.FailureCount,6}  {(s is null ? string.Empty : $"{s.Elapsed.TotalSeconds:0.0} s"),7}  {Result(outcome)}");
        }

        var done = outcomes.Where(o => o.Summary is not null).Select(o => o.Summary!).ToList();
        var longest = done.Count == 0 ? 0 : done.Max(s => s.Elapsed.TotalSeconds);
        writer.WriteLine(
            $"{"total".PadRight(width)}  {done.Sum(s => s.Candidates),5}  {done.Sum(s => s.Applied),8}  {done.Sum(s => s.FailureCount),6}  {$"{longest:0.0} s",7}  " +
            $"{outcomes.Count(o => o.Failure is null)} of {outcomes.Count} mailbox(es) fine, LLM calls: {done.Sum(s => s.Usage.Calls)}");
    }

    private static string Result(MailboxRunOutcome outcome) => outcome.Failure switch
    {
        null => "ok",
        FailureKind.MessagesFailed => "some messages failed",
        _ when outcome.Summary?.StoppedBecause is { } reason => $"stopped: {reason}",
        FailureKind.BadConfiguration => "bad configuration",
        _ => "unavailable",
    };
}
