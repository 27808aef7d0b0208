using EmailTriage.Filing;
using EmailTriage.Learning;
using EmailTriage.Learning.Filing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace EmailTriage;

public static class LearningServiceCollectionExtensions
{
    /// <summary>Learning from the user's filing: LEARNED_* settings and the models triage, classify and eval use.</summary>
    public static IServiceCollection AddLearning(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<LearningOptions>().Bind(configuration).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LearningOptions>, LearningOptionsValidator>());
        services.TryAddSingleton<IFilingModels, LearnedFilingModels>();
        return services;
    }
}
