using System.Text.Json.Nodes;

namespace EmailTriage.Graph;

/// <summary>
/// The "triaged" marker: a single-value extended property (a named MAPI property of the app's own property set), which
/// Outlook never shows, so the user's view holds only the labels. Its value is the label the app applied: a later
/// category or folder that differs from it is the user's correction. It is written in the same PATCH as the label's
/// category, so a message never has one without the other, and it travels with the message when it is moved.
/// </summary>
internal static class GraphMarker
{
    /// <summary>The app's own property set (a GUID made for this app); no other app writes to it.</summary>
    public const string PropertySet = "075ea153-1e43-46ec-ab8c-758046a14d2b";

    public const string Name = "EmailTriage.Triaged";

    /// <summary>As Graph names a named string property: <c>String {guid} Name name</c>.</summary>
    public const string PropertyId = "String {" + PropertySet + "} Name " + Name;

    /// <summary>The $expand that brings the marker (and no other property) along with a message.</summary>
    public const string Expand = "singleValueExtendedProperties($filter=id eq '" + PropertyId + "')";

    public static JsonArray Set(string label) => [new JsonObject { ["id"] = PropertyId, ["value"] = label }];
}
