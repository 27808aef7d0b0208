namespace EmailTriage.Testing;

/// <summary>A label held by <see cref="FakeGmailServer"/>; system labels have their name as id.</summary>
public sealed record FakeGmailLabel(string Id, string Name, string Type, string? LabelListVisibility, string? MessageListVisibility);
