namespace Domain.Ecpa;

/// <summary>One right of an application system (報送資料權限, 查詢權限 …).</summary>
public sealed record ApplicationSystemRight(string Code, string Name);

/// <summary>An eCPA application system a personnel officer grants rights of (應用系統).</summary>
public sealed record ApplicationSystem(string Code, string Name, IReadOnlyList<ApplicationSystemRight> Rights)
{
    public ApplicationSystemRight? Right(string? code) => Rights.FirstOrDefault(r => string.Equals(r.Code, code, StringComparison.Ordinal));
}

/// <summary>
/// The application systems and their rights, versioned like the other catalogues; grants record the version they
/// relied on. The reference data has no such import yet, so the catalogue ships here, in our own wording (the
/// seeds show only one system's 報送資料權限); a new version is a new entry in <see cref="Versions"/>.
/// </summary>
public sealed record ApplicationSystemCatalogue(string Version, DateOnly EffectiveFrom, IReadOnlyList<ApplicationSystem> Systems)
{
    public ApplicationSystem? System(string? code) => Systems.FirstOrDefault(s => string.Equals(s.Code, code, StringComparison.Ordinal));

    /// <summary>Every version, oldest first.</summary>
    public static IReadOnlyList<ApplicationSystemCatalogue> Versions { get; } =
    [
        new("2026-01", new DateOnly(2026, 1, 1),
        [
            new("HRDATA", "人事資料報送系統", [new("SUBMIT", "報送資料權限"), new("QUERY", "查詢權限")]),
            new("SALARY", "待遇資料管理系統", [new("SUBMIT", "報送資料權限"), new("QUERY", "查詢權限")]),
            new("TRAINING", "訓練進修資料系統", [new("SUBMIT", "報送資料權限"), new("REVIEW", "審核權限"), new("QUERY", "查詢權限")]),
            new("ATTENDANCE", "差勤管理系統", [new("MANAGE", "管理權限"), new("QUERY", "查詢權限")]),
        ]),
    ];

    /// <summary>The version in force on <paramref name="day"/> (the latest effective by then), or null before the first.</summary>
    public static ApplicationSystemCatalogue? InForce(DateOnly day) => Versions.LastOrDefault(v => v.EffectiveFrom <= day);
}
