namespace EmailTriage.Configuration;

internal static class DotEnvParser
{
    public static Dictionary<string, string?> Parse(IEnumerable<string> lines, string fileName)
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        var lineNumber = 0;
        foreach (var rawLine in lines)
        {
            lineNumber++;
            var line = rawLine.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            if (line.StartsWith("export ", StringComparison.Ordinal))
            {
                line = line["export ".Length..].TrimStart();
            }

            var equals = line.IndexOf('=');
            if (equals <= 0)
            {
                // The line itself is not repeated: a pasted key would end up on the screen and in logs.
                throw new SettingsException(
                    $"{fileName} line {lineNumber}: expected KEY=VALUE (like LLM_MODEL=...). Fix or remove that line.");
            }

            values[line[..equals].Trim()] = Unquote(line[(equals + 1)..].Trim());
        }

        return values;
    }

    private static string Unquote(string value)
    {
        if (value.Length >= 2 && (value[0] == '"' || value[0] == '\''))
        {
            var end = value.IndexOf(value[0], 1);
            if (end > 0)
            {
                var inner = value[1..end];
                return value[0] == '"' ? inner.Replace("\\n", "\n", StringComparison.Ordinal) : inner;
            }
        }

        // An unquoted value ends at an inline comment, as in python-dotenv.
        var comment = value.IndexOf(" #", StringComparison.Ordinal);
        return comment >= 0 ? value[..comment].TrimEnd() : value;
    }
}
