using EmailTriage.Azure;
using EmailTriage.Health;
using EmailTriage.State;
using EmailTriage.Triage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace EmailTriage;

public static class AzureServiceCollectionExtensions
{
    /// <summary>
    /// Per-mailbox state in Azure Storage when EMAILTRIAGE_STORAGE is set, for the Functions host and the CLI alike:
    /// <see cref="BlobStateStores"/> replaces the machine-local stores, the setting is validated on start, and the health check asks the account.
    /// Without the setting nothing changes. Call after <c>AddEmailTriage</c>.
    /// </summary>
    public static IServiceCollection AddAzureState(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (string.IsNullOrWhiteSpace(configuration[StorageOptions.SettingName]))
        {
            return services;
        }

        services.AddOptions<StorageOptions>().Bind(configuration, o => o.ErrorOnUnknownConfiguration = false).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>());
        services.TryAddSingleton<StorageClients>();
        services.TryAddSingleton<IMailboxFanOut, MailboxFanOut>();
        services.RemoveAll<IStateStores>();
        services.AddSingleton<IStateStores, BlobStateStores>();

        // One writer per mailbox across every machine on this account, instead of per machine.
        services.RemoveAll<IMailboxLocks>();
        services.AddSingleton<IMailboxLocks, BlobMailboxLocks>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHealthProbe, StorageHealthProbe>());
        return services;
    }
}
