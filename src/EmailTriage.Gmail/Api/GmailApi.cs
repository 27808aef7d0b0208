using EmailTriage.Gmail.Http;
using Google.Apis.Services;

namespace EmailTriage.Gmail.Api;

/// <summary>
/// The Gmail REST API, reduced to the calls triage makes. Google.Apis.Gmail.v1 cannot be restored here, so
/// this is the same shape written by hand over Google.Apis core, from Google's discovery document.
/// </summary>
internal sealed class GmailApi : BaseClientService
{
    public const string DefaultBaseUri = "https://gmail.googleapis.com/";

    public GmailApi(Initializer initializer)
        : base(initializer)
    {
        BaseUri = GetEffectiveUri(BaseUriOverride, DefaultBaseUri);
        BatchUri = new Uri(new Uri(BaseUri), BatchPath).AbsoluteUri;
        Users = new GmailUsers(this);
    }

    internal GmailUsers Users { get; }

    /// <summary>The back-off of the retry handler, for waits outside it (rate-limited parts of a batch).</summary>
    internal GmailBackOff BackOff { get; init; } = new(GmailRetryPolicy.Default);

    public override string Name => "gmail";

    public override string BaseUri { get; }

    public override string BasePath => "";

    public override string BatchUri { get; }

    // Gmail's own batch path; the generic "batch" also works but Google documents this one.
    public override string BatchPath => "batch/gmail/v1";

    public override IList<string> Features => [];
}
