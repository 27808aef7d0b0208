using Microsoft.Extensions.Configuration;

namespace EmailTriage.Configuration;

public sealed class LabelOptions
{
    [ConfigurationKeyName("LABEL_CONFIG_FILE")]
    public string LabelConfigFile { get; set; } = "config/labels.json";
}
