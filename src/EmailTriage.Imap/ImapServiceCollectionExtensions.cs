using EmailTriage.Imap;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace EmailTriage;

public static class ImapServiceCollectionExtensions
{
    /// <summary>
    /// IMAP for the CLI, the Functions host and the tests: <see cref="ImapOptions"/> bound from the flat setting names
    /// (IMAP_HOST, ...) and validated on start, and the factory that builds the mailbox. Call after <c>AddEmailTriage</c>.
    /// </summary>
    public static IServiceCollection AddImap(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ImapOptions>().Bind(configuration, o => o.ErrorOnUnknownConfiguration = false).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ImapOptions>, ImapOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ImapOptions>, ImapAuthOptionsValidator>());
        services.TryAddSingleton<IImapSignInPrompt, LoggedSignInPrompt>();
        services.TryAddSingleton<ImapAccessTokenSources>();
        services.TryAddSingleton<ImapMailboxFactory>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<MailboxList.IMailboxOpener, ImapMailboxOpener>());
        return services;
    }
}
