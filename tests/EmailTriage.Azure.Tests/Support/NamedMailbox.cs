using EmailTriage.Labels;
using EmailTriage.Mailboxes;

namespace EmailTriage.Azure.Tests.Support;

/// <summary>A mailbox that only says what it is: all a state store needs of one.</summary>
internal sealed class NamedMailbox(string identity) : IMailbox
{
    public string Description => identity;

    public Task<string> IdentifyAsync(CancellationToken cancellationToken) => Task.FromResult(identity);

    public Task<IMailboxSession> OpenAsync(MailboxRun run, CancellationToken cancellationToken) =>
        throw new NotSupportedException("State store tests open no mailbox.");
}
