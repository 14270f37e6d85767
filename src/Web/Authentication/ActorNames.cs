using ReadModels.Accounts;

namespace Web.Authentication;

/// <summary>
/// How the actor recorded on an event or an import (<c>staff:{account}</c>, <c>cert:{issuer key id}:{serial}</c>,
/// <c>demo-data</c> …) reads on staff screens: the person and role, never the internal id. Exports keep the id.
/// </summary>
public sealed class ActorNames(StaffAccountList staff)
{
    /// <summary>Reads the staff accounts once, for naming every actor of one screen.</summary>
    public async Task<ActorNaming> LoadAsync(CancellationToken cancellationToken = default) =>
        ActorNaming.From(await staff.AllAsync(cancellationToken));
}

/// <summary>The names of one screen's actors (see <see cref="ActorNames"/>).</summary>
public sealed class ActorNaming
{
    private readonly Dictionary<string, StaffAccountRow> staff;

    private ActorNaming(Dictionary<string, StaffAccountRow> staff) => this.staff = staff;

    /// <summary>No staff account known: staff actors read as their account name.</summary>
    public static ActorNaming None { get; } = From([]);

    /// <summary>Names staff actors after <paramref name="accounts"/> (the list the screen already read).</summary>
    public static ActorNaming From(IEnumerable<StaffAccountRow> accounts) =>
        new(accounts.ToDictionary(r => r.Account, StringComparer.OrdinalIgnoreCase));

    private const string StaffPrefix = "staff:";
    private const string CardPrefix = "cert:";

    /// <summary>
    /// The actor as a person and role. <paramref name="cardHolder"/> names the holder of a certificate actor
    /// (issuer key id, serial) where the screen knows it, e.g. the manager a registration stream recorded.
    /// </summary>
    public string Of(string? actor, Func<string, string, string?>? cardHolder = null)
    {
        if (string.IsNullOrEmpty(actor))
            return "（未記錄）";
        var approved = actor.Split(" approved-by ", 2);
        if (approved.Length == 2)
            return $"{Of(approved[0], cardHolder)}（核准：{Of(approved[1], cardHolder)}）";
        if (actor.StartsWith(StaffPrefix, StringComparison.Ordinal))
        {
            var account = actor[StaffPrefix.Length..];
            return staff.TryGetValue(account, out var row)
                ? $"{row.DisplayName}（{string.Join("、", row.Roles.Select(Roles.Title))}）"
                : $"工作人員帳號 {account}";
        }
        if (actor.StartsWith(CardPrefix, StringComparison.Ordinal) && actor[CardPrefix.Length..].Split(':') is [var issuerKeyId, var serial])
            return cardHolder?.Invoke(issuerKeyId, serial) ?? $"憑證持有人（憑證序號 {serial}）";
        return actor switch
        {
            DemoHostActor => "示範資料",
            _ => actor,
        };
    }

    /// <summary>The actor the demo host records its reference-data imports as (tools/DemoHost).</summary>
    private const string DemoHostActor = "demo-data";
}
