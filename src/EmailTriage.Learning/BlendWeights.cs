namespace EmailTriage.Learning;

/// <summary>
/// How much the memories move the text model's probabilities: the sender's recency-weighted history is mixed
/// in with weight <see cref="Sender"/>, then a known thread's label with <see cref="ThreadReference"/>,
/// <see cref="ThreadSubject"/> (a reply by subject) or <see cref="SameSubject"/> (the same subject, no reply prefix).
/// Chosen on held-out mail by log loss, so the result stays a probability.
/// </summary>
public sealed record BlendWeights(double Sender, double ThreadReference, double ThreadSubject, double SameSubject = 0)
{
    public static readonly BlendWeights None = new(0, 0, 0);

    internal static IEnumerable<BlendWeights> Candidates()
    {
        double[] sender = [0, 0.1, 0.2, 0.35, 0.5, 0.7];
        double[] reference = [0, 0.5, 0.8, 0.95];
        double[] subject = [0, 0.25, 0.5, 0.75, 0.9];
        return from s in sender from r in reference from t in subject from same in subject select new BlendWeights(s, r, t, same);
    }
}
