using Dapper;
using Domain.Accounts;
using EventStore.Serialization;
using ReadModels.People;
using ReadModels.Projections;
using ReadModels.Querying;

namespace ReadModels.Accounts;

/// <summary>
/// Staff accounts (<c>staff_accounts</c>): name, display name, roles, the recorded card holder (masked ID and name),
/// whether a card is bound, whether the account is disabled, and the last change with who made it. The administrators'
/// page lists it; sign-in never reads it (it folds the account's own stream).
/// </summary>
public sealed class StaffAccountsProjection : Projection
{
    public const string ProjectionName = "staff-accounts";

    public StaffAccountsProjection(EventTypeRegistry registry)
        : base(registry)
    {
        On<PasswordAccountOpened>(async (e, _, w) =>
        {
            if (e.Kind != AccountKinds.Staff)
                return;
            await w.ExecuteAsync(
                $"""
                INSERT INTO {w.Table("staff_accounts")} (account, display_name, roles, holder_masked_id, holder_name, card_bound, disabled, changed_by, changed_at_us)
                VALUES (@Account, @DisplayName, @roles, NULL, NULL, 0, 0, @OpenedBy, @at)
                ON CONFLICT (account) DO UPDATE SET display_name = excluded.display_name, roles = excluded.roles, holder_masked_id = NULL, holder_name = NULL,
                    card_bound = 0, disabled = 0, password_reset_at_us = NULL, changed_by = excluded.changed_by, changed_at_us = excluded.changed_at_us
                """,
                new { e.Account, e.DisplayName, roles = string.Join(' ', e.Roles), e.OpenedBy, at = UnixMicros.Of(e.OpenedAt) });
        });
        On<StaffCardHolderRecorded>((e, _, w) => Set(w, "holder_masked_id = @MaskedNationalId, holder_name = @Name, card_bound = 0",
            new { account = e.Account, by = e.RecordedBy, at = UnixMicros.Of(e.RecordedAt), e.MaskedNationalId, e.Name }));
        // Binding the card at sign-in is not an administrator's change: the last change keeps its name.
        On<StaffCitizenCardBound>((e, _, w) => w.ExecuteAsync($"UPDATE {w.Table("staff_accounts")} SET card_bound = 1 WHERE account = @Account", new { e.Account }));
        On<StaffCardBindingCleared>((e, _, w) => Set(w, "card_bound = 0", new { account = e.Account, by = e.ClearedBy, at = UnixMicros.Of(e.ClearedAt) }));
        On<StaffAccountDisabled>((e, _, w) => Set(w, "disabled = 1", new { account = e.Account, by = e.DisabledBy, at = UnixMicros.Of(e.DisabledAt) }));
        On<StaffAccountEnabled>((e, _, w) => Set(w, "disabled = 0", new { account = e.Account, by = e.EnabledBy, at = UnixMicros.Of(e.EnabledAt) }));
        On<StaffRolesChanged>((e, _, w) => Set(w, "roles = @roles", new { account = e.Account, by = e.ChangedBy, at = UnixMicros.Of(e.ChangedAt), roles = string.Join(' ', e.Roles) }));
        On<PasswordReset>((e, _, w) => Set(w, "password_reset_at_us = @at", new { account = e.Account, by = e.ResetBy, at = UnixMicros.Of(e.ResetAt) }));
    }

    /// <summary>One administrator's change: the assignments, and who made it when (<c>@account</c>, <c>@by</c>, <c>@at</c> in <paramref name="parameters"/>).</summary>
    private static Task Set(ProjectionWriter w, string assignments, object parameters) =>
        w.ExecuteAsync($"UPDATE {w.Table("staff_accounts")} SET {assignments}, changed_by = @by, changed_at_us = @at WHERE account = @account", parameters);

    public override string Name => ProjectionName;

    public override int Version => 1;

    public override IReadOnlyList<ProjectionTable> Tables { get; } =
    [
        new("staff_accounts",
            "account TEXT NOT NULL PRIMARY KEY, display_name TEXT NOT NULL, roles TEXT NOT NULL, holder_masked_id TEXT, holder_name TEXT, "
            + "card_bound INTEGER NOT NULL, disabled INTEGER NOT NULL, password_reset_at_us INTEGER, changed_by TEXT NOT NULL, changed_at_us INTEGER NOT NULL"),
    ];
}

/// <summary>One staff account as the administrators' page lists it.</summary>
public sealed record StaffAccountRow(
    string Account, string DisplayName, IReadOnlyList<string> Roles, string? HolderMaskedId, string? HolderName,
    bool CardBound, bool Disabled, string ChangedBy, DateTimeOffset ChangedAt);

/// <summary>Queries of <see cref="StaffAccountsProjection"/>.</summary>
public sealed class StaffAccountList(ReadModelDatabase readModels)
{
    public async Task<IReadOnlyList<StaffAccountRow>> AllAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await readModels.OpenReadConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            "SELECT account AS Account, display_name AS DisplayName, roles AS Roles, holder_masked_id AS HolderMaskedId, holder_name AS HolderName, "
            + "card_bound AS CardBound, disabled AS Disabled, changed_by AS ChangedBy, changed_at_us AS ChangedAtUs FROM staff_accounts ORDER BY account",
            cancellationToken: cancellationToken));
        return rows.Select(r => new StaffAccountRow(r.Account, r.DisplayName, r.Roles.Split(' ', StringSplitOptions.RemoveEmptyEntries), r.HolderMaskedId, r.HolderName,
            r.CardBound != 0, r.Disabled != 0, r.ChangedBy, UnixMicros.At(r.ChangedAtUs))).ToList();
    }

    private sealed class Row
    {
        public string Account { get; init; } = "";
        public string DisplayName { get; init; } = "";
        public string Roles { get; init; } = "";
        public string? HolderMaskedId { get; init; }
        public string? HolderName { get; init; }
        public long CardBound { get; init; }
        public long Disabled { get; init; }
        public string ChangedBy { get; init; } = "";
        public long ChangedAtUs { get; init; }
    }
}
