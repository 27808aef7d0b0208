namespace EmailTriage.Learning;

/// <summary>
/// When to retrain the text model during one run: after <see cref="LearningOptions.RetrainEvery"/> new or
/// changed examples, after any correction, or as soon as a label without a text model has two examples; and
/// never more than <see cref="LearningOptions.MaxRetrainsPerRun"/> times, because a retrain costs seconds.
/// </summary>
internal sealed class RetrainCadence
{
    private readonly int _every;
    private readonly int _max;

    public RetrainCadence(LearningOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.RetrainEvery < 1)
        {
            throw new LearningException($"LEARNED_RETRAIN_EVERY is {options.RetrainEvery}: set it to the number of new examples (1 or more) after which the model is retrained, e.g. 100.");
        }

        if (options.MaxRetrainsPerRun < 0)
        {
            throw new LearningException($"LEARNED_MAX_RETRAINS_PER_RUN is {options.MaxRetrainsPerRun}: set it to 0 (never retrain) or more, e.g. 1.");
        }

        _every = options.RetrainEvery;
        _max = options.MaxRetrainsPerRun;
    }

    /// <summary>How many retrains this cadence allowed.</summary>
    public int Retrains { get; private set; }

    /// <summary>Whether <paramref name="model"/> should be retrained now; false once this run's retrains are used up.</summary>
    public bool Due(LearnedModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Retrains < _max && (model.PendingExamples >= _every || model.PendingCorrections > 0 || model.LabelsWithoutModel.Count > 0);
    }

    /// <summary>Counts one retrain and returns true when one is due; the caller then calls <see cref="LearnedModel.Retrain"/>.</summary>
    public bool TryTake(LearnedModel model)
    {
        if (!Due(model))
        {
            return false;
        }

        Retrains++;
        return true;
    }
}
