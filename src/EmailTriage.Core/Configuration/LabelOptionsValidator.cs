using Microsoft.Extensions.Options;

namespace EmailTriage.Configuration;

/// <summary>LABEL_CONFIG_FILE is set; whether the file reads is the label loader's to say, with the line at fault.</summary>
internal sealed class LabelOptionsValidator : IValidateOptions<LabelOptions>
{
    public ValidateOptionsResult Validate(string? name, LabelOptions options) =>
        string.IsNullOrWhiteSpace(options.LabelConfigFile)
            ? ValidateOptionsResult.Fail("LABEL_CONFIG_FILE is empty. Remove it to use config/labels.json, or name your label file.")
            : ValidateOptionsResult.Success;
}
