using System.Globalization;

namespace EmailTriage.Cli.Evaluation;

/// <summary>How figures read on screen and in the report; "-" stands for a figure that cannot be computed.</summary>
internal static class EvalFormat
{
    public const string Missing = "-";

    public static string Percent(double? share) => share is { } s ? Invariant($"{s * 100:0.0} %") : Missing;

    public static string Ratio(double? value) => value is { } v ? Invariant($"{v:0.000}") : Missing;

    public static string Decimal(double? value) => value is { } v ? Invariant($"{v:0.0}") : Missing;

    public static string TwoDecimals(double? value) => value is { } v ? Invariant($"{v:0.00}") : Missing;

    public static string Milliseconds(double? value) => value is { } v ? Invariant($"{v:0} ms") : Missing;

    public static string Dollars(double? value) => value is { } v ? Invariant($"${v:0.0000}") : Missing;

    public static string Seconds(double value) => Invariant($"{value:0.0} s");

    public static string Count(int part, int whole) => Invariant($"{part} of {whole}");

    /// <summary>The change from <paramref name="before"/> to <paramref name="after"/>, signed, in the figure's own format.</summary>
    public static string Delta(double? before, double? after, Func<double?, string> format)
    {
        if (before is not { } b || after is not { } a)
        {
            return Missing;
        }

        // A change too small to show is no change: "+0 ms", never "-0 ms".
        var size = format(Math.Abs(a - b));
        return (a < b && size != format(0) ? "-" : "+") + size;
    }

    /// <summary>A change of a share, in percentage points.</summary>
    public static string PointsDelta(double? before, double? after) =>
        before is { } b && after is { } a ? Invariant($"{(a - b) * 100:+0.0;-0.0;+0.0} pts") : Missing;

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
