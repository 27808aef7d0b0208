namespace EmailTriage.Infrastructure.Tests.Support;

/// <summary>
/// Reads the block-mapping subset of YAML that azure.yaml uses into dotted keys ("services.api.host" → "function").
/// Enough to check azure.yaml without a YAML package; lists and flow style are not supported.
/// </summary>
public static class FlatYaml
{
    public static Dictionary<string, string> Parse(string text)
    {
        var values = new Dictionary<string, string>();
        var path = new List<(int Indent, string Key)>();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd();
            if (line.TrimStart().Length == 0 || line.TrimStart().StartsWith('#'))
            {
                continue;
            }

            var indent = line.Length - line.TrimStart().Length;
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var key = line[indent..colon].Trim();
            var value = line[(colon + 1)..].Trim();
            path.RemoveAll(p => p.Indent >= indent);
            path.Add((indent, key));
            if (value.Length > 0)
            {
                values[string.Join('.', path.Select(p => p.Key))] = value;
            }
        }

        return values;
    }
}
