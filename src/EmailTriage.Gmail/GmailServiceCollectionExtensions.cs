using EmailTriage.Gmail;
using EmailTriage.Health;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace EmailTriage;

public static class GmailServiceCollectionExtensions
{
    /// <summary>
    /// Gmail for the CLI, the Functions host and the tests: <see cref="GmailOptions"/> bound from the flat setting
    /// names (GMAIL_TOKEN_FILE, ...) and validated, and the factory that signs in and builds the mailbox.
    /// Call after <c>AddEmailTriage</c>, which provides the paths and the clock.
    /// </summary>
    public static IServiceCollection AddGmail(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<GmailOptions>().Bind(configuration, o => o.ErrorOnUnknownConfiguration = false);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GmailOptions>, GmailOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<GmailMailboxFactory>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<MailboxList.IMailboxOpener, GmailMailboxOpener>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHealthProbe, GmailHealthProbe>());
        return services;
    }
}
