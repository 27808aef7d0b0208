using System.Security.Cryptography;
using System.Text;
using EmailTriage.Configuration;
using EmailTriage.Mailboxes;

namespace EmailTriage.State;

/// <summary>
/// State on this machine: a folder mailbox keeps it beside its mail (<c>.emailtriage/</c>, with its label record), so it
/// moves with the folder; any other mailbox (Gmail) gets a folder of its own under the state folder (EMAILTRIAGE_STATE_DIR).
/// </summary>
public sealed class LocalStateStores(StateDirectory state) : IStateStores
{
    public Task<IStateStore> ForAsync(IMailbox mailbox, string identity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mailbox);
        return Task.FromResult<IStateStore>(mailbox is FolderMailbox folder
            ? new FileStateStore(Path.Combine(folder.Root, ".emailtriage"))
            : new FileStateStore(Path.Combine(state.Path, "mailboxes", KeyOf(identity))));
    }

    /// <summary>"gmail me@example.com" -> "gmail-me-example.com-1a2b3c4d": readable, and distinct for distinct identities.</summary>
    public static string KeyOf(string identity)
    {
        ArgumentNullException.ThrowIfNull(identity);
        var readable = new StringBuilder();
        foreach (var c in identity.ToLowerInvariant())
        {
            readable.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' ? c : '-');
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(identity)))[..8];
        var text = readable.ToString().Trim('-');
        return $"{(text.Length > 60 ? text[..60] : text)}-{hash}";
    }
}
