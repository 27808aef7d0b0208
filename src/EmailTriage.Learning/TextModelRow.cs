namespace EmailTriage.Learning;

/// <summary>One row as ML.NET sees it: the label and the three text fields of <see cref="FilingFeatures"/>.</summary>
internal sealed class TextModelRow
{
    public string Label { get; set; } = string.Empty;

    public string Who { get; set; } = string.Empty;

    public string Subject { get; set; } = string.Empty;

    public string Body { get; set; } = string.Empty;

    public static TextModelRow From(FilingFeatures features, string label = "") =>
        new() { Label = label, Who = features.Who, Subject = features.Subject, Body = features.Body };
}
