using Microsoft.Extensions.Options;

namespace EmailTriage.Learning;

/// <summary>The LEARNED_* settings, checked when the host starts, each with its range and the fix.</summary>
internal sealed class LearningOptionsValidator : IValidateOptions<LearningOptions>
{
    public ValidateOptionsResult Validate(string? name, LearningOptions options)
    {
        var failures = new List<string>();
        if (options.TargetPrecision is < 0 or > 1 || double.IsNaN(options.TargetPrecision))
        {
            failures.Add($"LEARNED_TARGET_PRECISION must be a share from 0 to 1, such as 0.95 (was {options.TargetPrecision}); 1 means the learned model never decides alone, 0 that it decides everything.");
        }

        if (options.RetrainEvery < 1)
        {
            failures.Add($"LEARNED_RETRAIN_EVERY must be a whole number of filings, at least 1 (was {options.RetrainEvery}); the default is 100.");
        }

        if (options.MaxRetrainsPerRun < 0)
        {
            failures.Add($"LEARNED_MAX_RETRAINS_PER_RUN must be 0 or more (was {options.MaxRetrainsPerRun}); 0 retrains only in 'learn', the default is 1.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
