using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using EmailTriage.Configuration;
using Microsoft.Extensions.Configuration;

namespace EmailTriage.Mailboxes;

/// <summary>
/// Reads and checks the mailbox list (MAILBOXES_FILE, default config/mailboxes.json), with errors that name the file,
/// the line and the fix. A file that is not a list at all is an error; an entry that is wrong becomes a definition with
/// its <see cref="MailboxDefinition.Problem"/>, so one broken mailbox never stops the others. Each entry's fields are
/// checked against its kind's (<see cref="IMailboxKind.Fields"/>). No file and no setting: null, and the app serves the one
/// mailbox of the flat settings.
/// </summary>
public sealed partial class MailboxListLoader(IConfiguration configuration, AppPaths paths, MailboxKinds kinds)
{
    private static readonly string[] CommonFields = ["name", "kind", "labels", "query"];

    public string Path => paths.Resolve(configuration[MailboxListOptions.SettingName] is { Length: > 0 } file ? file : MailboxListOptions.DefaultFile);

    public MailboxList? Load()
    {
        var path = Path;
        if (!File.Exists(path))
        {
            return string.IsNullOrWhiteSpace(configuration[MailboxListOptions.SettingName])
                ? null
                : throw new MailboxListException($"Mailbox list not found: {path}. Fix {MailboxListOptions.SettingName} or create the file (see config/mailboxes.example.json).");
        }

        return Parse(File.ReadAllText(path), path, name => configuration[name], paths, kinds);
    }

    public static MailboxList Parse(string json, string path, Func<string, string?> setting, AppPaths paths, MailboxKinds kinds)
    {
        ArgumentNullException.ThrowIfNull(setting);
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(kinds);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            var where = ex.LineNumber is { } line ? $" line {line + 1}" : string.Empty;
            throw new MailboxListException($"{path}{where}: {FirstSentence(ex.Message)}. Fix it and run again.", ex);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("mailboxes", out var entries)
                || entries.ValueKind != JsonValueKind.Array
                || entries.GetArrayLength() == 0)
            {
                throw new MailboxListException($"{path}: no mailboxes. Add a \"mailboxes\" list, e.g. {{\"mailboxes\": [{{\"name\": \"samples\", \"kind\": \"folder\", \"path\": \"samples/inbox\"}}]}}.");
            }

            var lines = MailboxListLines.Locate(json);
            var context = new EntryContext(setting, paths, kinds);
            var mailboxes = new List<MailboxDefinition>();
            var index = 0;
            foreach (var entry in entries.EnumerateArray())
            {
                var where = $"{path} line {(index < lines.Count ? lines[index] : 0)}";
                var definition = context.Read(entry, index, where);
                if (definition.Problem is null && mailboxes.Any(m => string.Equals(m.Name, definition.Name, StringComparison.OrdinalIgnoreCase)))
                {
                    definition = definition with { Problem = $"{where}: the mailbox name \"{definition.Name}\" appears more than once (names are case-insensitive). Give each mailbox its own name." };
                }

                mailboxes.Add(definition);
                index++;
            }

            return new MailboxList(path, mailboxes);
        }
    }

    // System.Text.Json's messages go on about .NET types after the first sentence.
    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return (end > 0 ? message[..end] : message).TrimEnd('.');
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,40}$")]
    private static partial Regex NamePattern();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_.:-]*$")]
    private static partial Regex SettingNamePattern();

    // Only a name in the usual shape of a setting (WORK_GMAIL_REFRESH_TOKEN) is repeated in a message: anything else in
    // a *Setting field may be a secret pasted there by mistake (Summer2024_pw, an app password).
    [GeneratedRegex("^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$")]
    private static partial Regex PrintableSettingPattern();

    private sealed class EntryContext(Func<string, string?> setting, AppPaths paths, MailboxKinds kinds)
    {
        public MailboxDefinition Read(JsonElement entry, int index, string where)
        {
            var name = entry.ValueKind == JsonValueKind.Object && entry.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()?.Trim() : null;
            var kindName = entry.ValueKind == JsonValueKind.Object && entry.TryGetProperty("kind", out var k) && k.ValueKind == JsonValueKind.String ? k.GetString()?.Trim() : null;

            // A broken entry still needs a name to be reported under; one without a usable name is known by its place.
            var known = name is { Length: > 0 } && NamePattern().IsMatch(name) && !string.Equals(name, MailboxList.All, StringComparison.OrdinalIgnoreCase) ? name : $"#{index + 1}";
            var definition = new MailboxDefinition { Name = known, Kind = kindName ?? string.Empty, Where = where, Listed = true };
            try
            {
                return Check(entry, index, where, name, kindName, definition);
            }
            catch (MailboxListException ex)
            {
                return definition with { Problem = ex.Message };
            }
        }

        private MailboxDefinition Check(JsonElement entry, int index, string where, string? name, string? kindName, MailboxDefinition definition)
        {
            if (entry.ValueKind != JsonValueKind.Object)
            {
                throw new MailboxListException($"{where}: mailbox {index + 1} is not an object. Write it as {{\"name\": \"...\", \"kind\": \"...\", ...}}.");
            }

            if (string.IsNullOrEmpty(name))
            {
                throw new MailboxListException($"{where}: mailbox {index + 1} has no \"name\". Give it a short name such as \"personal\" (letters, digits, - and _).");
            }

            // Names travel in queue messages, URLs and blob names: keep them plain.
            if (definition.Name != name)
            {
                throw new MailboxListException($"{where}: the mailbox name \"{name}\" is not allowed. Use letters, digits, - and _ (up to 40), and not \"{MailboxList.All}\".");
            }

            var kind = string.IsNullOrEmpty(kindName)
                ? throw new MailboxListException($"{where}: mailbox \"{name}\" has no \"kind\". Use one of: {kinds.Names}.")
                : kinds.Find(kindName) ?? throw new MailboxListException($"{where}: mailbox \"{name}\" has the unknown kind \"{kindName}\". Use one of: {kinds.Names}.");

            var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            var secrets = new Dictionary<string, MailboxSecret>(StringComparer.OrdinalIgnoreCase);
            string? labels = null;
            string? query = null;
            foreach (var property in entry.EnumerateObject())
            {
                if (CommonFields.Contains(property.Name, StringComparer.OrdinalIgnoreCase))
                {
                    var text = Text(property, where);
                    labels = string.Equals(property.Name, "labels", StringComparison.OrdinalIgnoreCase) ? text : labels;
                    query = string.Equals(property.Name, "query", StringComparison.OrdinalIgnoreCase) ? text : query;
                    continue;
                }

                var field = kind.Fields.FirstOrDefault(f => string.Equals(f.Name, property.Name, StringComparison.OrdinalIgnoreCase))
                    ?? throw new MailboxListException(
                        $"{where}: \"{property.Name}\" is not a setting of a {kind.Name} mailbox (\"{name}\"). Its settings: {string.Join(", ", kind.Fields.Select(f => f.Name))}; " +
                        "secrets are never in this file: name the setting that holds one, e.g. passwordSetting.");
                var value = field.IsNumber ? Number(property, where, name) : Text(property, where);
                if (string.IsNullOrWhiteSpace(value))
                {
                    continue;
                }

                if (field.IsSecretSetting)
                {
                    secrets[field.SecretRole] = ReadSecret(field, value.Trim(), name, where);
                }
                else
                {
                    fields[field.Name] = value.Trim();
                }
            }

            if (kind.Fields.FirstOrDefault(f => f.Required && !fields.ContainsKey(f.Name) && !secrets.ContainsKey(f.SecretRole)) is { } missing)
            {
                throw new MailboxListException($"{where}: mailbox \"{name}\" has no \"{missing.Name}\" ({missing.Description}). Add it.");
            }

            if (!string.IsNullOrWhiteSpace(query) && !kind.TakesQuery)
            {
                throw new MailboxListException($"{where}: mailbox \"{name}\" has a \"query\", which a {kind.Name} mailbox does not take. Remove it.");
            }

            var labelFile = labels?.Trim() is { Length: > 0 } file ? paths.Resolve(file) : null;
            if (labelFile is not null && !File.Exists(labelFile))
            {
                throw new MailboxListException($"{where}: the label file {labelFile} of mailbox \"{name}\" does not exist. Fix \"labels\" or leave it out to use LABEL_CONFIG_FILE.");
            }

            return definition with
            {
                Kind = kind.Name,
                LabelFile = labelFile,
                Query = query?.Trim() is { Length: > 0 } q ? q : null,
                Settings = fields,
                Secrets = secrets,
            };
        }

        private MailboxSecret ReadSecret(MailboxField field, string settingName, string mailbox, string where)
        {
            var printable = PrintableSettingPattern().IsMatch(settingName);

            // A pasted token or password is not a setting name: say so without echoing it.
            if (!SettingNamePattern().IsMatch(settingName))
            {
                throw new MailboxListException($"{where}: \"{field.Name}\" of mailbox \"{mailbox}\" must name the setting that holds the secret (such as WORK_GMAIL_REFRESH_TOKEN), not the secret itself. Move the secret to .env, the environment or Key Vault.");
            }

            if (setting(settingName) is { Length: > 0 } value)
            {
                return new MailboxSecret(settingName, value);
            }

            throw new MailboxListException(printable
                ? $"{where}: mailbox \"{mailbox}\" takes its {field.SecretRole} from the setting {settingName}, which is not set. Set {settingName} in .env, the environment or the app settings."
                : $"{where}: mailbox \"{mailbox}\" takes its {field.SecretRole} from the setting \"{field.Name}\" names, which is not set (the name is not repeated here in case it is a secret pasted by mistake). " +
                    "Put the name of a setting such as WORK_IMAP_PASSWORD there, and the secret in that setting.");
        }

        private static string Text(JsonProperty property, string where) => property.Value.ValueKind switch
        {
            JsonValueKind.String => property.Value.GetString() ?? string.Empty,
            JsonValueKind.Null => string.Empty,
            _ => throw new MailboxListException($"{where}: \"{property.Name}\" must be text in quotes."),
        };

        private static string Number(JsonProperty property, string where, string mailbox) =>
            property.Value.ValueKind == JsonValueKind.Number && property.Value.TryGetInt32(out var number) && number > 0
                ? number.ToString(CultureInfo.InvariantCulture)
                : throw new MailboxListException($"{where}: \"{property.Name}\" of mailbox \"{mailbox}\" must be a whole number, such as 993.");
    }
}
