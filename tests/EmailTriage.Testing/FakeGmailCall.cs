namespace EmailTriage.Testing;

/// <summary>The calls <see cref="FakeGmailServer"/> understands, for the request log and fault injection.</summary>
public enum FakeGmailCall
{
    LabelsList,
    LabelsCreate,
    MessagesList,
    MessagesGet,
    MessagesBatchModify,
    GetProfile,
    MessagesModify,
    HistoryList,

    /// <summary>The multipart <c>/batch/gmail/v1</c> request itself (its parts are logged as their own calls).</summary>
    Batch,

    /// <summary>The OAuth token endpoint.</summary>
    Token,

    /// <summary>Anything the fake does not serve; answered 404.</summary>
    Unknown,
}
