using System.Text.Json.Serialization;
using EmailTriage.Evaluation;

namespace EmailTriage.Cli.Evaluation;

[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(EvalResult))]
[JsonSerializable(typeof(EvalComparison))]
internal sealed partial class EvalJsonContext : JsonSerializerContext;
