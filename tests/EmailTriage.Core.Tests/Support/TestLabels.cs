using EmailTriage.Labels;

namespace EmailTriage.Core.Tests.Support;

/// <summary>Label files shared by tests.</summary>
public static class TestLabels
{
    /// <summary>Three labels, two with rules, and a fallback that is not itself a label.</summary>
    public const string Json = """
        {
          "labels": [
            { "name": "Work", "description": "Projects, meetings and colleagues." },
            {
              "name": "Finance",
              "description": "Receipts, invoices and bank statements.",
              "examples": ["Subject: Invoice 2211"],
              "rules": [ { "from": "statements@bank.example" } ]
            },
            {
              "name": "Newsletters",
              "description": "Subscribed reading and mailing lists.",
              "rules": [ { "listId": "news.example.org" } ],
              "action": "archive"
            }
          ],
          "fallback": "Review"
        }
        """;

    public static LabelConfig Standard => Parse(Json);

    public static LabelConfig Parse(string json) => LabelConfigLoader.Parse(json, "labels.json");
}
