using EmailTriage.Gmail.Api;
using EmailTriage.Labels;
using EmailTriage.Mailboxes;
using Microsoft.Extensions.Logging;

namespace EmailTriage.Gmail;

/// <summary>
/// A Gmail account as a mailbox: lists with one query, fetches content in batches of 50, and labels with one
/// batchModify per label, adding a hidden marker so a message is never triaged twice.
/// </summary>
internal sealed class GmailMailbox(GmailApi api, GmailOptions options, ILogger<GmailMailbox> logger, GmailAccount? account = null) : IMailbox
{
    private readonly GmailAccount _account = account ?? new GmailAccount();

    /// <summary>The hidden label meaning "triaged": its presence keeps a message out of every later run.</summary>
    public const string MarkerLabel = "EmailTriage/Triaged";

    /// <summary>Gmail takes up to 100 calls in a batch but recommends at most 50; more trips its rate limits.</summary>
    public const int MaxBatchSize = 50;

    /// <summary>
    /// Decisions go out every few seconds (one batchModify per label used since the last time), or when a label has this
    /// many waiting: a kill loses at most a few seconds of decisions. Time is the bound that matters with a real LLM (a
    /// few seconds hold a few dozen decisions); the count keeps a fast run (rules, a local cache) at a handful of calls.
    /// </summary>
    public const int MaxLabelGroup = 500;

    /// <summary>The longest a decided label waits before it is applied.</summary>
    public static readonly TimeSpan MaxLabelWait = TimeSpan.FromSeconds(3);

    /// <summary>"gmail me"; with another API address (a proxy, a test server) that address too, since it is another mailbox.</summary>
    public string Description => options.EffectiveApiBaseUrl == GmailApi.DefaultBaseUri
        ? $"gmail {options.User}"
        : $"gmail {options.User} at {options.EffectiveApiBaseUrl}";

    /// <summary>
    /// The account's address from its profile: the same Gmail reached through another URL spelling (localhost for
    /// 127.0.0.1, a proxy) is the same mailbox, and only one run may label it at a time. One request, one quota unit.
    /// </summary>
    public async Task<string> IdentifyAsync(CancellationToken cancellationToken)
    {
        try
        {
            _account.Address ??= (await api.Users.GetProfile(options.User).ExecuteAsync(cancellationToken)).EmailAddress;
            return _account.Address is { Length: > 0 } address ? $"gmail {address.ToUpperInvariant()}" : Description;
        }
        catch (Exception ex) when (GmailErrors.IsCallFailure(ex, cancellationToken))
        {
            throw GmailSession.Unavailable(api, options, "could not read the account's profile", ex);
        }
    }

    async Task<IMailboxSession> IMailbox.OpenAsync(MailboxRun run, CancellationToken cancellationToken) =>
        await OpenAsync(run, cancellationToken);

    /// <summary>Makes sure every configured label and the marker exist (nothing is created on a dry run) and opens a run.</summary>
    public async Task<GmailSession> OpenAsync(MailboxRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        var (labels, dryRun) = (run.Labels, run.DryRun);
        GmailSystemLabels.ThrowIfAnyReserved(labels);
        var wanted = labels.AllNames.Select(n => new GmailLabelSpec(n, Hidden: false)).Append(new GmailLabelSpec(MarkerLabel, Hidden: true));
        try
        {
            var sync = await new GmailLabelSync(api, options.User, logger).SyncAsync(wanted, dryRun, cancellationToken);
            return new GmailSession(api, options, sync, run, logger);
        }
        catch (Exception ex) when (GmailErrors.IsCallFailure(ex, cancellationToken))
        {
            throw GmailSession.Unavailable(api, options, "could not read or create the labels", ex);
        }
    }
}
