using EmailTriage.Mailboxes;
using EmailTriage.Watching;
using MailKit;
using MailKit.Net.Imap;
using Microsoft.Extensions.Logging;

namespace EmailTriage.Imap;

/// <summary>
/// Waits for new mail in the watched folder with IMAP IDLE on a connection of its own (the runs keep theirs), ending each
/// IDLE before the server's 29-minute limit (RFC 2177) and starting the next. Where the server has no IDLE it waits the
/// poll interval instead. A dropped connection is reported as <see cref="MailboxUnavailableException"/> and made again on
/// the next <see cref="ReadyAsync"/>.
/// </summary>
internal sealed partial class ImapIdleWaiter(ImapOptions options, TimeSpan pollInterval, TimeProvider time, ILogger logger) : IMailWaiter
{
    /// <summary>Servers may drop an IDLE after 29 minutes; well before that, end it and idle again.</summary>
    public static readonly TimeSpan IdlePeriod = TimeSpan.FromMinutes(25);

    private ImapConnection? _connection;
    private bool _pollingLogged;

    /// <summary>For tests: how many IDLE commands were started.</summary>
    internal int IdleCount { get; private set; }

    /// <summary>For tests: raised just before each IDLE command, after its 25-minute timer was set.</summary>
    internal event Action? IdleStarting;

    public TimeSpan Period { get; init; } = IdlePeriod;

    public async Task ReadyAsync(CancellationToken cancellationToken)
    {
        if (_connection is { Client.IsConnected: true, Client.IsAuthenticated: true, Folder.IsOpen: true })
        {
            return;
        }

        await CloseAsync();
        var connection = new ImapConnection(options, ImapCertificateTrust.FromFile(options.TrustCertificateFile), logger);
        try
        {
            await connection.OpenAsync(cancellationToken);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }

        _connection = connection;
    }

    public async Task WaitAsync(CancellationToken cancellationToken)
    {
        await ReadyAsync(cancellationToken);
        var (client, folder) = (_connection!.Client, _connection.Folder);
        if (!client.Capabilities.HasFlag(ImapCapabilities.Idle))
        {
            if (!_pollingLogged)
            {
                LogPolling(logger, _connection.Where, pollInterval);
                _pollingLogged = true;
            }

            await Task.Delay(pollInterval, time, cancellationToken);
            return;
        }

        try
        {
            while (!await IdleOnceAsync(client, folder, cancellationToken))
            {
                LogIdleRenewed(logger, _connection.Where);
            }
        }
        catch (Exception ex) when (ImapErrors.IsCallFailure(ex, cancellationToken))
        {
            await CloseAsync();
            throw new MailboxUnavailableException($"The IMAP server {options.Host}:{options.EffectivePort} dropped the watch ({ImapErrors.Describe(ex)}).", ex);
        }
    }

    /// <summary>One IDLE: true when new mail arrived, false when the period ended first.</summary>
    private async Task<bool> IdleOnceAsync(ImapClient client, IMailFolder folder, CancellationToken cancellationToken)
    {
        using var period = new CancellationTokenSource(Period, time);
        using var done = CancellationTokenSource.CreateLinkedTokenSource(period.Token);

        // A run in folders mode moves messages out (EXPUNGE): only a count above what is left is new mail. The handlers
        // run inside MailKit's reading of the IDLE responses, so they only note and cancel; they never call the client.
        var known = folder.Count;
        var arrived = false;
        void OnExpunged(object? sender, MessageEventArgs e) => known--;
        void OnCountChanged(object? sender, EventArgs e)
        {
            if (folder.Count > known)
            {
                arrived = true;
                done.Cancel();
            }
        }

        folder.MessageExpunged += OnExpunged;
        folder.CountChanged += OnCountChanged;
        try
        {
            IdleCount++;
            IdleStarting?.Invoke();
            await client.IdleAsync(done.Token, cancellationToken);
        }
        finally
        {
            folder.MessageExpunged -= OnExpunged;
            folder.CountChanged -= OnCountChanged;
        }

        return arrived;
    }

    private async Task CloseAsync()
    {
        if (_connection is { } connection)
        {
            _connection = null;
            await connection.DisposeAsync();
        }
    }

    public ValueTask DisposeAsync() => new(CloseAsync());

    [LoggerMessage(Level = LogLevel.Information, Message = "The IMAP server {Server} has no IDLE: looking for new mail every {Interval}")]
    private static partial void LogPolling(ILogger logger, string server, TimeSpan interval);

    [LoggerMessage(Level = LogLevel.Debug, Message = "IDLE on {Server} renewed before the server's 29-minute limit")]
    private static partial void LogIdleRenewed(ILogger logger, string server);
}
