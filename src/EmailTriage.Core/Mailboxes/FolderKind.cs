using EmailTriage.Configuration;
using EmailTriage.Evaluation;
using EmailTriage.Health;
using Microsoft.Extensions.Logging;

namespace EmailTriage.Mailboxes;

/// <summary>
/// Core's own kind: a folder of .eml files and .mbox files (a Google Takeout export), or one such file, with its labels
/// recorded beside the mail. Its <c>path</c> is relative to the app folder. No sign-in, nothing to reach.
/// </summary>
internal sealed class FolderKind(AppPaths paths, ILogger<FolderMailbox> logger) : IMailboxKind
{
    public const string KindName = "folder";

    public string Name => KindName;

    public IReadOnlyList<MailboxField> Fields { get; } = [new("path", "a folder of .eml files or an .mbox file, relative to the app folder", Required: true)];

    public bool TakesQuery => false;

    public bool IsDefault => false;

    public IMailboxSignIn? SignIn => null;

    public Task<IMailbox> OpenAsync(MailboxDefinition mailbox, CancellationToken cancellationToken) =>
        Task.FromResult<IMailbox>(new FolderMailbox(Existing(mailbox), logger));

    public Task<ILabelledMailbox> OpenLabelledAsync(MailboxDefinition mailbox, CancellationToken cancellationToken) =>
        Task.FromResult<ILabelledMailbox>(new LabelledFolderMailbox(Existing(mailbox)));

    public Task<IReadOnlyList<HealthItem>> ProbeAsync(MailboxDefinition mailbox, HealthCheckDepth depth, CancellationToken cancellationToken)
    {
        try
        {
            var path = Existing(mailbox);
            return Task.FromResult<IReadOnlyList<HealthItem>>([new HealthItem($"mailbox {mailbox.Name}", HealthStatus.Ok, $"folder {path}")]);
        }
        catch (SettingsException ex)
        {
            return Task.FromResult<IReadOnlyList<HealthItem>>([new HealthItem($"mailbox {mailbox.Name}", HealthStatus.BadConfiguration, ex.Message)]);
        }
    }

    /// <summary>The folder (or file) as a full path; one that is not there is a setting to fix, said where it was given.</summary>
    private string Existing(MailboxDefinition mailbox)
    {
        ArgumentNullException.ThrowIfNull(mailbox);
        var given = mailbox.Setting("path") ?? throw new SettingsException($"{mailbox.Where}: mailbox \"{mailbox.Name}\" has no \"path\". Add the folder of its mail.");
        var path = paths.Resolve(given);
        return Directory.Exists(path) || File.Exists(path)
            ? path
            : throw new SettingsException($"{mailbox.Where}: the mail folder {path} does not exist. Give a folder of .eml files or an .mbox file.");
    }
}
