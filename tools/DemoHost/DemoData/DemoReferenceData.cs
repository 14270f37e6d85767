using System.Globalization;
using System.Text;
using Bogus;
using Domain.Common;
using Domain.ReferenceData;
using TestPki;

namespace DemoHost.DemoData;

/// <summary>A person of the demo data who gets an extra demo card, and why they are interesting.</summary>
/// <param name="CardName">The card file's name stem (also the demo reader's name); never the national ID.</param>
public sealed record DemoCitizen(string CardName, string Name, NationalId NationalId, string Role);

/// <summary>An agency of the demo data that gets an extra demo card.</summary>
/// <param name="CardOid">The OID on the card: the directory's, or (for the review demo) one the directory does not expect.</param>
public sealed record DemoAgency(string CardName, string Code, string Name, string Ministry, string CardOid, string Issuer, string Role);

/// <summary>
/// Every demo file in the import format, and the holders of the extra demo cards. Generated with Bogus from a
/// fixed seed, so the same seed (and the same <c>today</c>) gives the same files.
/// </summary>
public sealed record DemoFiles(
    string AgencyDirectoryCsv,
    string PersonnelCsv,
    string HolidayCalendarCsv,
    string TermsOfUseCsv,
    string TermsOfUseText,
    string FunctionCatalogueCsv,
    string TrustListCsv,
    IReadOnlyList<DemoCitizen> CardCitizens,
    IReadOnlyList<DemoAgency> CardAgencies);

/// <summary>
/// Builds the demo reference data: about 200 agencies (7-digit eCPA codes, 5-digit insurance codes and a few
/// 10-character ones, OIDs under 2.16.886.101.20003), about 2,000 personnel reports (valid national IDs, personnel
/// officers by each of the three rules, people who moved and people who left), the 2025–2027 office calendar, one
/// terms-of-use version, the function catalogue of seed 004 and the trust list of the demo PKI. Every holder of
/// the demo PKI's leaves is in it, so each demo card belongs to a known agency or person.
/// </summary>
public static class DemoReferenceData
{
    public const int DefaultSeed = 2026;

    private static readonly string[] Counties =
    [
        "臺北市", "新北市", "桃園市", "臺中市", "臺南市", "高雄市", "基隆市", "新竹市", "嘉義市", "新竹縣", "苗栗縣",
        "彰化縣", "南投縣", "雲林縣", "嘉義縣", "屏東縣", "宜蘭縣", "花蓮縣", "臺東縣", "澎湖縣", "金門縣", "連江縣",
    ];

    // Counties whose agencies the first review desk answers; the second answers the rest.
    private static readonly HashSet<string> NorthernCounties = ["臺北市", "新北市", "桃園市", "基隆市", "新竹市", "新竹縣", "宜蘭縣", "金門縣", "連江縣"];

    private static readonly string[] CountyUnits =
    [
        "政府人事處", "政府主計處", "政府財政局", "政府教育局", "政府社會局", "政府勞工局", "政府文化局", "政府衛生局", "政府環境保護局",
        "政府警察局", "政府消防局", "政府地政局", "稅務局", "議會", "戶政事務所", "地政事務所", "立圖書館", "衛生所",
    ];

    private static readonly string[] SchoolWords = ["光明", "中正", "信義", "和平", "仁愛", "忠孝", "復興", "民生", "自強", "建國", "文化", "博愛", "育英", "明德", "成功", "大同"];

    private static readonly string[] ServiceUnits = ["秘書室", "會計室", "政風室", "資訊室", "總務科", "業務一科", "業務二科", "研究發展考核科", "企劃科", "服務課"];

    private static readonly string[] AccountWords = ["sun", "moon", "river", "hill", "tea", "rain", "cloud", "pine", "lotus", "harbor", "bamboo", "maple", "jade", "lake", "peak"];

    /// <summary>The demo's files for <paramref name="pki"/>'s holders; <paramref name="today"/> (Taiwan) dates the one report that is not yet in effect.</summary>
    public static DemoFiles Build(PkiManifest pki, DateOnly today, int seed = DefaultSeed)
    {
        ArgumentNullException.ThrowIfNull(pki);
        var faker = new Faker("zh_TW") { Random = new Randomizer(seed) };
        var agencies = Agencies(pki, faker);
        var pkiCodes = pki.Leaves.Where(l => l.Agency is not null).Select(l => l.Agency!.AgencyCode).ToHashSet(StringComparer.Ordinal);
        var cardAgencies = CardAgencies(agencies.Where(a => !pkiCodes.Contains(a.Code)).ToList());
        var (personnel, citizens) = Personnel(pki, faker, agencies, cardAgencies, today);
        return new DemoFiles(
            AgencyCsv(agencies),
            personnel,
            DemoHolidays.Csv,
            $"version,effective_from,text_sha256\n{DemoTerms.Version},{DemoTerms.EffectiveFrom},{TermsOfUse.HashText(DemoTerms.Text)}\n",
            DemoTerms.Text,
            ReferenceDataSeeds.FunctionCatalogueCsv,
            TrustListCsv(pki),
            citizens,
            cardAgencies);
    }

    private sealed record Agency(string Code, string Name, string Ministry, IReadOnlyList<string> Oids, string Desk);

    private static List<Agency> Agencies(PkiManifest pki, Faker faker)
    {
        var agencies = new List<Agency>();
        var codes = new HashSet<string>(StringComparer.Ordinal);
        var names = new HashSet<string>(StringComparer.Ordinal);
        var oidArcs = new HashSet<int>();

        // The demo PKI's organisation holders first, with the identifier their cards carry (test-CA and expired ones
        // included): an OID, or for the MOEACA card its business number.
        foreach (var leaf in pki.Leaves.Where(l => l.Agency is not null))
        {
            var holder = leaf.Agency!;
            if (!codes.Add(holder.AgencyCode))
                continue;
            names.Add(holder.AgencyName);
            if (holder.AgencyOid is { } oid && oid.StartsWith(AgencyDirectory.AgencyOidArc + ".", StringComparison.Ordinal))
                oidArcs.Add(int.Parse(oid.Split('.')[5], CultureInfo.InvariantCulture));
            agencies.Add(new Agency(holder.AgencyCode, holder.AgencyName, holder.Ministry, [holder.Identifier], "承保第一科"));
        }

        while (agencies.Count < 200)
        {
            var county = faker.PickRandom(Counties);
            var shape = faker.Random.Number(0, 99);
            var name = shape < 20
                ? $"{county}立{faker.PickRandom(SchoolWords)}國民{faker.PickRandom("小學", "中學")}"
                : $"{county}{faker.PickRandom(CountyUnits)}";
            var code = shape switch
            {
                < 20 => faker.Random.Number(10000, 99999).ToString(CultureInfo.InvariantCulture),                      // 公保機關代號
                < 25 => $"3764{faker.Random.Number(0, 99999):00000}{faker.Random.Char('A', 'H')}",                    // 10 characters
                < 40 => faker.Random.Number(10000, 99999).ToString(CultureInfo.InvariantCulture),
                _ => $"3{faker.Random.Number(700000, 999999)}",                                                        // 7 digits
            };
            if (!names.Add(name) || !codes.Add(code))
                continue;
            int arc;
            do
            {
                arc = faker.Random.Number(21000, 69999);
            }
            while (!oidArcs.Add(arc));
            var oid = $"{AgencyDirectory.AgencyOidArc}.{arc}";
            IReadOnlyList<string> oids = faker.Random.Number(0, 99) switch
            {
                < 3 => [],                                   // no OID on file: every certificate goes through review
                < 10 => [oid, $"{oid}.1"],                   // a second OID (e.g. a unit's own certificate)
                _ => [oid],
            };
            agencies.Add(new Agency(code, name, county + (name.Contains("國民", StringComparison.Ordinal) ? "政府教育局" : "政府"), oids,
                NorthernCounties.Contains(county) ? "承保第一科" : "承保第二科"));
        }
        return agencies;
    }

    private static string AgencyCsv(List<Agency> agencies)
    {
        var csv = new StringBuilder("code,name,expected_oids,review_desk\n");
        foreach (var agency in agencies)
            csv.Append(CultureInfo.InvariantCulture, $"{agency.Code},{agency.Name},{string.Join(';', agency.Oids)},{agency.Desk}\n");
        return csv.ToString();
    }

    private static (string Csv, List<DemoCitizen> CardCitizens) Personnel(PkiManifest pki, Faker faker, List<Agency> agencies, List<DemoAgency> cardAgencies, DateOnly today)
    {
        var csv = new StringBuilder("national_id,name,account,status,category,service_unit,concurrent_duty,agency_code,reported_on\n");
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var accounts = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        void Row(NationalId id, string name, string? account, string status, string category, string unit, string? duty, string agency, DateOnly reportedOn) =>
            csv.Append(CultureInfo.InvariantCulture,
                $"{id.Value},{name},{account},{status},{category},{unit},{duty},{agency},{ReferenceDataImportPlan.Day(reportedOn)}\n");

        // The demo PKI's citizens, current at the demo PKI's agencies (so a card of each case meets a known person): the
        // n-th citizen card's holder is staff of the n-th organisation card's agency, so the valid pairs register
        // (王小明 3230000, 陳美玲 3011400, 林志豪 15023), since a manager must be staff of the agency registered.
        var pkiAgencies = agencies.Where(a => pki.Leaves.Any(l => l.Agency?.AgencyCode == a.Code)).ToList();
        var reported = new DateOnly(2025, 1, 2);
        var citizenLeaves = pki.Leaves.Where(l => l.Citizen is not null).ToList();
        for (var i = 0; i < citizenLeaves.Count; i++)
        {
            var holder = citizenLeaves[i].Citizen!;
            if (!ids.Add(holder.NationalId))
                continue;
            var id = NationalId.Parse(holder.NationalId).Id!.Value;
            var account = $"demo{i + 1:00}";
            accounts.Add(account);
            // 王小明 (the first) is a personnel officer twice over: category 08 in a 人事室; the rest are ordinary staff.
            var (category, unit, duty) = i switch
            {
                0 => ("08", "人事室", (string?)null),
                2 => ("01", "秘書室", "5"),
                _ => ("01", faker.PickRandom(ServiceUnits), null),
            };
            Row(id, holder.Name, account, "current", category, unit, duty, pkiAgencies[i % pkiAgencies.Count].Code, reported);
        }

        var cardCitizens = new List<DemoCitizen>();
        NationalId NewId()
        {
            while (true)
            {
                var first = faker.Random.Char('A', 'Z');
                var gender = faker.Random.Bool() ? '1' : '2';
                var id = NationalId.WithCheckDigit($"{first}{gender}{faker.Random.Number(0, 9_999_999):0000000}");
                if (ids.Add(id.Value))
                    return id;
            }
        }
        string? NewAccount()
        {
            if (faker.Random.Number(0, 99) < 25)
                return null;
            while (true)
            {
                var account = $"{faker.PickRandom(AccountWords)}{faker.PickRandom(".", "_", "")}{faker.Random.Number(1, 9999)}";
                if (accounts.Add(account))
                    return account;
            }
        }
        string Name() => faker.Name.LastName() + faker.Name.FirstName();
        DateOnly Day(DateOnly from, DateOnly to) => from.AddDays(faker.Random.Number(0, to.DayNumber - from.DayNumber));

        // People chosen for the extra demo cards, each at an agency with a demo organisation card, so every one of them can
        // be tried as a manager: one officer by each rule (at the three generated card agencies, one each), a second
        // staff member of 3011400 and of 15023 (to take over as manager in a swap), one who left and one reported today.
        string AgencyOf(string organisationLeaf) => pki.Leaf(organisationLeaf).Agency!.AgencyCode;
        string CardAgency(string cardName) => cardAgencies.Single(a => a.CardName == cardName).Code;
        var special = new (string Card, string Role, string Category, string Unit, string? Duty, string Status, string Agency)[]
        {
            ("demo-citizen-officer-category", "人事人員（人員區分 08）", "08", "秘書室", null, "current", CardAgency("demo-org-county")),
            ("demo-citizen-officer-unit", "人事人員（服務單位為人事處）", "01", "人事處", null, "current", CardAgency("demo-org-insurance")),
            ("demo-citizen-officer-duty", "人事人員（兼辦人事）", "02", "總務科", "5", "current", CardAgency("demo-org-oid-review")),
            ("demo-citizen-colleague", "一般現職人員（與陳美玲同機關，可接任授權管理者）", "01", "資訊室", null, "current", AgencyOf("org-gca-ec")),
            ("demo-citizen-clerk", "一般現職人員（與林志豪同機關，可接任授權管理者）", "01", "業務一科", null, "current", AgencyOf("org-xca-rsa")),
            ("demo-citizen-departed", "已卸職人員", "01", "業務二科", null, "departed", AgencyOf("org-xca-rsa")),
        };
        foreach (var (card, role, category, unit, duty, status, agency) in special)
        {
            var id = NewId();
            var name = Name();
            Row(id, name, NewAccount(), status, category, unit, duty, agency, new DateOnly(2025, 3, 3));
            cardCitizens.Add(new DemoCitizen(card, name, id, role));
        }
        {
            var id = NewId();
            var name = Name();
            Row(id, name, NewAccount(), "current", "01", "資訊室", null, AgencyOf("org-xca-rsa"), today);
            cardCitizens.Add(new DemoCitizen("demo-citizen-reported-today", name, id, "今天才報送（明天起生效）"));
        }

        // Everyone else: about 1,850 people, some of whom moved or left (a second report), about 2,000 reports in all.
        for (var person = 0; person < 1850; person++)
        {
            var id = NewId();
            var name = Name();
            var account = NewAccount();
            var agency = faker.PickRandom(agencies).Code;
            var roll = faker.Random.Number(0, 999);
            var category = roll < 30 ? "08" : faker.PickRandom("01", "01", "01", "02", "02", "03", "04", "10");
            var unit = roll is >= 30 and < 60 ? faker.PickRandom("人事室", "人事處") : faker.PickRandom(ServiceUnits);
            var duty = roll is >= 60 and < 90 ? "5" : faker.Random.Number(0, 9) == 0 ? faker.PickRandom("1", "3") : null;
            var first = Day(new DateOnly(2024, 1, 2), new DateOnly(2025, 6, 30));
            var leftAtOnce = faker.Random.Number(0, 99) < 3;
            Row(id, name, account, leftAtOnce ? "departed" : "current", category, unit, duty, agency, first);
            var later = faker.Random.Number(0, 99);
            if (!leftAtOnce && later < 5)
            {
                // Moved: the new agency reports the person current; the old one reports the departure some days later.
                var moved = Day(first.AddDays(30), new DateOnly(2025, 11, 30));
                Row(id, name, account, "current", category, faker.PickRandom(ServiceUnits), null, faker.PickRandom(agencies.Where(a => a.Code != agency)).Code, moved);
                Row(id, name, account, "departed", category, unit, duty, agency, moved.AddDays(faker.Random.Number(1, 20)));
            }
            else if (!leftAtOnce && later < 8)
            {
                Row(id, name, account, "departed", category, unit, duty, agency, Day(first.AddDays(30), new DateOnly(2025, 11, 30)));
            }
        }
        return (csv.ToString(), cardCitizens);
    }

    /// <summary>
    /// Generated agencies only (the demo PKI's agencies have their own cards): one of each code shape, and one whose
    /// card carries an OID the directory does not expect (to try the OID review).
    /// </summary>
    private static List<DemoAgency> CardAgencies(List<Agency> generated)
    {
        var seven = generated.First(a => a.Code.Length == 7 && a.Oids.Count == 1);
        var five = generated.First(a => a.Code.Length == 5 && a.Oids.Count == 1);
        var review = generated.First(a => a.Code.Length == 7 && a.Oids.Count == 1 && a != seven);
        return
        [
            new DemoAgency("demo-org-county", seven.Code, seven.Name, seven.Ministry, seven.Oids[0], "gca", "機關代碼（7 碼），憑證 OID 與機關代碼檔相符"),
            new DemoAgency("demo-org-insurance", five.Code, five.Name, five.Ministry, five.Oids[0], "xca", "公保機關代號（5 碼），組織及團體憑證"),
            new DemoAgency("demo-org-oid-review", review.Code, review.Name, review.Ministry, $"{review.Oids[0]}.99", "gca", "憑證 OID 不在機關代碼檔：會進入人工審核"),
        ];
    }

    private static string TrustListCsv(PkiManifest pki)
    {
        var csv = new StringBuilder("kind,role,name,certificate\n");
        void Row(string kind, string role, string ca)
        {
            var entry = pki.Ca(ca);
            // The name is the CA's most specific RDN value (OU=政府憑證管理中心,O=行政院,C=TW → 政府憑證管理中心).
            var name = entry.SubjectDn.Split(',')[0].Split('=', 2)[1];
            csv.Append(CultureInfo.InvariantCulture, $"{kind},{role},{name}（{ca}）,{Convert.ToBase64String(entry.CertificateDer())}\n");
        }
        foreach (var kind in new[] { "organisation", "citizen" })
        {
            foreach (var root in new[] { "grca-g2", "grca-g3" })
                Row(kind, "anchor", root);
        }
        foreach (var ca in new[] { "gca", "xca", "moeaca", "hca" })
            Row("organisation", "issuing", ca);
        foreach (var ca in new[] { "moica-g2", "moica-g3" })
            Row("citizen", "issuing", ca);
        foreach (var ca in new[] { "test-root", "test-gca" })
            Row("any", "denied", ca);
        return csv.ToString();
    }
}
