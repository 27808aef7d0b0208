using System.Globalization;
using EmailTriage.Configuration;

namespace EmailTriage.Evaluation;

/// <summary>What a provider charges, in dollars per million tokens, for prompt (input) and completion (output) tokens.</summary>
public readonly record struct TokenPrice(double InputPerMillion, double OutputPerMillion)
{
    public const string SettingName = "LLM_PRICE_PER_MTOK";

    /// <summary>Dollars for <paramref name="promptTokens"/> in and <paramref name="completionTokens"/> out.</summary>
    public double Cost(double promptTokens, double completionTokens) =>
        ((promptTokens * InputPerMillion) + (completionTokens * OutputPerMillion)) / 1_000_000;

    /// <summary>Reads <c>input/output</c> (e.g. <c>0.18/0.18</c>) or one number for both; null when not set.</summary>
    public static TokenPrice? Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var parts = value.Split('/', StringSplitOptions.TrimEntries);
        if (parts.Length <= 2 && Number(parts[0]) is { } input && Number(parts[^1]) is { } output)
        {
            return new TokenPrice(input, output);
        }

        throw new SettingsException(
            $"{SettingName} '{value}' is not a price. Give dollars per million prompt/completion tokens, e.g. {SettingName}=0.18/0.18 " +
            "(input and output cost the same) or 0.15/0.60; leave it unset to skip the cost estimate.");
    }

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{InputPerMillion}/{OutputPerMillion}");

    private static double? Number(string text) =>
        double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number) ? number : null;
}
