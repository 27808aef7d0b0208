using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace EmailTriage.Testing;

/// <summary>The bodies only some real servers send: their models lists and their errors. Sources: docs/llm_compatibility_facts.md.</summary>
internal static class ShapeResponses
{
    // Fixed so captured bodies compare; the real values are model file times or server start times.
    private const long Created = 1733000000;

    public static void SetServerHeader(HttpContext context, FakeLlmShape shape)
    {
        if (ShapeRules.ServerHeader(shape) is { } server)
        {
            context.Response.Headers.Server = server;
        }
    }

    public static Task ModelsAsync(HttpContext context, FakeLlmShape shape, IReadOnlyList<string> models) => shape switch
    {
        FakeLlmShape.Generic => OpenAiResponses.ModelsAsync(context, models),
        // Together lists its catalogue as a bare array, not an OpenAI list object.
        FakeLlmShape.Together => OpenAiResponses.NodeAsync(context, StatusCodes.Status200OK, new JsonArray([.. models.Select(TogetherModel)])),
        FakeLlmShape.LiteLlm => OpenAiResponses.NodeAsync(context, StatusCodes.Status200OK, new JsonObject
        {
            ["data"] = new JsonArray([.. models.Select(id => Card(id, 1677610602, "openai"))]),
            ["object"] = "list",
        }),
        // A nil Go slice: with nothing pulled Ollama sends "data": null, not [].
        FakeLlmShape.Ollama => OpenAiResponses.NodeAsync(context, StatusCodes.Status200OK, List(models.Count == 0
            ? null
            : new JsonArray([.. models.Select(id => Card(id, Created, OllamaNamespace(id)))]))),
        FakeLlmShape.MlxLm or FakeLlmShape.MlxLmOld => OpenAiResponses.NodeAsync(context, StatusCodes.Status200OK,
            List(new JsonArray([.. models.Select(id => new JsonObject { ["id"] = id, ["object"] = "model", ["created"] = Created })]))),
        FakeLlmShape.Vllm => OpenAiResponses.NodeAsync(context, StatusCodes.Status200OK, List(new JsonArray([.. models.Select(VllmCard)]))),
        FakeLlmShape.LlamaCpp => OpenAiResponses.NodeAsync(context, StatusCodes.Status200OK, LlamaCppModels(models)),
        _ => OpenAiResponses.NodeAsync(context, StatusCodes.Status200OK, List(new JsonArray([.. models.Select(id => Card(id, Created, "system"))]))),
    };

    public static Task ModelNotFoundAsync(HttpContext context, FakeLlmShape shape, string model)
    {
        switch (shape)
        {
            case FakeLlmShape.Together:
                var together = Error($"Unable to access model {model}. Please visit https://api.together.ai/models to view the list of supported models.",
                    "invalid_request_error", null, "model_not_available");
                together.Insert(0, "id", Guid.NewGuid().ToString("N"));
                return OpenAiResponses.NodeAsync(context, StatusCodes.Status404NotFound, together);
            case FakeLlmShape.LiteLlm:
                // The proxy wraps its HTTPException detail as is: "message" is an object, "type" and "param" the string "None".
                return OpenAiResponses.NodeAsync(context, StatusCodes.Status400BadRequest, new JsonObject
                {
                    ["error"] = new JsonObject
                    {
                        ["message"] = new JsonObject
                        {
                            ["error"] = $"/chat/completions: Invalid model name passed in model={model}. Call `/v1/models` to view available models for your key.",
                        },
                        ["type"] = "None",
                        ["param"] = "None",
                        ["code"] = "400",
                    },
                });
            case FakeLlmShape.Ollama:
                return OpenAiResponses.NodeAsync(context, StatusCodes.Status404NotFound,
                    Error($"model '{model}' not found", "not_found_error", null, null));
            case FakeLlmShape.MlxLm:
                // mlx_lm.server treats any other name as a model to load and reports the loader's exception as a 404.
                return OpenAiResponses.NodeAsync(context, StatusCodes.Status404NotFound, new JsonObject
                {
                    ["error"] = $"Repository Not Found for url: https://huggingface.co/api/models/{model}/revision/main.",
                });
            case FakeLlmShape.MlxLmOld:
                // Plain text under a JSON content type, as the 2024 server wrote it.
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                context.Response.ContentType = "application/json";
                return context.Response.WriteAsync("Not Found", context.RequestAborted);
            case FakeLlmShape.Vllm:
                var vllm = Error($"The model `{model}` does not exist.", "NotFoundError", "model", null);
                ((JsonObject)vllm["error"]!)["code"] = 404;
                return OpenAiResponses.NodeAsync(context, StatusCodes.Status404NotFound, vllm);
            default:
                return OpenAiResponses.ModelNotFoundAsync(context, model);
        }
    }

    public static Task RejectionAsync(HttpContext context, ShapeRejection rejection) =>
        OpenAiResponses.NodeAsync(context, StatusCodes.Status400BadRequest,
            Error(rejection.Message, "invalid_request_error", rejection.Param, rejection.Code));

    public static Task BadRequestAsync(HttpContext context, FakeLlmShape shape, string message) => shape switch
    {
        FakeLlmShape.Ollama => OpenAiResponses.NodeAsync(context, StatusCodes.Status400BadRequest,
            Error(message, "invalid_request_error", null, null)),
        FakeLlmShape.MlxLm => OpenAiResponses.NodeAsync(context, StatusCodes.Status400BadRequest,
            new JsonObject { ["error"] = $"Invalid JSON in request body: {message}" }),
        FakeLlmShape.LlamaCpp => OpenAiResponses.NodeAsync(context, StatusCodes.Status400BadRequest, new JsonObject
        {
            ["error"] = new JsonObject { ["code"] = 400, ["message"] = message, ["type"] = "invalid_request_error" },
        }),
        _ => OpenAiResponses.BadRequestAsync(context, message),
    };

    private static JsonObject Error(string message, string type, string? param, string? code) => new()
    {
        ["error"] = new JsonObject { ["message"] = message, ["type"] = type, ["param"] = param, ["code"] = code },
    };

    private static JsonObject List(JsonArray? data) => new() { ["object"] = "list", ["data"] = data };

    private static JsonObject Card(string id, long created, string ownedBy) => new()
    {
        ["id"] = id,
        ["object"] = "model",
        ["created"] = created,
        ["owned_by"] = ownedBy,
    };

    /// <summary>Ollama's owned_by is the name's namespace: <c>library</c> for official models, the user for <c>user/model</c>.</summary>
    private static string OllamaNamespace(string id)
    {
        var parts = id.Split('/');
        return parts.Length >= 2 ? parts[^2] : "library";
    }

    private static JsonObject TogetherModel(string id) => new()
    {
        ["id"] = id,
        ["object"] = "model",
        ["created"] = Created,
        ["type"] = "chat",
        ["display_name"] = id[(id.LastIndexOf('/') + 1)..],
        ["organization"] = id.Contains('/', StringComparison.Ordinal) ? id[..id.IndexOf('/', StringComparison.Ordinal)] : "Together",
        ["context_length"] = 131072,
        ["pricing"] = new JsonObject { ["hourly"] = 0, ["input"] = 0.2, ["output"] = 0.2, ["base"] = 0, ["finetune"] = 0 },
    };

    private static JsonObject VllmCard(string id)
    {
        var card = Card(id, Created, "vllm");
        card["root"] = id;
        card["parent"] = null;
        card["max_model_len"] = 32768;
        card["permission"] = new JsonArray(new JsonObject
        {
            ["id"] = "modelperm-" + Guid.NewGuid().ToString("N"),
            ["object"] = "model_permission",
            ["created"] = Created,
            ["allow_create_engine"] = false,
            ["allow_sampling"] = true,
            ["allow_logprobs"] = true,
            ["allow_search_indices"] = false,
            ["allow_view"] = true,
            ["allow_fine_tuning"] = false,
            ["organization"] = "*",
            ["group"] = null,
            ["is_blocking"] = false,
        });
        return card;
    }

    private static JsonObject LlamaCppModels(IReadOnlyList<string> models) => new()
    {
        // Newer builds also describe the model Ollama-style under "models"; OpenAI clients read "data".
        ["models"] = new JsonArray([.. models.Select(id => new JsonObject
        {
            ["name"] = id,
            ["model"] = id,
            ["type"] = "model",
            ["capabilities"] = new JsonArray("completion"),
        })]),
        ["object"] = "list",
        ["data"] = new JsonArray([.. models.Select(id =>
        {
            var card = Card(id, Created, "llamacpp");
            card["meta"] = new JsonObject { ["vocab_type"] = 2, ["n_vocab"] = 151936, ["n_ctx_train"] = 40960, ["n_embd"] = 1024, ["n_params"] = 596049920, ["size"] = 484220160 };
            return card;
        })]),
    };
}
