using EmailTriage.Graph.Auth;
using EmailTriage.Testing;

namespace EmailTriage.Graph.Tests.Support;

/// <summary>The sign-ins of a host under test: every mailbox signs in with tokens of the fake server, as <paramref name="account"/>.</summary>
internal sealed class FakeGraphSignIns(FakeGraphServer server, string account) : IGraphSignIns
{
    public FakeGraphCredential Credential { get; } = new(server);

    public GraphAccess For(GraphOptions options, bool interactive) =>
        new(Credential, GraphScopes.For(options), "the test's GRAPH_* settings", _ => Task.FromResult<string?>(options.IsAppOnly ? options.EffectiveUser : account));

    public bool HasSignIn(GraphOptions options) => true;
}
