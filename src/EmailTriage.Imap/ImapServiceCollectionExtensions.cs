using EmailTriage.Imap;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace EmailTriage;

public static class ImapServiceCollectionExtensions
{
    /// <summary>
    /// The <c>imap</c> mailbox kind for the CLI, the Functions host and the tests: <see cref="ImapOptions"/> bound from the
    /// flat setting names (IMAP_HOST, ...) and validated on start. Call after <c>AddEmailTriage</c>.
    /// </summary>
    public static IServiceCollection AddImap(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ImapOptions>().Bind(configuration, o => o.ErrorOnUnknownConfiguration = false).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ImapOptions>, ImapOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ImapOptions>, ImapAuthOptionsValidator>());
        services.TryAddSingleton<ImapAccessTokenSources>();
        services.TryAddSingleton<ImapMailboxFactory>();
        return services.AddMailboxKind<ImapKind>();
    }
}
