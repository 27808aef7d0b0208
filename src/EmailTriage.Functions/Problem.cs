using EmailTriage.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace EmailTriage.Functions;

/// <summary>Error answers with one actionable message, the same words the CLI prints.</summary>
internal static class Problem
{
    /// <summary>The one place a kind of failure becomes an HTTP status, for every function.</summary>
    public static int StatusFor(FailureKind kind) => kind switch
    {
        FailureKind.BadConfiguration => StatusCodes.Status500InternalServerError,
        FailureKind.ServiceUnavailable => StatusCodes.Status503ServiceUnavailable,

        // The response lists each failed message; the request itself was served.
        _ => StatusCodes.Status200OK,
    };

    public static ObjectResult BadRequest(string message) => Error(StatusCodes.Status400BadRequest, message);

    /// <summary>The answer for an exception whose kind is known (<see cref="FailureKinds.Of(Exception)"/>).</summary>
    public static ObjectResult For(FailureKind kind, Exception exception) =>
        Error(StatusFor(kind), exception is OptionsValidationException e ? string.Join(" ", e.Failures) : exception.Message);

    private static ObjectResult Error(int status, string message) => new(new Dictionary<string, string> { ["error"] = message }) { StatusCode = status };
}
