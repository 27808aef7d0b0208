using EmailTriage.Classification;
using EmailTriage.Health;
using EmailTriage.Llm;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace EmailTriage;

public static class LlmServiceCollectionExtensions
{
    /// <summary>
    /// The OpenAI-compatible transport for the classifier chain (LLM_BASE_URL's servers, the fallback provider) and its
    /// health probe. Call right after <c>AddEmailTriage</c>, which binds and validates the LLM settings.
    /// </summary>
    public static IServiceCollection AddLlm(this IServiceCollection services)
    {
        services.TryAddSingleton<ILlmTransport, LlmTransport>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHealthProbe, LlmProbe>());
        return services;
    }
}
