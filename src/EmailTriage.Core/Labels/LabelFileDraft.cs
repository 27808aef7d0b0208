using System.Globalization;
using System.Text.Json;
using EmailTriage.Mail;

namespace EmailTriage.Labels;

/// <summary>
/// A first label file for a user who already filed their mail: one label per folder (or Gmail label), each described
/// from what is filed there (how many messages, the senders' main domains, a few subjects). The descriptions are a draft
/// for the user to edit: they quote the user's own subjects, which the LLM prompt then carries.
/// </summary>
public static class LabelFileDraft
{
    private const int DomainsNamed = 3;
    private const int SubjectsQuoted = 3;
    private const int SubjectLength = 60;

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Write(IReadOnlyDictionary<string, IReadOnlyList<MailMessage>> filed)
    {
        ArgumentNullException.ThrowIfNull(filed);
        var labels = filed.OrderBy(f => f.Key, StringComparer.Ordinal)
            .Select(f => new Dictionary<string, string> { ["name"] = f.Key, ["description"] = Describe(f.Value) })
            .ToList();
        return JsonSerializer.Serialize(new Dictionary<string, object> { ["labels"] = labels }, Indented) + "\n";
    }

    /// <summary>"Filed mail (42 messages), mostly from example.com (60 %), example.org (20 %); subjects like "a", "b"."</summary>
    public static string Describe(IReadOnlyList<MailMessage> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var domains = messages.Select(m => Domain(m.FromAddress)).Where(d => d.Length > 0)
            .GroupBy(d => d, StringComparer.OrdinalIgnoreCase)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Take(DomainsNamed)
            .Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Key} ({100.0 * g.Count() / messages.Count:0} %)"))
            .ToList();
        var subjects = messages.OrderByDescending(m => m.Date ?? DateTimeOffset.MinValue)
            .Select(m => m.Subject.Trim())
            .Where(s => s.Length > 0)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Take(SubjectsQuoted)
            .Select(s => $"\"{(s.Length > SubjectLength ? s[..SubjectLength] + "..." : s)}\"")
            .ToList();
        var from = domains.Count > 0 ? $", mostly from {string.Join(", ", domains)}" : string.Empty;
        var like = subjects.Count > 0 ? $"; subjects like {string.Join(", ", subjects)}" : string.Empty;
        return $"Filed mail ({messages.Count} messages){from}{like}.";
    }

    private static string Domain(string address)
    {
        var at = address.LastIndexOf('@');
        return at >= 0 && at < address.Length - 1 ? address[(at + 1)..].ToLowerInvariant() : string.Empty;
    }
}
