using System.Text;

namespace EmailTriage.Gmail;

/// <summary>Builds the users.messages.list query: the user's TRIAGE_QUERY minus every label we set.</summary>
internal static class GmailQuery
{
    public static string Excluding(string query, IEnumerable<string> labelNames)
    {
        var builder = new StringBuilder(query.Trim());
        foreach (var name in labelNames)
        {
            builder.Append(" -label:").Append(SearchName(name));
        }

        return builder.ToString().Trim();
    }

    // Gmail search spells label names with spaces and slashes (nesting) as hyphens: "Triage/Old mail" is
    // label:triage-old-mail. The labelIds check after fetching is the authority; this only saves fetches.
    public static string SearchName(string labelName)
    {
        var builder = new StringBuilder(labelName.Length);
        foreach (var c in labelName.Trim())
        {
            builder.Append(char.IsLetterOrDigit(c) || c is '_' or '.' ? char.ToLowerInvariant(c) : '-');
        }

        return builder.ToString();
    }
}
