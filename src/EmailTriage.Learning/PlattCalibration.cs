namespace EmailTriage.Learning;

/// <summary>
/// Turns each label's SVM margin into a probability with its own sigmoid (Platt scaling, fitted on the training
/// mail's margins as ML.NET's one-versus-all does), then normalises over labels. Each label's own slope and
/// offset matter: a label with few examples has margins of another size than a large one.
/// </summary>
internal sealed record PlattCalibration(double[] Slope, double[] Offset)
{
    private const int MostIterations = 100;

    /// <summary>
    /// The power the per-label probabilities are raised to before they are normalised, fitted on held-out mail by log loss
    /// when <see cref="LearningOptions.CalibrateOnHeldOut"/> is set: above 1 sharpens, below 1 softens, the best label
    /// stays the best. 1 (nothing changes) otherwise, and for models saved before it existed.
    /// </summary>
    public double Temperature { get; init; } = 1;

    public double[] Probabilities(float[] scores)
    {
        var p = new double[scores.Length];
        var sum = 0.0;
        for (var i = 0; i < scores.Length && i < Slope.Length; i++)
        {
            p[i] = 1 / (1 + Math.Exp(Slope[i] * scores[i] + Offset[i]));
            sum += p[i];
        }

        if (Temperature != 1)
        {
            sum = 0;
            for (var i = 0; i < p.Length; i++)
            {
                p[i] = Math.Pow(p[i], Temperature);
                sum += p[i];
            }
        }

        if (sum > 0)
        {
            for (var i = 0; i < p.Length; i++)
            {
                p[i] /= sum;
            }
        }

        return p;
    }

    /// <summary>One sigmoid per label over the margins of every example and the index of its true label.</summary>
    public static PlattCalibration Fit(IReadOnlyList<float[]> margins, IReadOnlyList<int> truths, int labels)
    {
        var slope = new double[labels];
        var offset = new double[labels];
        for (var k = 0; k < labels; k++)
        {
            (slope[k], offset[k]) = FitOne(margins, truths, k);
        }

        return new PlattCalibration(slope, offset);
    }

    private static (double Slope, double Offset) FitOne(IReadOnlyList<float[]> margins, IReadOnlyList<int> truths, int label)
    {
        var n = margins.Count;
        var f = new double[n];
        var y = new bool[n];
        for (var i = 0; i < n; i++)
        {
            f[i] = margins[i][label];
            y[i] = truths[i] == label;
        }

        return FitPairs(f, y);
    }

    // Platt's method as revised by Lin, Lin and Weng (2007): Newton steps with a line search, targets pulled off 0 and 1 by the priors.
    private static (double Slope, double Offset) FitPairs(double[] f, bool[] positive)
    {
        var n = f.Length;
        var t = new double[n];
        var positives = positive.Count(p => p);
        var negatives = n - positives;
        var high = (positives + 1.0) / (positives + 2.0);
        var low = 1.0 / (negatives + 2.0);
        for (var i = 0; i < n; i++)
        {
            t[i] = positive[i] ? high : low;
        }

        var a = 0.0;
        var b = Math.Log((negatives + 1.0) / (positives + 1.0));
        var value = Objective(f, t, a, b);
        for (var iteration = 0; iteration < MostIterations; iteration++)
        {
            double h11 = 1e-12, h22 = 1e-12, h21 = 0, g1 = 0, g2 = 0;
            for (var i = 0; i < n; i++)
            {
                var z = f[i] * a + b;
                double p, q;
                if (z >= 0)
                {
                    p = Math.Exp(-z) / (1 + Math.Exp(-z));
                    q = 1 / (1 + Math.Exp(-z));
                }
                else
                {
                    p = 1 / (1 + Math.Exp(z));
                    q = Math.Exp(z) / (1 + Math.Exp(z));
                }

                var d2 = p * q;
                h11 += f[i] * f[i] * d2;
                h22 += d2;
                h21 += f[i] * d2;
                var d1 = t[i] - p;
                g1 += f[i] * d1;
                g2 += d1;
            }

            if (Math.Abs(g1) < 1e-5 && Math.Abs(g2) < 1e-5)
            {
                break;
            }

            var det = h11 * h22 - h21 * h21;
            var da = -(h22 * g1 - h21 * g2) / det;
            var db = -(-h21 * g1 + h11 * g2) / det;
            var gd = g1 * da + g2 * db;
            var step = 1.0;
            while (step >= 1e-10)
            {
                var next = Objective(f, t, a + step * da, b + step * db);
                if (next < value + 1e-4 * step * gd)
                {
                    a += step * da;
                    b += step * db;
                    value = next;
                    break;
                }

                step /= 2;
            }

            if (step < 1e-10)
            {
                break;
            }
        }

        return (a, b);
    }

    private static double Objective(double[] f, double[] t, double a, double b)
    {
        var value = 0.0;
        for (var i = 0; i < f.Length; i++)
        {
            var z = f[i] * a + b;
            value += z >= 0 ? t[i] * z + Math.Log(1 + Math.Exp(-z)) : (t[i] - 1) * z + Math.Log(1 + Math.Exp(z));
        }

        return value;
    }
}
