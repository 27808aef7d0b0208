using EmailTriage.Evaluation;

namespace EmailTriage.Cli.Evaluation;

/// <summary>The <c>eval --json</c> object when two configurations were compared on the same messages.</summary>
internal sealed record EvalComparison(EvalResult Current, string ComparedWith, EvalResult Compared);
