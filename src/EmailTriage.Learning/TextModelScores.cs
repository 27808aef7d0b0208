using Microsoft.ML.Data;

namespace EmailTriage.Learning;

/// <summary>What ML.NET answers for one row: a probability per label, in the order of the model's label list.</summary>
internal sealed class TextModelScores
{
    [ColumnName("Score")]
    public float[] Score { get; set; } = [];
}
