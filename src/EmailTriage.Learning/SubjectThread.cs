using System.Text.RegularExpressions;

namespace EmailTriage.Learning;

/// <summary>A subject without the reply and forward prefixes mail programs add, in any of the usual languages.</summary>
internal static partial class SubjectThread
{
    // Re, Fw, Fwd (English), AW/WG (German), SV/VS (Nordic), RE/TR (French), RV (Spanish), R/I (Italian),
    // Antw (Dutch), Odp/PD (Polish), plus numbered forms like "Re[2]:" and "RE^3:" and bracketed "[Fwd: ...]".
    [GeneratedRegex(@"^\s*(?:\[\s*)?(?:re|fw|fwd|aw|wg|sv|vs|tr|rv|r|i|antw|odp|pd|ynt|vb)\s*(?:\[\d+\]|\^\d+|\(\d+\))?\s*:\s*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Prefix();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    /// <summary>The subject with every leading reply/forward prefix removed, spaces collapsed, lower case.</summary>
    public static string Normalise(string subject) => Normalise(subject, out _);

    public static string Normalise(string subject, out bool hadPrefix)
    {
        hadPrefix = false;
        var text = subject;
        while (true)
        {
            var match = Prefix().Match(text);
            if (!match.Success || match.Length == 0)
            {
                break;
            }

            hadPrefix = true;
            text = text[match.Length..];
        }

        text = text.Trim().TrimEnd(']').Trim();
        return Spaces().Replace(text, " ").ToLowerInvariant();
    }
}
