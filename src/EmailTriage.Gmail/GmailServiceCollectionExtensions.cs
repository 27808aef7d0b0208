using EmailTriage.Gmail;
using EmailTriage.Gmail.Auth;
using EmailTriage.Mailboxes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace EmailTriage;

public static class GmailServiceCollectionExtensions
{
    /// <summary>
    /// The <c>gmail</c> mailbox kind for the CLI, the Functions host and the tests: <see cref="GmailOptions"/> bound from
    /// the flat setting names (GMAIL_TOKEN_FILE, ...) and validated, and the Gmail sign-in offered to other kinds (IMAP's
    /// gmail-oauth). Call after <c>AddEmailTriage</c>, which provides the paths and the clock.
    /// </summary>
    public static IServiceCollection AddGmail(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<GmailOptions>().Bind(configuration, o => o.ErrorOnUnknownConfiguration = false).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GmailOptions>, GmailOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<GmailMailboxFactory>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IOAuthTokenSource, GmailOAuthTokenSource>());
        return services.AddMailboxKind<GmailKind>();
    }
}
