using EmailTriage.Configuration;
using EmailTriage.Mailboxes;
using Microsoft.Extensions.Logging;

namespace EmailTriage.MailboxList;

/// <summary>A <c>"kind": "folder"</c> entry: its <c>path</c>, relative to the app folder, is a folder of .eml files or an .mbox file.</summary>
internal sealed class FolderMailboxOpener(AppPaths paths, ILogger<FolderMailbox> logger) : IMailboxOpener
{
    public MailboxKind Kind => MailboxKind.Folder;

    public Task<IMailbox> OpenAsync(MailboxDefinition mailbox, CancellationToken cancellationToken) =>
        Task.FromResult<IMailbox>(new FolderMailbox(paths.Resolve(mailbox.Setting("path")!), logger));
}
