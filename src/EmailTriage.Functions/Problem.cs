using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace EmailTriage.Functions;

/// <summary>Error answers with one actionable message, the same words the CLI prints.</summary>
internal static class Problem
{
    public static ObjectResult BadRequest(string message) => Error(StatusCodes.Status400BadRequest, message);

    public static ObjectResult Unavailable(string message) => Error(StatusCodes.Status503ServiceUnavailable, message);

    public static ObjectResult Misconfigured(string message) => Error(StatusCodes.Status500InternalServerError, message);

    private static ObjectResult Error(int status, string message) => new(new Dictionary<string, string> { ["error"] = message }) { StatusCode = status };
}
