namespace EmailTriage.Learning;

/// <summary>Mixes the text model's probabilities with the memories' evidence into one distribution over the label set.</summary>
internal static class PredictionBlend
{
    public static double[] Blend(double[] model, MemoryEvidence evidence, BlendWeights weights, LabelSet labels)
    {
        var p = (double[])model.Clone();
        if (weights.Sender > 0 && evidence.Sender.Count > 0)
        {
            Scale(p, 1 - weights.Sender);
            foreach (var (label, share) in evidence.Sender)
            {
                if (labels.IndexOf(label) is >= 0 and var index)
                {
                    p[index] += weights.Sender * share;
                }
            }
        }

        var thread = evidence.Thread switch
        {
            ThreadEvidence.Reference => weights.ThreadReference,
            ThreadEvidence.Subject => weights.ThreadSubject,
            ThreadEvidence.SameSubject => weights.SameSubject,
            _ => 0,
        };
        if (thread > 0 && evidence.ThreadLabel is { } threadLabel && labels.IndexOf(threadLabel) is >= 0 and var threadIndex)
        {
            Scale(p, 1 - thread);
            p[threadIndex] += thread;
        }

        return p;
    }

    public static int ArgMax(double[] p)
    {
        var best = 0;
        for (var i = 1; i < p.Length; i++)
        {
            if (p[i] > p[best])
            {
                best = i;
            }
        }

        return best;
    }

    private static void Scale(double[] p, double factor)
    {
        for (var i = 0; i < p.Length; i++)
        {
            p[i] *= factor;
        }
    }
}
