namespace EmailTriage.Testing;

/// <summary>One call as <see cref="FakeGmailServer"/> received it; a batch logs itself and then each of its parts.</summary>
/// <param name="InBatch">True for a part of a multipart batch request.</param>
/// <param name="Status">The status answered.</param>
public sealed record FakeGmailRequest(FakeGmailCall Call, string Method, string Path, string Query, bool InBatch, string? Body, int Status)
{
    /// <summary>The value of query parameter <paramref name="name"/> (decoded), or null.</summary>
    public string? QueryValue(string name) =>
        Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(Query).TryGetValue(name, out var values) ? values.ToString() : null;
}
