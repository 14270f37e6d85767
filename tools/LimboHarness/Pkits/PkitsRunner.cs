using System.Globalization;
using System.Text;
using Pkix.Revocation;
using Pkix.Validation;

namespace LimboHarness.Pkits;

/// <summary>
/// What our validator said about one PKITS test: validated or the reason it refused, and whether that is what PKITS
/// expects — the same outcome and, for a path that must fail, the reason PKITS built the test around.
/// </summary>
public sealed record PkitsOutcome(PkitsTest Test, CertificateFailure? Failure, PkitsReason? IntendedReason)
{
    public bool Validated => Failure is null;

    public bool AsExpected => Validated == Test.Valid && (Validated || IntendedReason?.IsMetBy(Failure!) == true);

    /// <summary>One line for the report: the verdict and, for a refusal, our reason against PKITS's.</summary>
    public string Describe() => (Validated, Test.Valid) switch
    {
        (true, true) => "valid, as expected",
        (true, false) => $"MISS: validated; PKITS expects {IntendedReason?.ToString() ?? "a refusal"}",
        (false, true) => $"MISS: refused ({Failure}); PKITS expects a valid path",
        _ when AsExpected => $"refused: {IntendedReason}, as PKITS intends",
        _ => $"MISS: refused ({Failure}), PKITS intends {IntendedReason?.ToString() ?? "a reason not in PkitsIntendedReasons"}",
    };
}

/// <summary>
/// Runs NIST PKITS through the same <see cref="PathValidator"/> and <see cref="CrlRevocationChecker"/> the product uses,
/// under the RFC 5280 signature policy and PKITS's default inputs, and reports per section.
/// </summary>
public static class PkitsRunner
{
    public static IReadOnlyList<PkitsOutcome> Run(PkitsSuite suite)
    {
        ArgumentNullException.ThrowIfNull(suite);
        return suite.Tests.Select(t => Evaluate(suite, t)).ToList();
    }

    public static PkitsOutcome Evaluate(PkitsSuite suite, PkitsTest test)
    {
        ArgumentNullException.ThrowIfNull(suite);
        ArgumentNullException.ThrowIfNull(test);
        var intended = test.Valid ? null : PkitsIntendedReasons.For(test.Number);
        return new PkitsOutcome(test, Validate(suite, test), intended);
    }

    private static CertificateFailure? Validate(PkitsSuite suite, PkitsTest test)
    {
        var options = new PathValidationOptions
        {
            Anchors = [suite.Anchor],
            Intermediates = suite.Pool,
            Time = suite.ValidationTime,
            SignaturePolicy = SignatureAlgorithmPolicy.Rfc5280,
            InitialPolicySet = suite.Settings.InitialPolicySet.ToHashSet(StringComparer.Ordinal),
            InitialExplicitPolicy = suite.Settings.InitialExplicitPolicy,
            InitialPolicyMappingInhibit = suite.Settings.InitialPolicyMappingInhibit,
            InitialAnyPolicyInhibit = suite.Settings.InitialAnyPolicyInhibit,
        };
        var validation = PathValidator.Validate(suite.EndEntity(test), options);
        if (validation.Failure is { } failure)
            return failure;

        var checker = new CrlRevocationChecker(suite.CrlStore(), new CrlCheckOptions
        {
            Time = options.Time,
            SignaturePolicy = options.SignaturePolicy,
            CandidateSigners = [.. suite.Pool, suite.Anchor],
            Signers = CrlSignerScope.AnyKeyOfTheCrlIssuer,
        });
        return checker.CheckPath(validation.Path!).Failure;
    }

    /// <summary>The per-section table (markdown) and one line per test, as docs/certificate-validation.md quotes them.</summary>
    public static string Report(IReadOnlyList<PkitsOutcome> outcomes)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        var text = new StringBuilder();
        text.AppendLine("| section | tests | as expected | valid / invalid | invalid for the intended reason | misses |");
        text.AppendLine("| --- | --- | --- | --- | --- | --- |");
        foreach (var section in outcomes.GroupBy(o => o.Test.Section).OrderBy(g => SectionOrder(g.Key)))
            text.AppendLine(Row(section.Key + " " + PkitsIntendedReasons.SectionTitle(section.Key), [.. section]));
        text.AppendLine(Row("all", outcomes));
        text.AppendLine();
        foreach (var outcome in outcomes)
            text.AppendLine(CultureInfo.InvariantCulture, $"- {outcome.Test.Number} {outcome.Test.Title}: {outcome.Describe()}");
        return text.ToString();
    }

    /// <summary>The one-line summary the command prints last.</summary>
    public static string Summary(IReadOnlyList<PkitsOutcome> outcomes)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        var misses = outcomes.Count(o => !o.AsExpected);
        return $"PKITS: {outcomes.Count - misses}/{outcomes.Count} as expected, {misses} missed";
    }

    private static string Row(string name, IReadOnlyList<PkitsOutcome> outcomes)
    {
        var invalid = outcomes.Where(o => !o.Test.Valid).ToList();
        return string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {outcomes.Count} | {outcomes.Count(o => o.AsExpected)} | {outcomes.Count - invalid.Count} / {invalid.Count} | {invalid.Count(o => o.AsExpected)} / {invalid.Count} | {outcomes.Count(o => !o.AsExpected)} |");
    }

    private static int SectionOrder(string section) => int.Parse(section.Split('.')[1], CultureInfo.InvariantCulture);
}
