namespace EmailTriage.Learning;

/// <summary>How a message was tied to a thread whose label is known.</summary>
internal enum ThreadEvidence
{
    None,

    /// <summary>In-Reply-To or References names a message we know.</summary>
    Reference,

    /// <summary>A reply or forward (by its subject prefix) of a subject we know.</summary>
    Subject,

    /// <summary>No reply prefix, but the very subject of mail we know (a recurring report, a thread whose prefixes were lost).</summary>
    SameSubject,
}
