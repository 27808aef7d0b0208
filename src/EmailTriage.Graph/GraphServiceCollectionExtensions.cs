using EmailTriage.Graph;
using EmailTriage.Graph.Auth;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace EmailTriage;

public static class GraphServiceCollectionExtensions
{
    /// <summary>
    /// The <c>graph</c> mailbox kind (Outlook.com and Microsoft 365 over Microsoft Graph) for the CLI, the Functions host and
    /// the tests: GRAPH_* settings bound and validated on start, the sign-in, and the kind. Call after <c>AddEmailTriage</c>.
    /// </summary>
    public static IServiceCollection AddGraph(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<GraphOptions>().Bind(configuration, o => o.ErrorOnUnknownConfiguration = false).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GraphOptions>, GraphOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IGraphSignIns, GraphSignIns>();
        services.TryAddSingleton<GraphMailboxFactory>();
        services.TryAddSingleton<GraphMailboxSignIn>();
        return services.AddMailboxKind<GraphKind>();
    }
}
