using EmailTriage.Configuration;
using EmailTriage.Gmail.Api;
using EmailTriage.Gmail.Auth;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EmailTriage.Gmail;

/// <summary>Signs in with the stored token and builds <see cref="GmailMailbox"/>es; one API client per process.</summary>
internal sealed class GmailMailboxFactory(IOptions<GmailOptions> options, AppPaths paths, TimeProvider time, ILoggerFactory loggers) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly GmailAccount _account = new();
    private GmailApi? _api;

    public GmailOptions Options => options.Value;

    /// <summary>True when there is something to sign in with: the token file exists, or the refresh token is in the settings.</summary>
    public bool HasSignIn => !string.IsNullOrWhiteSpace(Options.RefreshToken) || File.Exists(paths.Resolve(Options.TokenFile));

    /// <param name="query">A Gmail search that replaces TRIAGE_QUERY for this mailbox, or null.</param>
    public async Task<GmailMailbox> CreateAsync(CancellationToken cancellationToken, string? query = null) =>
        new(await GetApiAsync(cancellationToken), query is null ? Options : Options.WithQuery(query), loggers.CreateLogger<GmailMailbox>(), _account);

    /// <summary>The mailbox <c>eval --mailbox gmail</c> reads its truth from: the labels messages carry, never changed.</summary>
    public async Task<GmailLabelledMailbox> CreateLabelledAsync(CancellationToken cancellationToken) =>
        new(await GetApiAsync(cancellationToken), Options, loggers.CreateLogger<GmailLabelledMailbox>());

    internal async Task<GmailApi> GetApiAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_api is null)
            {
                var credential = await GmailCredentialLoader.LoadAsync(Options, paths, time, cancellationToken);
                _api = GmailApiFactory.Create(Options, credential, loggers.CreateLogger<GmailApi>());
            }

            return _api;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose()
    {
        _api?.Dispose();
        _gate.Dispose();
    }
}
