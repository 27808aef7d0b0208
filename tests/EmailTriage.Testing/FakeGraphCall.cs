namespace EmailTriage.Testing;

/// <summary>The Microsoft Graph mail calls <see cref="FakeGraphServer"/> serves, for its request log and its faults.</summary>
public enum FakeGraphCall
{
    Unknown,

    /// <summary>POST /$batch (its parts are logged as their own calls, with <c>InBatch</c>).</summary>
    Batch,

    /// <summary>GET /me (or /users/{id}).</summary>
    GetUser,

    /// <summary>GET .../mailFolders/{id}/messages/delta, first page or a next/delta link.</summary>
    Delta,

    /// <summary>GET .../mailFolders/{id}/messages or .../messages (with $filter on categories).</summary>
    ListMessages,

    /// <summary>GET .../messages/{id}.</summary>
    GetMessage,

    /// <summary>GET .../messages/{id}/$value: the MIME.</summary>
    GetValue,

    /// <summary>PATCH .../messages/{id}.</summary>
    PatchMessage,

    /// <summary>POST .../messages/{id}/move.</summary>
    MoveMessage,

    /// <summary>GET .../mailFolders/{id}.</summary>
    GetFolder,

    /// <summary>GET .../mailFolders or .../mailFolders/{id}/childFolders.</summary>
    ListFolders,

    /// <summary>POST .../mailFolders or .../mailFolders/{id}/childFolders.</summary>
    CreateFolder,

    /// <summary>GET .../outlook/masterCategories.</summary>
    ListCategories,

    /// <summary>POST .../outlook/masterCategories.</summary>
    CreateCategory,
}
