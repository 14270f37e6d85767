using Pkix.Validation;

namespace LimboHarness.Cases.PkitsStyle;

/// <summary>
/// Sections 4.8–4.12 (certificate policies, requireExplicitPolicy, policy mappings, inhibitPolicyMapping,
/// inhibitAnyPolicy). The Limbo format has no initial policy inputs, so every case runs with RFC 5280's
/// defaults (user-initial-policy-set {anyPolicy}, the three initial flags off); PKITS tests that differ only
/// in those inputs are expressed here with policy constraints in the certificates instead.
/// </summary>
public static partial class PkitsStyleCases
{
    private sealed partial class Builder
    {
        private static readonly string[] PolicyFeatures = ["has-cert-policies"];
        private static readonly string[] ConstraintFeatures = ["has-cert-policies", "has-policy-constraints"];

        public void Policies()
        {
            void Chain(string section, string slug, string description, bool succeeds, IReadOnlyList<PkitsCertificate> cas, PkitsCertificate leaf, IReadOnlyList<string> features) =>
                Add(section, slug, description, succeeds, leaf, cas, Crls([.. cas]), features: features);

            var same = Ca("Policies P1 CA", with: s => s with { Policies = [P1] });
            Chain("4.8.1", "valid-all-certificates-same-policy", "All Certificates Same Policy Test1 — CA and EE assert P1 (default initial inputs: valid).", true,
                [same], Ee("All Certificates Same Policy Test1", same, s => s with { Policies = [P1] }), PolicyFeatures);
            var none = Ca("No Policies CA");
            Chain("4.8.2", "valid-all-certificates-no-policies", "All Certificates No Policies Test2 — no certificate asserts a policy, none is required.", true,
                [none], Ee("All Certificates No Policies Test2", none), ["no-cert-policies"]);
            Chain("4.8.3", "valid-different-policies", "Different Policies Test3 — CA P1, EE P2: the policy tree empties, but nothing requires an explicit policy.", true,
                [same], Ee("Different Policies Test3", same, s => s with { Policies = [P2] }), PolicyFeatures);
            var explicitP1 = Ca("Policies P1 requireExplicitPolicy0 CA", with: s => s with { Policies = [P1], RequireExplicitPolicy = 0 });
            Chain("4.8.4", "invalid-different-policies-explicit", "Different Policies Test4 (with requireExplicitPolicy 0 in the CA instead of initial-explicit-policy) — CA P1, EE P2.", false,
                [explicitP1], Ee("Different Policies Test4", explicitP1, s => s with { Policies = [P2] }), ConstraintFeatures);
            var p2Below = Ca("Policies P2 subCA", explicitP1, s => s with { Policies = [P2] });
            Chain("4.8.5", "invalid-different-policies-two-cas", "Different Policies Test5 — P1 (explicit policy required), then a CA with P2, then an EE with P2.", false,
                [explicitP1, p2Below], Ee("Different Policies Test5", p2Below, s => s with { Policies = [P2] }), ConstraintFeatures);
            var overlapping = Ca("Policies P123 requireExplicitPolicy0 CA", with: s => s with { Policies = [P1, P2, P3], RequireExplicitPolicy = 0 });
            var overlappingBelow = Ca("Policies P12 subCA", overlapping, s => s with { Policies = [P1, P2] });
            Chain("4.8.6", "valid-overlapping-policies", "Overlapping Policies Test6 — P1 P2 P3, then P1 P2, then P1, with an explicit policy required.", true,
                [overlapping, overlappingBelow], Ee("Overlapping Policies Test6", overlappingBelow, s => s with { Policies = [P1] }), ConstraintFeatures);
            var anyPolicy = Ca("anyPolicy requireExplicitPolicy0 CA", with: s => s with { Policies = [Oids.AnyPolicy], RequireExplicitPolicy = 0 });
            Chain("4.8.10", "valid-all-certificates-anypolicy", "All Certificates anyPolicy Test11 — CA and EE assert anyPolicy, an explicit policy is required: anyPolicy is one.", true,
                [anyPolicy], Ee("All Certificates anyPolicy Test11", anyPolicy, s => s with { Policies = [Oids.AnyPolicy] }), ConstraintFeatures);
            Chain("4.8.12", "valid-anypolicy-in-ca", "anyPolicy Test12-like — the CA asserts anyPolicy, the EE P1, an explicit policy is required.", true,
                [anyPolicy], Ee("anyPolicy In CA Test12", anyPolicy, s => s with { Policies = [P1] }), ConstraintFeatures);
            var qualified = Ca("User Notice Qualifier CA", with: s => s with { Policies = [P1], PolicyQualifiers = true, RequireExplicitPolicy = 0 });
            Chain("4.8.16", "valid-user-notice-qualifiers", "User Notice Qualifier Test16 — policies carry user notice qualifiers, which path validation passes on, not judges.", true,
                [qualified], Ee("User Notice Qualifier Test16", qualified, s => s with { Policies = [P1], PolicyQualifiers = true }), ConstraintFeatures);

            // 4.9: requireExplicitPolicy counts the certificates that may follow before a policy is required (self-issued ones not counted).
            var ten = Ca("requireExplicitPolicy10 CA", with: s => s with { RequireExplicitPolicy = 10 });
            var tenSub = Ca("requireExplicitPolicy10 subCA", ten);
            var tenSubSub = Ca("requireExplicitPolicy10 subsubCA", tenSub);
            Chain("4.9.1", "valid-requireexplicitpolicy-10", "Valid RequireExplicitPolicy Test1 — requireExplicitPolicy 10, three more certificates, no policies anywhere.", true,
                [ten, tenSub, tenSubSub], Ee("Valid RequireExplicitPolicy Test1", tenSubSub), ConstraintFeatures);
            var four = Ca("requireExplicitPolicy4 CA", with: s => s with { RequireExplicitPolicy = 4 });
            var fourSub = Ca("requireExplicitPolicy4 subCA", four);
            var fourSubSub = Ca("requireExplicitPolicy4 subsubCA", fourSub);
            var fourSubSubSub = Ca("requireExplicitPolicy4 subsubsubCA", fourSubSub);
            Chain("4.9.3", "invalid-requireexplicitpolicy-4", "Invalid RequireExplicitPolicy Test3 — requireExplicitPolicy 4 and four more certificates without any policy.", false,
                [four, fourSub, fourSubSub, fourSubSubSub], Ee("Invalid RequireExplicitPolicy Test3", fourSubSubSub), ConstraintFeatures);
            var zero = Ca("requireExplicitPolicy0 CA", with: s => s with { RequireExplicitPolicy = 0, Policies = [P1] });
            Chain("4.9.4", "valid-requireexplicitpolicy-0", "Valid RequireExplicitPolicy Test4 — requireExplicitPolicy 0 and P1 all the way down.", true,
                [zero], Ee("Valid RequireExplicitPolicy Test4", zero, s => s with { Policies = [P1] }), ConstraintFeatures);
            var two = Ca("requireExplicitPolicy2 CA", with: s => s with { RequireExplicitPolicy = 2 });
            var twoRolled = Ca("requireExplicitPolicy2 self-issued CA", two, s => s with { Subject = two.SubjectSpec });
            Chain("4.9.6", "valid-self-issued-requireexplicitpolicy", "Valid Self-Issued requireExplicitPolicy Test6 — requireExplicitPolicy 2, a self-issued certificate (not counted), then the EE; no policies.", true,
                [two, twoRolled], Ee("Valid Self-Issued requireExplicitPolicy Test6", twoRolled), ConstraintFeatures);
            var twoRolledSub = Ca("requireExplicitPolicy2 self-issued subCA", twoRolled);
            Add("4.9.7", "invalid-self-issued-requireexplicitpolicy", "Invalid Self-Issued requireExplicitPolicy Test7 — as 4.9.6 with one more CA: now a policy is required and there is none.", false,
                Ee("Invalid Self-Issued requireExplicitPolicy Test7", twoRolledSub), [two, twoRolled, twoRolledSub], [Crl(Anchor), Crl(twoRolled), Crl(twoRolledSub)], features: ConstraintFeatures);

            // 4.10 and 4.11: policy mappings and inhibitPolicyMapping.
            var mapping = Ca("Mapping P1 to P2 CA", with: s => s with { Policies = [P1], PolicyMappings = [(P1, P2)], RequireExplicitPolicy = 0 });
            var mapped = Ca("Mapped P2 subCA", mapping, s => s with { Policies = [P2] });
            Chain("4.10.1", "valid-policy-mapping", "Valid Policy Mapping Test1 — the first CA maps P1 to P2; the next CA and the EE assert P2.", true,
                [mapping, mapped], Ee("Valid Policy Mapping Test1", mapped, s => s with { Policies = [P2] }), ConstraintFeatures);
            var unmapped = Ca("Unmapped P1 subCA", mapping, s => s with { Policies = [P1] });
            Chain("4.10.2", "invalid-policy-mapping-issuer-policy-below", "Invalid Policy Mapping Test2-like — after the mapping P1 to P2, the next CA and the EE assert P1.", false,
                [mapping, unmapped], Ee("Invalid Policy Mapping Test2", unmapped, s => s with { Policies = [P1] }), ConstraintFeatures);
            var fromAny = Ca("Mapping From anyPolicy CA", with: s => s with { Policies = [P1], PolicyMappings = [(Oids.AnyPolicy, P1)] });
            Chain("4.10.7", "invalid-mapping-from-anypolicy", "Invalid Mapping From anyPolicy Test7 — RFC 5280 6.1.4 (a) forbids mapping anyPolicy.", false,
                [fromAny], Ee("Invalid Mapping From anyPolicy Test7", fromAny, s => s with { Policies = [P1] }), ConstraintFeatures);
            var toAny = Ca("Mapping To anyPolicy CA", with: s => s with { Policies = [P1], PolicyMappings = [(P1, Oids.AnyPolicy)] });
            Chain("4.10.8", "invalid-mapping-to-anypolicy", "Invalid Mapping To anyPolicy Test8.", false,
                [toAny], Ee("Invalid Mapping To anyPolicy Test8", toAny, s => s with { Policies = [P1] }), ConstraintFeatures);
            var inhibitZero = Ca("inhibitPolicyMapping0 CA", with: s => s with { Policies = [P1], RequireExplicitPolicy = 0, InhibitPolicyMapping = 0 });
            var mapsUnderZero = Ca("inhibitPolicyMapping0 subCA", inhibitZero, s => s with { Policies = [P1], PolicyMappings = [(P1, P2)] });
            Chain("4.11.1", "invalid-inhibitpolicymapping-0", "Invalid inhibitPolicyMapping Test1 — inhibitPolicyMapping 0, then a CA mapping P1 to P2, then an EE with P2.", false,
                [inhibitZero, mapsUnderZero], Ee("Invalid inhibitPolicyMapping Test1", mapsUnderZero, s => s with { Policies = [P2] }), ConstraintFeatures);
            var inhibitOne = Ca("inhibitPolicyMapping1 CA", with: s => s with { Policies = [P1], RequireExplicitPolicy = 0, InhibitPolicyMapping = 1 });
            var mapsUnderOne = Ca("inhibitPolicyMapping1 subCA", inhibitOne, s => s with { Policies = [P1], PolicyMappings = [(P1, P2)] });
            Chain("4.11.2", "valid-inhibitpolicymapping-1", "Valid inhibitPolicyMapping Test2 — inhibitPolicyMapping 1 still lets the next CA map P1 to P2.", true,
                [inhibitOne, mapsUnderOne], Ee("Valid inhibitPolicyMapping Test2", mapsUnderOne, s => s with { Policies = [P2] }), ConstraintFeatures);

            // 4.12: inhibitAnyPolicy.
            var inhibitAny = Ca("inhibitAnyPolicy0 CA", with: s => s with { Policies = [Oids.AnyPolicy], RequireExplicitPolicy = 0, InhibitAnyPolicy = 0 });
            var anyBelow = Ca("inhibitAnyPolicy0 subCA", inhibitAny, s => s with { Policies = [Oids.AnyPolicy] });
            Chain("4.12.1", "invalid-inhibitanypolicy-0", "Invalid inhibitAnyPolicy Test1 — after inhibitAnyPolicy 0, a CA's anyPolicy no longer stands for P1.", false,
                [inhibitAny, anyBelow], Ee("Invalid inhibitAnyPolicy Test1", anyBelow, s => s with { Policies = [P1] }), ConstraintFeatures);
            var concreteBelow = Ca("inhibitAnyPolicy0 P1 subCA", inhibitAny, s => s with { Policies = [P1] });
            Chain("4.12.2", "valid-inhibitanypolicy-0-concrete-policies", "Valid inhibitAnyPolicy Test2 — the same CA, then P1 asserted explicitly below it.", true,
                [inhibitAny, concreteBelow], Ee("Valid inhibitAnyPolicy Test2", concreteBelow, s => s with { Policies = [P1] }), ConstraintFeatures);
        }
    }
}
