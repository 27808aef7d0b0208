using EmailTriage.Gmail.Http;
using Google.Apis.Http;
using Google.Apis.Services;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EmailTriage.Gmail.Api;

/// <summary>Builds a <see cref="GmailApi"/> pointed at GMAIL_API_BASE_URL, signed in with a credential, retrying politely.</summary>
public static class GmailApiFactory
{
    public const string ApplicationName = "EmailTriage";

    public static GmailApi Create(
        GmailOptions options,
        IConfigurableHttpClientInitializer? credential,
        ILogger? logger = null,
        GmailRetryPolicy? retryPolicy = null,
        Func<TimeSpan, CancellationToken, Task>? delay = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new GmailApi(new BaseClientService.Initializer
        {
            ApplicationName = ApplicationName,
            BaseUri = options.EffectiveApiBaseUrl,
            HttpClientInitializer = credential,
            HttpClientFactory = new GmailHttpClientFactory(retryPolicy ?? options.RetryPolicy, logger ?? NullLogger.Instance, delay),
            DefaultExponentialBackOffPolicy = ExponentialBackOffPolicy.None,
        });
    }
}
