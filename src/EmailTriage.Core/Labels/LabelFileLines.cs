using System.Text;
using System.Text.Json;

namespace EmailTriage.Labels;

/// <summary>
/// Where each label, rule and the fallback start in a label file, so an error about their content can name the
/// line, as JSON syntax errors do. The file has already parsed when this runs.
/// </summary>
internal sealed class LabelFileLines
{
    private readonly List<int> _labels = [];
    private readonly List<List<int>> _rules = [];

    private LabelFileLines()
    {
    }

    public int? Fallback { get; private set; }

    public int? Label(int index) => index < _labels.Count ? _labels[index] : null;

    public int? Rule(int label, int index) => label < _rules.Count && index < _rules[label].Count ? _rules[label][index] : null;

    public static LabelFileLines Locate(string json)
    {
        var lines = new LabelFileLines();
        var bytes = Encoding.UTF8.GetBytes(json);
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        string? property = null;
        var inRules = false;
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    property = reader.GetString();
                    if (reader.CurrentDepth == 1 && string.Equals(property, "fallback", StringComparison.OrdinalIgnoreCase))
                    {
                        lines.Fallback = LineOf(bytes, reader.TokenStartIndex);
                    }

                    break;

                // Depth 2: an object in "labels"; depth 4: an object in a label's "rules".
                case JsonTokenType.StartObject when reader.CurrentDepth == 2:
                    lines._labels.Add(LineOf(bytes, reader.TokenStartIndex));
                    lines._rules.Add([]);
                    break;
                case JsonTokenType.StartArray when reader.CurrentDepth == 3:
                    inRules = string.Equals(property, "rules", StringComparison.OrdinalIgnoreCase);
                    break;
                case JsonTokenType.EndArray when reader.CurrentDepth == 3:
                    inRules = false;
                    break;
                case JsonTokenType.StartObject when reader.CurrentDepth == 4 && inRules && lines._rules.Count > 0:
                    lines._rules[^1].Add(LineOf(bytes, reader.TokenStartIndex));
                    break;
            }
        }

        return lines;
    }

    private static int LineOf(byte[] bytes, long index) => bytes.AsSpan(0, (int)index).Count((byte)'\n') + 1;
}
