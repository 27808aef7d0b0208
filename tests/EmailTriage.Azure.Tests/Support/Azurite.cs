using Azure.Storage.Blobs;
using EmailTriage.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EmailTriage.Azure.Tests.Support;

/// <summary>One Azurite for the whole test run; each test takes a container of its own, so tests never see each other.</summary>
public sealed class Azurite : IAsyncLifetime
{
    private AzuriteServer? _server;

    public AzuriteServer Server => _server ?? throw new InvalidOperationException("Azurite is started in InitializeAsync.");

    public static string NewContainerName() => $"test-{Guid.NewGuid():N}";

    public static StorageClients Clients(string account, string container) =>
        new(Options.Create(new StorageOptions { Account = account, StateContainer = container }));

    /// <summary>Clients that retry at most <paramref name="retries"/> times at once, for an endpoint that is meant not to answer.</summary>
    public static StorageClients ClientsRetrying(int retries, string account, string container) =>
        new(
            Options.Create(new StorageOptions { Account = account, StateContainer = container }),
            new BlobClientOptions { Retry = { MaxRetries = retries, Delay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(1) } });

    /// <summary>Stores as the app builds them, over a container nobody has created yet.</summary>
    public BlobStateStores Stores(string container, ILogger<BlobStateStores>? logger = null) =>
        new(Clients(Server.ConnectionString, container), logger ?? NullLogger<BlobStateStores>.Instance);

    public async ValueTask InitializeAsync() => _server = await AzuriteServer.StartAsync(TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
