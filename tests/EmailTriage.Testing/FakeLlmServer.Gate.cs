namespace EmailTriage.Testing;

/// <summary>Holding answers back, for tests that act while requests are with the model (a signal, a timeout).</summary>
public sealed partial class FakeLlmServer
{
    private readonly ChatGate _gate = new();

    /// <summary>From the <paramref name="fromRequest"/>th chat request on (counting from 1), answers wait for <see cref="ReleaseAnswers"/>.</summary>
    public void HoldAnswers(int fromRequest = 1) => _gate.Hold(fromRequest);

    /// <summary>Lets every held answer, and those after it, go.</summary>
    public void ReleaseAnswers() => _gate.Release();

    /// <summary>Completes once <paramref name="count"/> chat requests have arrived (held or not).</summary>
    public Task WaitForRequestsAsync(int count, CancellationToken cancellationToken = default) => _gate.WaitForAsync(count, cancellationToken);
}
