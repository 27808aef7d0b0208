namespace EmailTriage.Labels;

public sealed record LabelDefinition(
    string Name,
    string Description,
    IReadOnlyList<string> Examples,
    IReadOnlyList<LabelRule> Rules,
    LabelAction Action);
