namespace EmailTriage.Classification;

/// <summary>How a <see cref="DecisionSource"/> is written wherever people or programs read it: --json, HTTP, summaries.</summary>
public static class DecisionSourceNames
{
    public const string Rule = "rule";
    public const string Learned = "learned";
    public const string Llm = "llm";
    public const string Fallback = "fallback";
    public const string Failed = "failed";
    public const string Deferred = "deferred";

    public static string Name(this DecisionSource source) => source switch
    {
        DecisionSource.Rule => Rule,
        DecisionSource.Learned => Learned,
        DecisionSource.Llm => Llm,
        DecisionSource.Fallback => Fallback,
        DecisionSource.Deferred => Deferred,
        _ => Failed,
    };

    public static DecisionSource Parse(string name) => name switch
    {
        Rule => DecisionSource.Rule,
        Learned => DecisionSource.Learned,
        Llm => DecisionSource.Llm,
        Fallback => DecisionSource.Fallback,
        Deferred => DecisionSource.Deferred,
        _ => DecisionSource.Failed,
    };
}
