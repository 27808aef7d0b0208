namespace EmailTriage.Gmail;

/// <summary>A label a run needs; hidden ones (the triaged marker) stay out of Gmail's label list and message list.</summary>
internal sealed record GmailLabelSpec(string Name, bool Hidden);
