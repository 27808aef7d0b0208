using EmailTriage.Classification;
using EmailTriage.Cli.Output;
using EmailTriage.Triage;

namespace EmailTriage.Cli.Tests.Output;

public sealed class SummaryPrinterTests
{
    private static readonly string LongMailbox = "folder /home/someone/Documents/Mail exports/2026/November/from the old laptop/inbox-archive-before-migration";

    [Fact]
    public void Table_shows_the_whole_mailbox_path_however_wide()
    {
        var output = new StringWriter();
        var summary = new TriageSummary
        {
            Mailbox = LongMailbox,
            Candidates = 2,
            Classified = 2,
            Applied = 2,
            PerLabel = new Dictionary<string, int> { ["Work"] = 2 },
            PerSource = new Dictionary<DecisionSource, int> { [DecisionSource.Rule] = 2 },
        };

        SummaryPrinter.WriteTable(new CliConsole(output, new StringWriter(), Interactive: true), summary);

        Assert.True(LongMailbox.Length > 80);
        Assert.Contains(LongMailbox, output.ToString().Split('\n').Select(l => l.TrimEnd('\r')));
        Assert.Contains("Work", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Plain_summary_counts_llm_decisions_per_server_when_several_answered()
    {
        var output = new StringWriter();
        var summary = new TriageSummary
        {
            Mailbox = "folder /m",
            Candidates = 5,
            Classified = 5,
            Applied = 5,
            PerSource = new Dictionary<DecisionSource, int> { [DecisionSource.Llm] = 5 },
            PerProvider = new Dictionary<string, int> { ["llama@localhost:8080"] = 2, ["llama-turbo@api.together.xyz"] = 3 },
        };

        SummaryPrinter.WritePlain(output, summary);

        Assert.Contains("  LLM decisions by server: llama-turbo@api.together.xyz 3, llama@localhost:8080 2", output.ToString().Split('\n').Select(l => l.TrimEnd('\r')));
    }

    [Fact]
    public void No_per_server_line_when_one_server_decided_everything()
    {
        var summary = new TriageSummary { Mailbox = "folder /m", Candidates = 1, PerProvider = new Dictionary<string, int> { ["llama@localhost:8080"] = 1 } };

        Assert.Null(SummaryPrinter.ProviderLine(summary));
    }

    [Fact]
    public void Table_for_a_run_that_found_nothing_new_is_one_line()
    {
        var output = new StringWriter();

        SummaryPrinter.WriteTable(new CliConsole(output, new StringWriter(), Interactive: true), new TriageSummary { Mailbox = "folder /m" });

        Assert.Equal("Nothing new in folder /m: every message is already labelled.", output.ToString().Trim());
    }

    [Fact]
    public void A_run_with_failures_and_no_candidates_is_not_called_nothing_new()
    {
        var summary = new TriageSummary { Mailbox = "folder /m", FailureCount = 1, Failures = [new MessageFailure("a.eml", "broken")] };

        Assert.Null(SummaryPrinter.NothingNew(summary));
    }
}
