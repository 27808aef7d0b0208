using Google.Apis.Http;
using Microsoft.Extensions.Logging;

namespace EmailTriage.Gmail.Http;

/// <summary>Google.Apis' client factory with <see cref="GmailRetryHandler"/> under its auth and logging handler.</summary>
internal sealed class GmailHttpClientFactory(GmailBackOff backOff, ILogger logger) : HttpClientFactory
{
    protected override HttpMessageHandler CreateHandler(CreateHttpClientArgs args) =>
        new GmailRetryHandler(backOff, logger) { InnerHandler = base.CreateHandler(args) };
}
