using System.Diagnostics;
using System.Globalization;
using System.Text;
using Domain.Certificates;
using Domain.Common;
using Domain.ReferenceData;
using Domain.Registration;
using static Bench.ScenarioOptions;

namespace Bench;

/// <summary>
/// The registration domain's costs that grow with data: folding a busy agency's stream and deciding
/// on it, and importing national-size reference files (personnel records, agency directory).
/// </summary>
public sealed class RegistrationScenario : IBenchScenario
{
    public string Name => "registration";

    public string Description => "fold + decide on a stream with thousands of grants; parse personnel and directory CSV [--grants N] [--people N] [--agencies N]";

    public Task<int> RunAsync(string[] args)
    {
        var grants = Option(args, "--grants", 5_000);
        var people = Option(args, "--people", 300_000);
        var agencies = Option(args, "--agencies", 10_000);

        var events = AgencyHistory(grants);
        var state = Fold(events);
        var issue = IssueCommand(grants + 1);
        var personnelCsv = PersonnelCsv(people);
        var directoryCsv = DirectoryCsv(agencies);

        Console.WriteLine();
        Console.WriteLine("| measurement | size | median | min | allocated |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: |");
        Report("fold stream (Evolve)", $"{events.Count:N0} events", 21, () => Fold(events));
        Report("decide IssueHandlerGrant on that state", "1 command", 2001, () => RegistrationDecider.Decide(issue, state));
        Report("parse personnel records", $"{people:N0} rows, {Encoding.UTF8.GetByteCount(personnelCsv) / 1_048_576.0:0.0} MiB", 5,
            () => PersonnelRecords.Parse(personnelCsv).Value ?? throw new InvalidOperationException("generated personnel CSV did not parse"));
        Report("parse agency directory", $"{agencies:N0} rows", 11,
            () => AgencyDirectory.Parse(directoryCsv).Value ?? throw new InvalidOperationException("generated directory CSV did not parse"));
        return Task.FromResult(0);
    }

    private static void Report<T>(string what, string size, int runs, Func<T> action)
    {
        GC.KeepAlive(action());
        var times = new List<double>(runs);
        long allocated = 0;
        for (var i = 0; i < runs; i++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            var watch = Stopwatch.StartNew();
            GC.KeepAlive(action());
            watch.Stop();
            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            times.Add(watch.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {what} | {size} | {Ms(times[runs / 2])} | {Ms(times[0])} | {allocated / 1024.0:N0} KiB |"));
    }

    private static string Ms(double ms) => ms < 1 ? string.Create(CultureInfo.InvariantCulture, $"{ms * 1000:0.0} µs") : string.Create(CultureInfo.InvariantCulture, $"{ms:0.0} ms");

    private static readonly AgencyCode Agency = AgencyCode.Of("12345");
    private static readonly DateTimeOffset Start = new(2026, 1, 5, 1, 0, 0, TimeSpan.Zero);
    private static readonly GrantAuthorisation Cards = new("GCAKEY01", "0A11", Start, "MOICA2", "B001", Start);

    private static AgencyRegistration Fold(List<RegistrationEvent> events) => events.Aggregate(RegistrationDecider.Initial, RegistrationDecider.Evolve);

    /// <summary>A registration, then <paramref name="grants"/> grants, each later modified, every third revoked.</summary>
    private static List<RegistrationEvent> AgencyHistory(int grants)
    {
        var events = new List<RegistrationEvent>
        {
            new AgencyRegistered(Agency.Value, "範例縣政府人事處", "2022-11",
                new OrganisationCertificateInfo("0A11", "OU=政府憑證管理中心,O=行政院,C=TW", "GCAKEY01", "OU=範例縣政府人事處,O=行政院,C=TW", null, Start, Start.AddYears(5), "2.16.886.101.20003.20012", null, "T"),
                null,
                new CitizenCertificateInfo("B001", "OU=內政部憑證管理中心,O=內政部,C=TW", "MOICA2", "CN=王小明,C=TW", "王小明", Start, Start.AddYears(5), "6789", null, "T"),
                NationalId.WithCheckDigit("A12345678").Value, new ManagerContact("王小明", "wang@example.gov.tw", "(02)2701-3411", null, null), "cert:MOICA2:B001", Start),
        };
        for (var n = 1; n <= grants; n++)
            events.Add(new HandlerGrantIssued(Agency.Value, n, Serial(n), "經辦人", HandlerId(n), ["0101", "0103"], "2022-11", Cards, "m", Start));
        for (var n = 1; n <= grants; n++)
            events.Add(new HandlerGrantModified(Agency.Value, n, Serial(n + grants), "經辦人", HandlerId(n), ["0101", "0201"], "2022-11", Cards, "m", Start));
        for (var n = 3; n <= grants; n += 3)
            events.Add(new HandlerGrantRevoked(Agency.Value, n, "離職", Cards, "m", Start));
        return events;
    }

    private static IssueHandlerGrant IssueCommand(int n)
    {
        var catalogue = FunctionCatalogues.Parse(ReferenceDataSeeds.FunctionCatalogueCsv).Value!.Versions[0];
        var session = new CardSession(new CertificateKey("GCAKEY01", "0A11"), Start, new CertificateKey("MOICA2", "B001"), Start);
        return new IssueHandlerGrant(Guid.NewGuid(), Agency, "m", Start.AddMinutes(5), session,
            new HandlerDetails(Serial(n * 3), "新經辦", NationalId.Parse(HandlerId(n)).Id!.Value, ["0101", "0401"], null), catalogue);
    }

    private static string Serial(int n) => n.ToString("X8", CultureInfo.InvariantCulture);

    private static string HandlerId(int n) => NationalId.WithCheckDigit(string.Create(CultureInfo.InvariantCulture, $"B1{n % 10_000_000:0000000}")).Value;

    private static string PersonnelCsv(int rows)
    {
        var csv = new StringBuilder("national_id,name,account,status,category,service_unit,concurrent_duty,agency_code,reported_on\n");
        for (var i = 0; i < rows; i++)
        {
            var id = NationalId.WithCheckDigit(string.Create(CultureInfo.InvariantCulture, $"A{1 + i % 2}{i:0000000}")).Value;
            csv.Append(CultureInfo.InvariantCulture, $"{id},公務員{i},acct{i},{(i % 17 == 0 ? "departed" : "current")},{(i % 50 == 0 ? "08" : "01")},{(i % 40 == 0 ? "人事室" : "秘書室")},{(i % 30 == 0 ? "5" : "")},{3_230_000 + i % 5_000},2026-01-{1 + i % 28:00}\n");
        }
        return csv.ToString();
    }

    private static string DirectoryCsv(int rows)
    {
        var csv = new StringBuilder("code,name,expected_oids,review_desk\n");
        for (var i = 0; i < rows; i++)
            csv.Append(CultureInfo.InvariantCulture, $"{10_000 + i},\"機關 {i}, 本部\",2.16.886.101.20003.{20_000 + i},承保第{1 + i % 2}科\n");
        return csv.ToString();
    }
}
