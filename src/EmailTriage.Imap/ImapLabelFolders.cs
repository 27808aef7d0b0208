using MailKit;
using MailKit.Net.Imap;

namespace EmailTriage.Imap;

/// <summary>
/// Label names as folders: "Triage/Old mail" is a folder "Old mail" inside "Triage", under the account's personal
/// namespace (the "INBOX." prefix of some servers), joined with the server's own delimiter ('/' or '.'). A delimiter inside
/// one part of a name becomes '_', so "Dr. Who" is one folder on a '.' server too.
/// </summary>
internal static class ImapLabelFolders
{
    public static string FullName(ImapClient client, string label)
    {
        var (prefix, delimiter) = Root(client);
        var parts = label.Split('/', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(p => p.Replace(delimiter, '_'));
        return prefix + string.Join(delimiter, parts);
    }

    /// <summary>The label's folder; created (with its parents, and subscribed so clients show it) when missing and <paramref name="create"/> is set, else null.</summary>
    public static async Task<IMailFolder?> FindAsync(ImapClient client, string label, bool create, CancellationToken cancellationToken)
    {
        try
        {
            return await client.GetFolderAsync(FullName(client, label), cancellationToken);
        }
        catch (FolderNotFoundException) when (create)
        {
            // Created below, one level at a time.
        }
        catch (FolderNotFoundException)
        {
            return null;
        }

        var (_, delimiter) = Root(client);
        IMailFolder parent = client.PersonalNamespaces.Count > 0 ? client.GetFolder(client.PersonalNamespaces[0]) ?? client.Inbox : client.Inbox;
        foreach (var part in label.Split('/', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(p => p.Replace(delimiter, '_')))
        {
            IMailFolder next;
            try
            {
                next = await parent.GetSubfolderAsync(part, cancellationToken);
            }
            catch (FolderNotFoundException)
            {
                next = await parent.CreateAsync(part, isMessageFolder: true, cancellationToken)
                    ?? throw new FolderNotFoundException(parent.FullName + "/" + part);
                await next.SubscribeAsync(cancellationToken);
            }

            parent = next;
        }

        return parent;
    }

    private static (string Prefix, char Delimiter) Root(ImapClient client)
    {
        var personal = client.PersonalNamespaces.Count > 0 ? client.PersonalNamespaces[0] : null;
        return (personal?.Path ?? string.Empty, personal?.DirectorySeparator is { } d and not '\0' ? d : '/');
    }
}
