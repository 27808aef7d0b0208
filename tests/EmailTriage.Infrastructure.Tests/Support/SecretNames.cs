using System.Text.RegularExpressions;

namespace EmailTriage.Infrastructure.Tests.Support;

/// <summary>Names that suggest a secret: such a thing must never be an output or a plain parameter.</summary>
public static partial class SecretNames
{
    public static bool LookSecret(string name) => Pattern().IsMatch(name);

    // "key" alone is suspicious, "key vault" is not.
    [GeneratedRegex(@"secret|password|passwd|pwd|token|credential|connection_?string|sas_?url|key(?!_?vault)", RegexOptions.IgnoreCase)]
    private static partial Regex Pattern();
}
