using EmailTriage.Configuration;
using EmailTriage.Graph.Api;
using EmailTriage.Graph.Auth;
using EmailTriage.Mailboxes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EmailTriage.Graph;

/// <summary>
/// Builds the <see cref="GraphMailbox"/> a mailbox's settings describe (the flat GRAPH_* settings, or an entry of the
/// mailbox list on top of them), saying which setting is missing when one is. One HTTP connection pool per process.
/// </summary>
internal sealed class GraphMailboxFactory(IOptions<GraphOptions> options, IOptions<LlmOptions> llm, IGraphSignIns signIns, TimeProvider time, ILoggerFactory loggers) : IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        AutomaticDecompression = System.Net.DecompressionMethods.All,
    })
    {
        // Each attempt has its own timeout (GraphRetryPolicy.AttemptTimeout); this one would span every retry and wait.
        Timeout = Timeout.InfiniteTimeSpan,
    };

    public GraphOptions Options => options.Value;

    /// <summary>Where back-off waits go; tests record them instead of sleeping.</summary>
    internal Func<TimeSpan, CancellationToken, Task>? Delay { get; set; }

    public bool HasSignIn(GraphOptions settings) => signIns.HasSignIn(settings);

    /// <param name="interactive">False for a health check: a missing sign-in is reported, not started.</param>
    public GraphMailbox Create(GraphOptions settings, bool interactive = true) =>
        new(Http(Check(settings), interactive), settings, GraphMessageReader.ByteBudget(llm.Value.MaxBodyChars), time, loggers.CreateLogger<GraphMailbox>());

    public GraphLabelledMailbox CreateLabelled(GraphOptions settings) =>
        new(Http(Check(settings), interactive: true), settings, GraphMessageReader.ByteBudget(llm.Value.MaxBodyChars), loggers.CreateLogger<GraphLabelledMailbox>());

    /// <summary>The settings of <paramref name="mailbox"/>: the flat GRAPH_* settings with an entry's own user, folder, label mode and API address on top.</summary>
    public GraphOptions OptionsFor(MailboxDefinition mailbox) => OptionsFor(mailbox, Options);

    internal static GraphOptions OptionsFor(MailboxDefinition mailbox, GraphOptions flat)
    {
        ArgumentNullException.ThrowIfNull(mailbox);
        var own = flat.Copy();
        own.User = mailbox.Setting("user") ?? flat.User;
        own.Folder = mailbox.Setting("folder") ?? flat.Folder;
        own.ApiBaseUrl = mailbox.Setting("apiBaseUrl") ?? flat.ApiBaseUrl;
        if (mailbox.Setting("labelsAs") is { } labelsAs)
        {
            own.LabelsAs = GraphLabelModeNames.Parse(labelsAs) is not null
                ? labelsAs
                : throw new SettingsException($"{mailbox.Where}: mailbox \"{mailbox.Name}\" has \"labelsAs\": \"{labelsAs}\", which is not {GraphLabelModeNames.Allowed}.");
        }

        return own;
    }

    /// <summary>What a mailbox of these settings cannot do without, named, with where to find it.</summary>
    public static GraphOptions Check(GraphOptions settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var auth = GraphAuthNames.Name(settings.EffectiveAuth);
        if (settings.EffectiveAuth != GraphAuth.ManagedIdentity && string.IsNullOrWhiteSpace(settings.ClientId))
        {
            throw new SettingsException(
                $"The Graph mailbox (GRAPH_AUTH={auth}) needs GRAPH_CLIENT_ID: the application (client) id of your Entra ID app registration. " +
                "docs/graph_setup.md says what to register for an Outlook.com or a Microsoft 365 account.");
        }

        if (settings.IsAppOnly && string.Equals(settings.EffectiveUser, GraphOptions.Me, StringComparison.OrdinalIgnoreCase))
        {
            throw new SettingsException(
                $"GRAPH_AUTH={auth} signs in as the app itself, which has no mailbox of its own: set GRAPH_USER (or the entry's \"user\") to the address of the mailbox to triage.");
        }

        return settings;
    }

    private GraphHttp Http(GraphOptions settings, bool interactive) =>
        new(_http, new Uri(settings.EffectiveApiBaseUrl), signIns.For(settings, interactive), new GraphBackOff(settings.RetryPolicy, Delay), loggers.CreateLogger<GraphHttp>());

    public void Dispose() => _http.Dispose();
}
