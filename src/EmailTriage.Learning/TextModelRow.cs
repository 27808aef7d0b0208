using Microsoft.ML;
using Microsoft.ML.Data;

namespace EmailTriage.Learning;

/// <summary>One row as ML.NET sees it: the label and the message's TF-IDF vector.</summary>
internal sealed class TextModelRow
{
    public string Label { get; set; } = string.Empty;

    public VBuffer<float> Features { get; set; }

    /// <summary>The row's schema: the vector's size is the vocabulary's, known only once it is fitted.</summary>
    public static SchemaDefinition Schema(int size)
    {
        var schema = SchemaDefinition.Create(typeof(TextModelRow));
        schema[nameof(Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, size);
        return schema;
    }
}
