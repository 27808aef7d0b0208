using EmailTriage.Classification;
using EmailTriage.Labels;

namespace EmailTriage.Mailboxes;

/// <summary>Messages that get the same label, applied in one call.</summary>
public sealed record LabelGroup(string Label, LabelAction Action, IReadOnlyList<LabelAssignment> Messages);

/// <summary>One message of a group, with why it got the label, for the mailbox's record.</summary>
public sealed record LabelAssignment(string Id, DecisionSource Source, string Reason);
