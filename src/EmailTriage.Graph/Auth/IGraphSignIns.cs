namespace EmailTriage.Graph.Auth;

/// <summary>The sign-in GRAPH_AUTH names, for one mailbox's settings; tests put their own token source here.</summary>
internal interface IGraphSignIns
{
    /// <param name="interactive">False where no person can read a device code (check): a missing sign-in is then an error.</param>
    GraphAccess For(GraphOptions options, bool interactive);

    /// <summary>Whether there is something to sign in with already (a kept device-code sign-in; the app's own identity always).</summary>
    bool HasSignIn(GraphOptions options);
}
