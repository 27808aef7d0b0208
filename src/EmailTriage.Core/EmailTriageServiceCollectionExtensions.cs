using EmailTriage.Classification;
using EmailTriage.Configuration;
using EmailTriage.Health;
using EmailTriage.Labels;
using EmailTriage.Mailboxes;
using EmailTriage.State;
using EmailTriage.Triage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace EmailTriage;

public static class EmailTriageServiceCollectionExtensions
{
    /// <summary>
    /// The one composition root, shared by the CLI, the Functions host and the tests: options bound from the
    /// flat setting names (LLM_BASE_URL, ...), the label loader, the classifier chain and the runner.
    /// </summary>
    public static IServiceCollection AddEmailTriage(this IServiceCollection services, IConfiguration configuration, string baseDirectory)
    {
        // Before anything touches MimeKit, in every host.
        Mail.CodePages.EnsureRegistered();

        // Every options class is checked when the host starts, so a wrong setting is named before any work is done.
        services.AddOptions<LlmOptions>().Bind(configuration, o => o.ErrorOnUnknownConfiguration = false).ValidateOnStart();
        services.AddOptions<LabelOptions>().Bind(configuration).ValidateOnStart();
        services.AddOptions<LoggingOptions>().Bind(configuration).ValidateOnStart();
        services.AddOptions<Decisions.DecisionLogOptions>().Bind(configuration).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<Decisions.DecisionLogOptions>, Decisions.DecisionLogOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LlmOptions>, LlmOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LabelOptions>, LabelOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LoggingOptions>, LoggingOptionsValidator>());

        var paths = new AppPaths(baseDirectory);
        services.TryAddSingleton(paths);
        services.TryAddSingleton(StateDirectory.From(configuration, paths));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IStateStores, LocalStateStores>();
        services.TryAddSingleton<LabelConfigLoader>();
        services.TryAddSingleton<ClassifierFactory>();
        services.TryAddSingleton<OnDemandClassifier>();
        services.TryAddSingleton<Filing.ModelTraining>();
        services.TryAddSingleton<IMailboxLocks, LocalMailboxLocks>();
        services.TryAddSingleton<TriageRunner>();
        services.TryAddSingleton<Watching.MailboxWatch>();
        services.TryAddSingleton<ManyMailboxesRunner>();
        services.TryAddSingleton<HealthCheck>();
        services.TryAddSingleton<NamedMailboxesCheck>();
        services.TryAddSingleton(sp => new MailboxListLoader(configuration, paths, sp.GetRequiredService<MailboxKinds>()));
        services.TryAddSingleton<MailboxKinds>();
        services.TryAddSingleton<MailboxCatalog>();
        services.TryAddSingleton<ISignInPrompt, LoggedSignInPrompt>();

        // Core's own mailbox kind, first; each adapter adds its kind with its Add* call.
        services.AddMailboxKind<FolderKind>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHealthProbe, LabelsProbe>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHealthProbe, MailboxesProbe>());
        return services;
    }

    /// <summary>Registers a mailbox kind (<see cref="IMailboxKind"/>): the one line an adapter's Add* method needs for its kind.</summary>
    public static IServiceCollection AddMailboxKind<TKind>(this IServiceCollection services)
        where TKind : class, IMailboxKind
    {
        services.TryAddSingleton<TKind>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IMailboxKind, TKind>(sp => sp.GetRequiredService<TKind>()));
        return services;
    }
}
