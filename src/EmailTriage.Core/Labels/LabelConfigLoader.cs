using System.Text.Json;
using EmailTriage.Configuration;
using Microsoft.Extensions.Options;

namespace EmailTriage.Labels;

/// <summary>Reads and checks the label file, with errors that name the file, the line or label, and the fix.</summary>
public sealed class LabelConfigLoader(IOptions<LabelOptions> options, AppPaths paths)
{
    public string Path => paths.Resolve(options.Value.LabelConfigFile);

    public LabelConfig Load() => LoadFile(Path);

    /// <summary>Another label file than LABEL_CONFIG_FILE: a named mailbox's own.</summary>
    public static LabelConfig LoadFile(string path)
    {
        if (!File.Exists(path))
        {
            throw new LabelConfigException(
                $"Label configuration file not found: {path}. Set LABEL_CONFIG_FILE to your labels.json or restore config/labels.json.");
        }

        var bytes = File.ReadAllBytes(path);
        if (LooksLikeUtf16WithoutBom(bytes))
        {
            throw new LabelConfigException(
                $"{path} looks like UTF-16 without a byte-order mark; save it as UTF-8 (in Notepad: Save As, Encoding: UTF-8) and run again.");
        }

        return Parse(File.ReadAllText(path), path);
    }

    // Windows editors save "Unicode" as UTF-16; without a BOM it reads as UTF-8 text full of NULs and JSON errors make no sense.
    private static bool LooksLikeUtf16WithoutBom(byte[] bytes)
    {
        if (bytes.Length < 2 || bytes is [0xFF, 0xFE, ..] or [0xFE, 0xFF, ..])
        {
            return false;
        }

        var nuls = bytes.Count(b => b == 0);
        return nuls * 4 >= bytes.Length;
    }

    public static LabelConfig Parse(string json, string path)
    {
        LabelFile? file;
        try
        {
            file = JsonSerializer.Deserialize(json, LabelFileJsonContext.Default.LabelFile);
        }
        catch (JsonException ex)
        {
            var where = ex.LineNumber is { } line ? $" line {line + 1}" : string.Empty;
            throw new LabelConfigException($"{path}{where}: {Explain(ex)}. Fix it and run again.", ex);
        }

        if (file?.Labels is not { Count: > 0 } entries)
        {
            throw new LabelConfigException($"{path}: no labels. Add a \"labels\" list, e.g. {{\"labels\": [{{\"name\": \"Work\", \"description\": \"...\"}}], \"fallback\": \"Review\"}}.");
        }

        var lines = LabelFileLines.Locate(json);
        var labels = entries.Select((entry, index) => ToLabel(entry, index, lines, path)).ToList();
        var duplicate = labels.Select((label, index) => (label.Name, Index: index))
            .GroupBy(l => l.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            var second = duplicate.Skip(1).First().Index;
            throw new LabelConfigException($"{At(path, lines.Label(second))}: the label \"{duplicate.Key}\" appears more than once (names are case-insensitive). Keep one.");
        }

        if (file.Fallback is not null && string.IsNullOrWhiteSpace(file.Fallback))
        {
            throw new LabelConfigException($"{At(path, lines.Fallback)}: \"fallback\" is empty. Name a label such as \"Review\" or remove the field.");
        }

        return new LabelConfig(labels, file.Fallback?.Trim(), path);
    }

    private static LabelDefinition ToLabel(LabelEntry entry, int index, LabelFileLines lines, string path)
    {
        var where = At(path, lines.Label(index));
        var name = entry.Name?.Trim();
        if (string.IsNullOrEmpty(name))
        {
            throw new LabelConfigException($"{where}: label {index + 1} has no \"name\". Give it the mailbox label name it maps to.");
        }

        if (string.IsNullOrWhiteSpace(entry.Description))
        {
            throw new LabelConfigException($"{where}: label \"{name}\" has no \"description\". Add one sentence saying what belongs there.");
        }

        var action = entry.Action?.Trim().ToUpperInvariant() switch
        {
            null or "" or "NONE" => LabelAction.None,
            "ARCHIVE" => LabelAction.Archive,
            _ => throw new LabelConfigException($"{where}: label \"{name}\" has action \"{entry.Action}\". Use \"archive\" or leave it out."),
        };

        var rules = (entry.Rules ?? []).Select((rule, number) => ToRule(rule, name, number + 1, At(path, lines.Rule(index, number) ?? lines.Label(index)))).ToList();
        var examples = (entry.Examples ?? []).Where(e => !string.IsNullOrWhiteSpace(e)).Select(e => e.Trim()).ToList();
        return new LabelDefinition(name, entry.Description.Trim(), examples, rules, action);
    }

    private static LabelRule ToRule(RuleEntry rule, string label, int number, string where)
    {
        var result = new LabelRule(Clean(rule.From), Clean(rule.Domain)?.TrimStart('@'), Clean(rule.ListId), Clean(rule.Subject), Clean(rule.Header), Clean(rule.Contains));
        if (result is { From: null, Domain: null, ListId: null, Subject: null, Header: null })
        {
            throw new LabelConfigException(
                $"{where}: rule {number} of label \"{label}\" has no condition. Use from, domain, listId, subject or header (with optional contains).");
        }

        if (result.Contains is not null && result.Header is null)
        {
            throw new LabelConfigException($"{where}: rule {number} of label \"{label}\" has \"contains\" without \"header\". Name the header it applies to.");
        }

        return result;
    }

    private static string At(string path, int? line) => line is { } number ? $"{path} line {number}" : path;

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    // System.Text.Json speaks of .NET types; say it in terms of the file.
    private static string Explain(JsonException ex)
    {
        var at = string.IsNullOrEmpty(ex.Path) || ex.Path == "$" ? string.Empty : $" at {ex.Path}";
        if (ex.Message.Contains("could not be mapped", StringComparison.Ordinal))
        {
            var name = ex.Message.Split('\'') is { Length: > 2 } parts ? parts[1] : "?";
            return $"unknown field '{name}'{at}; check the spelling. Fields: labels, fallback; per label: name, description, examples, rules, action; " +
                "per rule: from, domain, listId, subject, header, contains";
        }

        if (ex.Message.Contains("could not be converted", StringComparison.Ordinal))
        {
            return $"the value{at} has the wrong type (labels and rules are lists of objects, examples a list of strings, the rest strings)";
        }

        return FirstSentence(ex.Message);
    }

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return (end > 0 ? message[..end] : message).TrimEnd('.');
    }
}
