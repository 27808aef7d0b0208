using Microsoft.Extensions.Configuration;

namespace EmailTriage.Evaluation;

/// <summary>Settings only <c>eval</c> reads.</summary>
public sealed class EvaluationOptions
{
    /// <summary>Dollars per million tokens, <c>input/output</c>; unset means no cost estimate.</summary>
    [ConfigurationKeyName(TokenPrice.SettingName)]
    public string? PricePerMillionTokens { get; set; }

    /// <summary>The parsed price, or null when unset; a <see cref="Configuration.SettingsException"/> naming the setting when malformed.</summary>
    public TokenPrice? Price => TokenPrice.Parse(PricePerMillionTokens);
}
