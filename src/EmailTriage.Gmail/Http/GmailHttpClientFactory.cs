using Google.Apis.Http;
using Microsoft.Extensions.Logging;

namespace EmailTriage.Gmail.Http;

/// <summary>Google.Apis' client factory with <see cref="GmailRetryHandler"/> under its auth and logging handler.</summary>
internal sealed class GmailHttpClientFactory(GmailRetryPolicy policy, ILogger logger, Func<TimeSpan, CancellationToken, Task>? delay = null) : HttpClientFactory
{
    protected override HttpMessageHandler CreateHandler(CreateHttpClientArgs args) =>
        new GmailRetryHandler(policy, logger, delay) { InnerHandler = base.CreateHandler(args) };
}
