using Google.Apis.Util;

namespace EmailTriage.Gmail.Api;

/// <summary>The formats of users.messages.get that triage uses.</summary>
internal enum MessageFormat
{
    /// <summary>Id, labels and the whole message as base64url RFC 822 in <c>raw</c>.</summary>
    [StringValue("raw")]
    Raw,

    /// <summary>Id, labels and the headers in <c>payload.headers</c>.</summary>
    [StringValue("metadata")]
    Metadata,
}
