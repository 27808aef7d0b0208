namespace EmailTriage.Triage;

public readonly record struct TriageProgress(int Done, int Total);
