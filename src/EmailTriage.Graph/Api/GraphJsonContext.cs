using System.Text.Json.Serialization;

namespace EmailTriage.Graph.Api;

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(GraphMessage))]
[JsonSerializable(typeof(GraphPage<GraphMessage>))]
[JsonSerializable(typeof(GraphPage<GraphFolder>))]
[JsonSerializable(typeof(GraphPage<GraphCategory>))]
[JsonSerializable(typeof(GraphFolder))]
internal sealed partial class GraphJsonContext : JsonSerializerContext;
