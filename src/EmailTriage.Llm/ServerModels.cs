using System.Text.Json;

namespace EmailTriage.Llm;

/// <summary>
/// A server's answer to GET /v1/models: the model ids it offers, and what kind of server it looks like. Ollama
/// answers <c>"data": null</c> when nothing is pulled (Together.ai a bare array) and owns its library models as "library"; vLLM and
/// llama.cpp say "vllm" and "llamacpp"; LiteLLM adds x-litellm-* headers; mlx_lm.server is Python's http.server.
/// </summary>
internal sealed record ServerModels(IReadOnlyList<string> Ids, LlmServerKind Kind)
{
    public static ServerModels Parse(BinaryData body, Func<string, string?> header)
    {
        using var json = JsonDocument.Parse(body);
        var ids = new List<string>();
        var owners = new List<string>();
        var dataIsNull = false;
        // Together.ai answers a bare array of models; everyone else {"object": "list", "data": [...]}.
        var root = json.RootElement;
        if (root.ValueKind == JsonValueKind.Array || (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("data", out root)))
        {
            var data = root;
            dataIsNull = data.ValueKind == JsonValueKind.Null;
            if (data.ValueKind == JsonValueKind.Array)
            {
                foreach (var model in data.EnumerateArray())
                {
                    if (model.ValueKind == JsonValueKind.Object && model.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String)
                    {
                        ids.Add(id.GetString()!);
                        if (model.TryGetProperty("owned_by", out var owner) && owner.ValueKind == JsonValueKind.String)
                        {
                            owners.Add(owner.GetString()!);
                        }
                    }
                }
            }
        }
        else
        {
            throw new JsonException("The models list has no data field.");
        }

        ids.Sort(StringComparer.Ordinal);
        return new ServerModels(ids, Identify(ids, owners, dataIsNull, header));
    }

    /// <summary>True when the server offers <paramref name="model"/>: Ollama serves <c>name</c> as <c>name:latest</c>.</summary>
    public bool Offers(string model) => Ids.Any(id => SameModel(id, model));

    public static bool SameModel(string offered, string requested) =>
        string.Equals(offered, requested, StringComparison.Ordinal)
        || string.Equals(offered, requested + ":latest", StringComparison.Ordinal)
        || string.Equals(offered + ":latest", requested, StringComparison.Ordinal);

    private static LlmServerKind Identify(List<string> ids, List<string> owners, bool dataIsNull, Func<string, string?> header)
    {
        if (header("x-litellm-version") is not null || header("x-litellm-call-id") is not null)
        {
            return LlmServerKind.LiteLlm;
        }

        if (owners.Contains("vllm", StringComparer.OrdinalIgnoreCase))
        {
            return LlmServerKind.Vllm;
        }

        if (owners.Contains("llamacpp", StringComparer.OrdinalIgnoreCase))
        {
            return LlmServerKind.LlamaCpp;
        }

        if (dataIsNull || owners.Contains("library", StringComparer.Ordinal) || (ids.Count > 0 && ids.All(id => id.Contains(':', StringComparison.Ordinal))))
        {
            return LlmServerKind.Ollama;
        }

        return header("Server") is { } server && server.StartsWith("BaseHTTP", StringComparison.Ordinal) ? LlmServerKind.MlxLm : LlmServerKind.Unknown;
    }
}
