using EmailTriage.Evaluation;
using EmailTriage.Health;
using EmailTriage.Mailboxes;

namespace EmailTriage.Core.Tests.Support;

/// <summary>
/// A mailbox kind for tests of Core's handling of kinds: its fields are what the test gives, and opening one hands out
/// the mailbox <see cref="Open"/> makes (or fails as the test says).
/// </summary>
internal sealed class TestKind(string name, IReadOnlyList<MailboxField> fields, bool takesQuery = false) : IMailboxKind
{
    public string Name => name;

    public IReadOnlyList<MailboxField> Fields => fields;

    public bool TakesQuery => takesQuery;

    public bool IsDefault { get; init; }

    public IMailboxSignIn? SignIn => null;

    public Func<MailboxDefinition, IMailbox>? Open { get; init; }

    /// <summary>A kind like Gmail's: an account, a refresh token by setting, a query.</summary>
    public static TestKind Account { get; } = new("account", [new("user", "the account"), new("refreshTokenSetting", "the setting of its refresh token")], takesQuery: true);

    /// <summary>A kind like IMAP's: a host (required), a port, a password by setting (required).</summary>
    public static TestKind Server { get; } = new("server", [new("host", "the server", Required: true), new("port", "its port", IsNumber: true), new("passwordSetting", "the setting of its password", Required: true)]);

    public Task<IMailbox> OpenAsync(MailboxDefinition mailbox, CancellationToken cancellationToken) =>
        Task.FromResult(Open?.Invoke(mailbox) ?? throw new NotSupportedException($"{name} mailboxes are not opened in this test."));

    public Task<ILabelledMailbox> OpenLabelledAsync(MailboxDefinition mailbox, CancellationToken cancellationToken) =>
        throw new NotSupportedException($"{name} mailboxes are not read as a truth in this test.");

    public Task<IReadOnlyList<HealthItem>> ProbeAsync(MailboxDefinition mailbox, HealthCheckDepth depth, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<HealthItem>>([new HealthItem($"mailbox {mailbox.Name}", HealthStatus.Ok, name)]);

    /// <summary>The kinds of a host with the folder kind and these.</summary>
    public static MailboxKinds With(params IMailboxKind[] kinds) =>
        new([new FolderKind(new EmailTriage.Configuration.AppPaths(Path.GetTempPath()), Microsoft.Extensions.Logging.Abstractions.NullLogger<FolderMailbox>.Instance), .. kinds]);
}
