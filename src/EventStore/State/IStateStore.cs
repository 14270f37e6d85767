namespace EventStore.State;

/// <summary>One row of server-side state as read back: its bytes, when it stops counting, and how often it was used.</summary>
public sealed record StateRow(string Key, byte[] Value, DateTimeOffset ExpiresAt, long Uses);

/// <summary>
/// Short-lived server-side state that must outlive one process and be shared by every node: card-step challenges,
/// verified cards, wizard runs, sign-in sessions, job records, the data-protection key ring. A row is
/// (<c>kind</c>, <c>owner</c>, <c>key</c>) → bytes, with an expiry and a use counter; <c>owner</c> groups rows of one
/// browser session or person so they can be listed, moved to a new session id, or forgotten together. Rows past their
/// expiry are never returned and are removed by <see cref="Sweep"/>. Kept in the event store's database (SQLite file
/// beside the store in embedded mode, the same PostgreSQL database in server mode), never in process memory.
/// </summary>
/// <remarks>Synchronous on purpose: each call is one short statement on a pooled connection, and its callers
/// (card steps, wizard pages) are synchronous paths; no call holds a transaction open between statements.</remarks>
public interface IStateStore
{
    /// <summary>Writes the row (replacing one with the same identity, its use counter back to 0).</summary>
    void Put(string kind, string owner, string key, byte[] value, DateTimeOffset expiresAt);

    /// <summary>Writes the row only when no live row has that identity; false when one does.</summary>
    bool TryAdd(string kind, string owner, string key, byte[] value, DateTimeOffset expiresAt);

    /// <summary>The live row, or null.</summary>
    StateRow? Find(string kind, string owner, string key);

    /// <summary>
    /// Atomically marks an unused live row used and returns its bytes — one conditional UPDATE … RETURNING, so of any
    /// number of callers on any number of nodes exactly one gets the bytes. Null when missing, expired or already used.
    /// </summary>
    byte[]? Claim(string kind, string owner, string key);

    /// <summary>Adds one to the row's use counter (creating it with <paramref name="value"/> at 1), moving its expiry; the new count.</summary>
    long Increment(string kind, string owner, string key, byte[] value, DateTimeOffset expiresAt);

    /// <summary>The owner's live rows of a kind.</summary>
    IReadOnlyList<StateRow> List(string kind, string owner);

    /// <summary>How many live rows of a kind there are (all owners).</summary>
    long Count(string kind);

    bool Remove(string kind, string owner, string key);

    /// <summary>Removes every row of the owner (of one kind, or of every kind when <paramref name="kind"/> is null).</summary>
    int RemoveOwner(string? kind, string owner);

    /// <summary>Gives every row of <paramref name="from"/> (of the given kinds) to <paramref name="to"/>: a browser session's new id keeps its state.</summary>
    int MoveOwner(string from, string to, IReadOnlyCollection<string> kinds);

    /// <summary>Deletes rows past their expiry; the number deleted.</summary>
    int Sweep();
}

/// <summary>The kinds of state rows, one name each, so the sweeper, rotation and tests agree.</summary>
public static class StateKinds
{
    /// <summary>A spent card-step challenge (issued ones are sealed, not stored).</summary>
    public const string Challenge = "card-challenge";
    public const string ChallengeKey = "card-challenge-key";
    public const string VerifiedCard = "verified-card";
    public const string Wizard = "registration-wizard";
    public const string BindingFailures = "binding-failures";
    public const string SignInSession = "sign-in-session";
    public const string ImportJob = "import-job";
    public const string ImportFile = "import-file";
    public const string ExportJob = "export-job";
    public const string ExportChunk = "export-chunk";
    public const string IntegrityCheck = "integrity-check";
    public const string GrantSitting = "grant-sitting";
    public const string DataProtectionKey = "data-protection-key";
    public const string DataProtectionCertificate = "data-protection-certificate";
}
