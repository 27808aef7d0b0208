using MailKit;
using MailKit.Net.Imap;
using MailKit.Security;
using EmailTriage.Configuration;
using EmailTriage.Mailboxes;
using Microsoft.Extensions.Logging;

namespace EmailTriage.Imap;

/// <summary>
/// The one connection a run keeps to the server, signed in with the triaged folder selected read-write (EXAMINEd when
/// <c>readOnly</c>, for a truth set that must stay as it is). MailKit's client
/// runs one command at a time, so every use goes through <see cref="UseAsync"/>; a dropped connection is made again once
/// per use, and once the folder's UIDVALIDITY changed in between, every later use is refused (its UIDs name other messages now).
/// </summary>
internal sealed partial class ImapConnection(ImapOptions options, ImapCertificateTrust trust, ILogger logger, bool readOnly = false) : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ImapClient _client = new();
    private uint? _uidValidity;
    private string? _refusal;

    public ImapClient Client => _client;

    public IMailFolder Folder { get; private set; } = null!;

    public uint UidValidity => _uidValidity ?? 0;

    public string Where => $"{options.Host}:{options.EffectivePort}";

    /// <summary>Connects, signs in and opens the folder; errors name the setting to fix.</summary>
    public async Task OpenAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await ConnectAsync(cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <param name="elsewhere">
    /// The use opens another folder itself (a label folder, for the feedback): the connection is made again only when it
    /// was lost, not because the triaged folder is not the one selected. The caller selects the triaged folder again after.
    /// </param>
    public async Task<T> UseAsync<T>(Func<ImapClient, IMailFolder, Task<T>> use, CancellationToken cancellationToken, bool elsewhere = false)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_refusal is null && (!_client.IsConnected || !_client.IsAuthenticated || (!elsewhere && !Folder.IsOpen)))
            {
                LogReconnecting(logger, Where);
                await ConnectAsync(cancellationToken);
                if (Folder.UidValidity != _uidValidity)
                {
                    // For good: the run's UIDs name other messages now, so nothing more may be fetched or labelled by them.
                    _refusal = $"The IMAP folder '{options.EffectiveFolder}' on {Where} changed its UIDVALIDITY from {_uidValidity} to {Folder.UidValidity} " +
                        "while the run was reconnecting, so its message numbers name other messages now. Nothing more is done this run; the next run starts afresh.";
                }
            }

            return _refusal is { } refusal ? throw new MailboxUnavailableException(refusal) : await use(_client, Folder);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task ConnectAsync(CancellationToken cancellationToken)
    {
        if (_client.IsConnected)
        {
            await _client.DisconnectAsync(quit: false, CancellationToken.None);
        }

        _client.ServerCertificateValidationCallback = trust.Validate;
        var socket = options.EffectiveSecurity switch
        {
            ImapSecurity.Ssl => SecureSocketOptions.SslOnConnect,
            ImapSecurity.StartTls => SecureSocketOptions.StartTls,
            _ => SecureSocketOptions.None,
        };
        try
        {
            await _client.ConnectAsync(options.Host ?? string.Empty, options.EffectivePort, socket, cancellationToken);
        }
        catch (SslHandshakeException ex)
        {
            throw new SettingsException(
                $"The IMAP server {Where} was refused: {trust.LastRefusal ?? ex.Message}. Check IMAP_HOST (it must be the name on the certificate), " +
                "IMAP_SECURITY and IMAP_PORT, or set IMAP_TRUST_CERTIFICATE_FILE to the server's own certificate. Nothing was changed.",
                ex);
        }
        catch (Exception ex) when (ImapErrors.IsCallFailure(ex, cancellationToken) || ex is NotSupportedException)
        {
            throw new MailboxUnavailableException(
                $"Cannot reach the IMAP server {Where} ({ImapErrors.Describe(ex)}). Check the network, IMAP_HOST, IMAP_PORT and IMAP_SECURITY " +
                $"({options.EffectiveSecurity.ToString().ToLowerInvariant()}). Nothing was changed; the next run tries again.",
                ex);
        }

        try
        {
            await ImapSignIn.AuthenticateAsync(_client, options, cancellationToken);
        }
        catch (AuthenticationException ex)
        {
            throw new SettingsException(ImapSignIn.Refused(options, Where, ex.Message), ex);
        }
        catch (Exception ex) when (ImapErrors.IsCallFailure(ex, cancellationToken))
        {
            throw new MailboxUnavailableException($"The IMAP server {Where} failed while signing in ({ImapErrors.Describe(ex)}). Nothing was changed; the next run tries again.", ex);
        }

        try
        {
            Folder = await _client.GetFolderAsync(options.EffectiveFolder, cancellationToken);
            await Folder.OpenAsync(readOnly ? FolderAccess.ReadOnly : FolderAccess.ReadWrite, cancellationToken);
            _uidValidity ??= Folder.UidValidity;
        }
        catch (FolderNotFoundException ex)
        {
            throw new SettingsException($"IMAP_FOLDER '{options.EffectiveFolder}' does not exist on {Where}. Remove the setting to triage INBOX.", ex);
        }
        catch (Exception ex) when (ImapErrors.IsCallFailure(ex, cancellationToken))
        {
            throw new MailboxUnavailableException($"The IMAP server {Where} could not open IMAP_FOLDER '{options.EffectiveFolder}' ({ImapErrors.Describe(ex)}). Nothing was changed.", ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The connection to the IMAP server {Server} was lost; connecting again")]
    private static partial void LogReconnecting(ILogger logger, string server);

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_client.IsConnected)
            {
                using var quick = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await _client.DisconnectAsync(quit: true, quick.Token);
            }
        }
        catch (Exception ex) when (ImapErrors.IsCallFailure(ex, CancellationToken.None) || ex is OperationCanceledException)
        {
            // Logging out of a connection that is gone changes nothing.
        }

        _client.Dispose();
        _gate.Dispose();
    }
}
