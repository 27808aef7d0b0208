namespace EmailTriage.Labels;

/// <summary>
/// A free, explainable decision: every condition that is set must hold. <see cref="Header"/> without
/// <see cref="Contains"/> only asks that the header is present.
/// </summary>
public sealed record LabelRule(string? From, string? Domain, string? ListId, string? Subject, string? Header, string? Contains)
{
    public override string ToString() => string.Join(
        " and ",
        new[]
        {
            From is null ? null : $"from {From}",
            Domain is null ? null : $"domain {Domain}",
            ListId is null ? null : $"list-id contains {ListId}",
            Subject is null ? null : $"subject contains '{Subject}'",
            Header is null ? null : Contains is null ? $"header {Header}" : $"header {Header} contains '{Contains}'",
        }.Where(part => part is not null));
}
