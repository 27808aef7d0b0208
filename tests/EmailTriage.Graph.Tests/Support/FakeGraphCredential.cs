using Azure.Core;
using EmailTriage.Testing;

namespace EmailTriage.Graph.Tests.Support;

/// <summary>
/// A real <see cref="TokenCredential"/> whose tokens the fake Graph server issued, as the identity library's would be
/// Entra ID's: the HTTP layer under test asks it exactly as it asks a device-code or managed-identity credential.
/// </summary>
internal sealed class FakeGraphCredential(FakeGraphServer server) : TokenCredential
{
    private int _calls;

    /// <summary>How many tokens were asked for.</summary>
    public int Calls => Volatile.Read(ref _calls);

    /// <summary>When set, every token handed out is this one (say, one the server never issued).</summary>
    public string? Fixed { get; set; }

    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        GetTokenAsync(requestContext, cancellationToken).AsTask().GetAwaiter().GetResult();

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        return ValueTask.FromResult(new AccessToken(Fixed ?? server.IssueAccessToken(), DateTimeOffset.UtcNow.AddHours(1)));
    }
}
