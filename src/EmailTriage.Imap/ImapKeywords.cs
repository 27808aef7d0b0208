using System.Text;

namespace EmailTriage.Imap;

/// <summary>
/// Label names as IMAP keywords. A keyword is an atom: printable ASCII without space and <c>( ) { % * " \ ]</c>, so each
/// such character (and any non-ASCII one) becomes <c>_</c>: "Old mail" is <c>Old_mail</c>, "Triage/Old mail" is
/// <c>Triage/Old_mail</c>, "Café" is <c>Caf_</c>. Case is kept; servers compare keywords without case.
/// </summary>
internal static class ImapKeywords
{
    /// <summary>The hidden keyword meaning "triaged": clients do not show $-keywords they do not know.</summary>
    public const string Triaged = "$EmailTriaged";

    public static string Of(string label)
    {
        ArgumentNullException.ThrowIfNull(label);
        var atom = new StringBuilder(label.Length);
        foreach (var c in label.Trim())
        {
            atom.Append(c is > ' ' and < (char)127 and not ('(' or ')' or '{' or '%' or '*' or '"' or '\\' or ']') ? c : '_');
        }

        // A leading backslash would make it a system flag; the loop above already replaced it.
        return atom.Length == 0 ? "_" : atom.ToString();
    }
}
