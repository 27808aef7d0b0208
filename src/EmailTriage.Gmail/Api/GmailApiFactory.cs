using EmailTriage.Gmail.Http;
using Google.Apis.Http;
using Google.Apis.Services;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EmailTriage.Gmail.Api;

/// <summary>Builds a <see cref="GmailApi"/> pointed at GMAIL_API_BASE_URL, signed in with a credential, retrying politely.</summary>
internal static class GmailApiFactory
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
        var backOff = new GmailBackOff(retryPolicy ?? options.RetryPolicy, delay);
        var api = new GmailApi(new BaseClientService.Initializer
        {
            ApplicationName = ApplicationName,
            BaseUri = options.EffectiveApiBaseUrl,
            HttpClientInitializer = credential,
            HttpClientFactory = new GmailHttpClientFactory(backOff, logger ?? NullLogger.Instance),
            DefaultExponentialBackOffPolicy = ExponentialBackOffPolicy.None,
        })
        {
            BackOff = backOff,
        };

        // HttpClient's timeout (100 s) would cover every retry and back-off of GmailRetryHandler together; that handler
        // times each attempt instead.
        api.HttpClient.Timeout = Timeout.InfiniteTimeSpan;
        return api;
    }
}
