namespace EmailTriage.Testing;

/// <summary>One call as <see cref="FakeGraphServer"/> received it; a $batch logs itself, then each of its parts with <paramref name="InBatch"/>.</summary>
/// <param name="Path">The path after the version segment, e.g. <c>me/messages/AAMk.../move</c>.</param>
/// <param name="Status">The status answered (0 when the connection was dropped or the client went away first).</param>
/// <param name="Parts">For a $batch, how many requests it carried.</param>
/// <param name="Batch">For a $batch and each of its parts, the batch's number (from 1); 0 for a request alone.</param>
public sealed record FakeGraphRequest(FakeGraphCall Call, string Method, string Path, string Query, bool InBatch, int Status, int Parts = 0, int Batch = 0);
