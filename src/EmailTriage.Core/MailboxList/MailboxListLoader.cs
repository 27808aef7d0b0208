using System.Text.Json;
using System.Text.RegularExpressions;
using EmailTriage.Configuration;
using Microsoft.Extensions.Configuration;

namespace EmailTriage.MailboxList;

/// <summary>
/// Reads and checks the mailbox list (MAILBOXES_FILE, default config/mailboxes.json), with errors that name the file,
/// the line and the fix. No file and no setting: null, and the app serves the one mailbox of the flat settings.
/// </summary>
public sealed partial class MailboxListLoader(IConfiguration configuration, AppPaths paths)
{
    private static readonly string[] FolderFields = ["path"];
    private static readonly string[] GmailFields = ["user", "tokenFile", "apiBaseUrl", "refreshTokenSetting", "clientIdSetting", "clientSecretSetting"];
    private static readonly string[] ImapFields = ["host", "port", "username", "passwordSetting"];

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

        return Parse(File.ReadAllText(path), path, name => configuration[name], paths);
    }

    /// <summary>The list, or a <see cref="MailboxListException"/> saying that <paramref name="what"/> needs one.</summary>
    public MailboxList Require(string what) =>
        Load() ?? throw new MailboxListException($"{what} needs a mailbox list: create {Path} (see config/mailboxes.example.json) or set {MailboxListOptions.SettingName}.");

    public static MailboxList Parse(string json, string path, Func<string, string?> setting, AppPaths paths)
    {
        ArgumentNullException.ThrowIfNull(setting);
        ArgumentNullException.ThrowIfNull(paths);
        MailboxListFile? file;
        try
        {
            file = JsonSerializer.Deserialize(json, MailboxListFileJsonContext.Default.MailboxListFile);
        }
        catch (JsonException ex)
        {
            var where = ex.LineNumber is { } line ? $" line {line + 1}" : string.Empty;
            throw new MailboxListException($"{path}{where}: {Explain(ex)}. Fix it and run again.", ex);
        }

        if (file?.Mailboxes is not { Count: > 0 } entries)
        {
            throw new MailboxListException($"{path}: no mailboxes. Add a \"mailboxes\" list, e.g. {{\"mailboxes\": [{{\"name\": \"samples\", \"kind\": \"folder\", \"path\": \"samples/inbox\"}}]}}.");
        }

        var lines = MailboxListLines.Locate(json);
        var mailboxes = entries.Select((entry, index) => ToDefinition(entry, index, $"{path} line {(index < lines.Count ? lines[index] : 0)}", setting, paths)).ToList();
        var duplicate = mailboxes.GroupBy(m => m.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new MailboxListException($"{duplicate.Skip(1).First().Where}: the mailbox name \"{duplicate.Key}\" appears more than once (names are case-insensitive). Give each mailbox its own name.");
        }

        return new MailboxList(path, mailboxes);
    }

    private static MailboxDefinition ToDefinition(MailboxEntry entry, int index, string where, Func<string, string?> setting, AppPaths paths)
    {
        var name = entry.Name?.Trim();
        if (string.IsNullOrEmpty(name))
        {
            throw new MailboxListException($"{where}: mailbox {index + 1} has no \"name\". Give it a short name such as \"personal\" (letters, digits, - and _).");
        }

        // Names travel in queue messages, URLs and blob names: keep them plain.
        if (!NamePattern().IsMatch(name) || string.Equals(name, MailboxList.All, StringComparison.OrdinalIgnoreCase))
        {
            throw new MailboxListException($"{where}: the mailbox name \"{name}\" is not allowed. Use letters, digits, - and _ (up to 40), and not \"{MailboxList.All}\".");
        }

        var kind = entry.Kind?.Trim().ToUpperInvariant() switch
        {
            "FOLDER" => MailboxKind.Folder,
            "GMAIL" => MailboxKind.Gmail,
            "IMAP" => MailboxKind.Imap,
            null or "" => throw new MailboxListException($"{where}: mailbox \"{name}\" has no \"kind\". Use \"gmail\", \"imap\" or \"folder\"."),
            _ => throw new MailboxListException($"{where}: mailbox \"{name}\" has the unknown kind \"{entry.Kind}\". Use \"gmail\", \"imap\" or \"folder\"."),
        };

        var fields = Fields(entry);
        var allowed = kind switch
        {
            MailboxKind.Folder => FolderFields,
            MailboxKind.Gmail => GmailFields,
            _ => ImapFields,
        };
        if (fields.Keys.FirstOrDefault(f => !allowed.Contains(f, StringComparer.OrdinalIgnoreCase)) is { } stray)
        {
            throw new MailboxListException($"{where}: \"{stray}\" is not a setting of a {kind.ToString().ToLowerInvariant()} mailbox (\"{name}\"). Its settings: {string.Join(", ", allowed)}.");
        }

        Require(kind == MailboxKind.Folder, fields, "path", name, where);
        Require(kind == MailboxKind.Imap, fields, "host", name, where);
        Require(kind == MailboxKind.Imap, fields, "passwordSetting", name, where);

        var secrets = new Dictionary<string, MailboxSecret>(StringComparer.OrdinalIgnoreCase);
        foreach (var (field, settingName) in fields.Where(f => f.Key.EndsWith("Setting", StringComparison.Ordinal)).ToList())
        {
            secrets[field[..^"Setting".Length]] = ReadSecret(field, settingName, name, where, setting);
            fields.Remove(field);
        }

        var labels = entry.Labels?.Trim() is { Length: > 0 } labelFile ? paths.Resolve(labelFile) : null;
        if (labels is not null && !File.Exists(labels))
        {
            throw new MailboxListException($"{where}: the label file {labels} of mailbox \"{name}\" does not exist. Fix \"labels\" or leave it out to use LABEL_CONFIG_FILE.");
        }

        return new MailboxDefinition
        {
            Name = name,
            Kind = kind,
            LabelFile = labels,
            Query = entry.Query?.Trim() is { Length: > 0 } query ? query : null,
            Settings = fields,
            Secrets = secrets,
            Where = where,
        };
    }

    private static MailboxSecret ReadSecret(string field, string settingName, string mailbox, string where, Func<string, string?> setting)
    {
        // A pasted token or password is not a setting name: say so without echoing it.
        if (!SettingNamePattern().IsMatch(settingName))
        {
            throw new MailboxListException($"{where}: \"{field}\" of mailbox \"{mailbox}\" must name the setting that holds the secret (such as WORK_GMAIL_REFRESH_TOKEN), not the secret itself. Move the secret to .env, the environment or Key Vault.");
        }

        return setting(settingName) is { Length: > 0 } value
            ? new MailboxSecret(settingName, value)
            : throw new MailboxListException($"{where}: mailbox \"{mailbox}\" takes its {field[..^"Setting".Length]} from the setting {settingName}, which is not set. Set {settingName} in .env, the environment or the app settings.");
    }

    private static void Require(bool needed, Dictionary<string, string> fields, string field, string mailbox, string where)
    {
        if (needed && !fields.ContainsKey(field))
        {
            throw new MailboxListException($"{where}: mailbox \"{mailbox}\" has no \"{field}\". Add it.");
        }
    }

    private static Dictionary<string, string> Fields(MailboxEntry entry)
    {
        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        void Add(string name, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                fields[name] = value.Trim();
            }
        }

        Add("path", entry.Path);
        Add("user", entry.User);
        Add("tokenFile", entry.TokenFile);
        Add("apiBaseUrl", entry.ApiBaseUrl);
        Add("refreshTokenSetting", entry.RefreshTokenSetting);
        Add("clientIdSetting", entry.ClientIdSetting);
        Add("clientSecretSetting", entry.ClientSecretSetting);
        Add("host", entry.Host);
        Add("port", entry.Port?.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Add("username", entry.Username);
        Add("passwordSetting", entry.PasswordSetting);
        return fields;
    }

    // System.Text.Json speaks of .NET types; say it in terms of the file.
    private static string Explain(JsonException ex)
    {
        var at = string.IsNullOrEmpty(ex.Path) || ex.Path == "$" ? string.Empty : $" at {ex.Path}";
        if (ex.Message.Contains("could not be mapped", StringComparison.Ordinal))
        {
            var name = ex.Message.Split('\'') is { Length: > 2 } parts ? parts[1] : "?";
            return $"unknown field '{name}'{at}; check the spelling (secrets are never in this file: name the setting that holds one, e.g. refreshTokenSetting). " +
                "Fields: name, kind, labels, query; folder: path; gmail: user, tokenFile, apiBaseUrl, refreshTokenSetting, clientIdSetting, clientSecretSetting; " +
                "imap: host, port, username, passwordSetting";
        }

        if (ex.Message.Contains("could not be converted", StringComparison.Ordinal))
        {
            return $"the value{at} has the wrong type (\"mailboxes\" is a list of objects, \"port\" a number, the rest strings)";
        }

        var end = ex.Message.IndexOf(". ", StringComparison.Ordinal);
        return (end > 0 ? ex.Message[..end] : ex.Message).TrimEnd('.');
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,40}$")]
    private static partial Regex NamePattern();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_.:-]*$")]
    private static partial Regex SettingNamePattern();
}
