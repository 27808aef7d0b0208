using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace EmailTriage.Cli.Commands;

/// <summary>Whole-number options: a value that is not a number, or out of range, is a usage error naming the option, never a crash.</summary>
internal static class NumberOptions
{
    /// <summary>An optional count of things: absent, or 1 or more.</summary>
    public static Option<int?> Count(string name, string description) => new(name)
    {
        Description = description,
        CustomParser = result => Parse(result, name, 1),
    };

    /// <summary>Any whole number that fits an int, with a default.</summary>
    public static Option<int> Number(string name, string description, int defaultValue) => new(name)
    {
        Description = description,
        DefaultValueFactory = _ => defaultValue,
        CustomParser = result => Parse(result, name, int.MinValue) ?? defaultValue,
    };

    private static int? Parse(ArgumentResult result, string name, int minimum)
    {
        if (result.Tokens is not [var token])
        {
            // No value after the option: System.CommandLine reports that itself.
            return null;
        }

        if (int.TryParse(token.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value >= minimum)
        {
            return value;
        }

        result.AddError(string.Create(CultureInfo.InvariantCulture, $"{name} takes a whole number from {minimum} to {int.MaxValue}, not '{token.Value}'."));
        return null;
    }
}
