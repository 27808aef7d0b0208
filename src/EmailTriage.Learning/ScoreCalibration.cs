namespace EmailTriage.Learning;

/// <summary>
/// Turns the SVMs' raw margins into probabilities: a softmax of the margins times <see cref="Scale"/>, the scale
/// chosen by log loss on held-out mail (the SVMs' margins on their own training mail are too sure to calibrate on).
/// </summary>
public sealed record ScoreCalibration(double Scale)
{
    /// <summary>Used when nothing was held out: margins of one apart give odds of about 20 to 1.</summary>
    public static readonly ScoreCalibration Unmeasured = new(3);

    private static readonly double[] Candidates = [.. Enumerable.Range(0, 40).Select(i => 0.25 * Math.Pow(1.15, i))];

    public double[] Probabilities(float[] scores)
    {
        var p = new double[scores.Length];
        if (scores.Length == 0)
        {
            return p;
        }

        var max = scores.Max();
        var sum = 0.0;
        for (var i = 0; i < scores.Length; i++)
        {
            p[i] = Math.Exp(Scale * (scores[i] - max));
            sum += p[i];
        }

        for (var i = 0; i < p.Length; i++)
        {
            p[i] /= sum;
        }

        return p;
    }

    /// <summary>The scale with the lowest log loss over held-out margins and the index of each one's true label.</summary>
    public static ScoreCalibration Fit(IReadOnlyList<(float[] Scores, int Truth)> heldOut)
    {
        if (heldOut.Count == 0)
        {
            return Unmeasured;
        }

        var best = Candidates.MinBy(scale =>
        {
            var calibration = new ScoreCalibration(scale);
            return heldOut.Sum(h => -Math.Log(Math.Max(calibration.Probabilities(h.Scores)[h.Truth], 1e-6)));
        });
        return new ScoreCalibration(best);
    }
}
