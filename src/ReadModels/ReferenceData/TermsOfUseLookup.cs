using Dapper;
using Domain.Common;
using Domain.ReferenceData;
using ReadModels.Querying;

namespace ReadModels.ReferenceData;

/// <summary>One terms-of-use version with its text (what the manager reads and accepts).</summary>
/// <param name="TextSha256">Lower-case hex SHA-256 of <paramref name="Text"/> (LF line ends).</param>
public sealed record TermsOfUseText(string Version, DateOnly EffectiveFrom, string TextSha256, string Text);

/// <summary>The imported terms of use: the version in force at an instant (Taiwan calendar day), any version by name.</summary>
public sealed class TermsOfUseLookup(ReadModelDatabase readModels)
{
    /// <summary>The version in force on the Taiwan day of <paramref name="instant"/>; null before the first version takes effect.</summary>
    public Task<TermsOfUseText?> InForceAsync(DateTimeOffset instant, CancellationToken cancellationToken = default) =>
        QueryOneAsync($"{Select} WHERE effective_from <= @day ORDER BY effective_from DESC LIMIT 1", new { day = ReferenceDataImportPlan.Day(RocDate.TaiwanDate(instant)) }, cancellationToken);

    public Task<TermsOfUseText?> FindAsync(string version, CancellationToken cancellationToken = default) =>
        QueryOneAsync($"{Select} WHERE version = @version", new { version }, cancellationToken);

    /// <summary>Every version, oldest first, as the domain's <see cref="TermsOfUse"/> (for <c>TermsAcceptance.VersionInForce</c>).</summary>
    public async Task<TermsOfUse> GetAsync(CancellationToken cancellationToken = default) =>
        TermsOfUse.From((await AllAsync(cancellationToken)).Select(t => new TermsVersion(t.Version, ReferenceDataImportPlan.ParseDay(t.EffectiveFrom), t.TextSha256)));

    /// <summary>Every recorded version with its text, oldest first.</summary>
    public async Task<IReadOnlyList<TermsVersionRow>> AllAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await readModels.OpenReadConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string Version, string EffectiveFrom, string TextSha256, string Text)>(new CommandDefinition(
            $"{Select} ORDER BY effective_from", cancellationToken: cancellationToken));
        return rows.Select(r => new TermsVersionRow(r.Version, r.EffectiveFrom, r.TextSha256, r.Text)).ToList();
    }

    private const string Select = "SELECT version, effective_from, text_sha256, text FROM ref_terms_versions";

    private async Task<TermsOfUseText?> QueryOneAsync(string sql, object parameters, CancellationToken cancellationToken)
    {
        await using var connection = await readModels.OpenReadConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string Version, string EffectiveFrom, string TextSha256, string Text)>(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken));
        return rows.Select(r => new TermsOfUseText(r.Version, ReferenceDataImportPlan.ParseDay(r.EffectiveFrom), r.TextSha256, r.Text)).FirstOrDefault();
    }
}
