namespace EmailTriage.Mailboxes;

/// <summary>A mailbox kind's one-time interactive sign-in (<c>emailtriage auth NAME</c>), which stores what later runs sign in with.</summary>
public interface IMailboxSignIn
{
    /// <summary>What <c>auth NAME</c> does, for its help.</summary>
    string Description { get; }

    /// <summary>Switches the sign-in takes (<c>--imap</c>), with what each does.</summary>
    IReadOnlyList<MailboxField> Switches { get; }

    /// <summary>Signs in, telling the person at <paramref name="output"/> what to do; returns what to say when it is done.</summary>
    Task<string> SignInAsync(IReadOnlySet<string> switches, TextWriter output, CancellationToken cancellationToken);
}
