using Microsoft.Extensions.Configuration;

namespace EmailTriage.Functions;

internal sealed class FunctionsOptions
{
    public const string MailboxSetting = "MAILBOX";

    /// <summary>Which kind's flat settings the host triages without a mailbox list: gmail (GMAIL_* settings, the default), imap (IMAP_*), ...</summary>
    [ConfigurationKeyName(MailboxSetting)]
    public string Mailbox { get; set; } = "gmail";

    /// <summary>
    /// A scheduled run takes no new message after this many seconds, so labels are applied well inside the host's
    /// functionTimeout (10 minutes in host.json) and before the next 5-minute tick; the rest waits for that tick.
    /// </summary>
    [ConfigurationKeyName("TRIAGE_RUN_BUDGET_SECONDS")]
    public int RunBudgetSeconds { get; set; } = 240;

    /// <summary>
    /// An on-demand run takes no new message after this many seconds, so the answer comes back before Azure's
    /// front end gives up on the request (about 230 s); the rest waits for the next run.
    /// </summary>
    [ConfigurationKeyName("TRIAGE_HTTP_BUDGET_SECONDS")]
    public int HttpBudgetSeconds { get; set; } = 150;

    /// <summary>Most messages one on-demand HTTP call triages when it names no max.</summary>
    [ConfigurationKeyName("TRIAGE_HTTP_MAX")]
    public int HttpDefaultMax { get; set; } = 100;
}
