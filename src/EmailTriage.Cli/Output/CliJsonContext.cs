using System.Text.Json.Serialization;
using EmailTriage.Triage;

namespace EmailTriage.Cli.Output;

[JsonSourceGenerationOptions(WriteIndented = false)]
[JsonSerializable(typeof(MessageResult))]
internal sealed partial class CliJsonContext : JsonSerializerContext;
