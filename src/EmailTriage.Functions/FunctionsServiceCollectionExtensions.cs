using EmailTriage.Learning;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace EmailTriage.Functions;

public static class FunctionsServiceCollectionExtensions
{
    /// <summary>The shared composition root plus what only this host needs; used by Program.cs and by the tests.</summary>
    public static IServiceCollection AddEmailTriageFunctions(this IServiceCollection services, IConfiguration configuration, string baseDirectory)
    {
        // The mailbox MAILBOX names, opened per run: Gmail (the default; in Azure its sign-in comes from GMAIL_REFRESH_TOKEN,
        // GMAIL_CLIENT_ID, GMAIL_CLIENT_SECRET via Key Vault), IMAP (IMAP_PASSWORD via Key Vault) or Microsoft Graph (the
        // app's managed identity: no secret).
        services.AddEmailTriage(configuration, baseDirectory).AddLlm().AddGmail(configuration).AddImap(configuration).AddGraph(configuration).AddLearning(configuration);
        services.TryAddSingleton<FunctionsMailbox>();

        // In Azure EMAILTRIAGE_STORAGE is the app's storage account: an instance is gone after a run, so state on its
        // disk would be lost.
        services.AddAzureState(configuration);
        services.AddOptions<FunctionsOptions>().Bind(configuration).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<FunctionsOptions>, FunctionsOptionsValidator>());

        // After AddApplicationInsightsTelemetryWorkerService (Program.cs), whose Warning-only rule this removes.
        services.RemoveApplicationInsightsWarningFilter();
        services.AddEmailTriageLogLevel(configuration);
        return services;
    }
}
