namespace EmailTriage.Classification;

/// <summary>A <see cref="DecisionSource"/> that a log writes as everything else does ("llm", "rule"), not as the enum ("Llm").</summary>
internal readonly record struct SourceName(DecisionSource Source)
{
    public static implicit operator SourceName(DecisionSource source) => new(source);

    public override string ToString() => Source.Name();
}
