using System.Diagnostics;
using Domain.Common;
using TestPki;
using Tools;

// dotnet run --project tools/TestPki -- <command> [options]; see Usage below and docs/test-pki.md.
const string Usage = """
    usage:
      TestPki generate [--seed 2026] --out <dir> [--base-url http://127.0.0.1:18080]
      TestPki issue-citizen --name <姓名> --id <national ID> --out <dir>
              [--pki <dir> | --seed 2026] [--issuer moica-g2] [--key rsa|ec] [--case valid|expired|not-yet-valid|wrong-key-usage] [--variant <text>] [--file <name>]
      TestPki issue-organisation --agency <機關名稱> --ministry <部會> --code <機關代碼> --oid <2.16.886.…> | --business-number <統一編號> --out <dir>
              [--pki <dir> | --seed 2026] [--issuer gca] [--key rsa|ec] [--case …] [--variant <text>] [--file <name>]
      TestPki serve-ocsp [--pki <dir> | --seed 2026] [--port 18080]    (OCSP responder on 127.0.0.1 for every CA; Ctrl+C stops it)
    """;

if (args.Length == 0 || args[0] is "-h" or "--help")
{
    Console.WriteLine(Usage);
    return args.Length == 0 ? 2 : 0;
}

var options = NameValueOptions.Parse(args.Skip(1));
if (options is null)
{
    Console.Error.WriteLine(Usage);
    return 2;
}

try
{
    return args[0] switch
    {
        "generate" => Generate(options),
        "issue-citizen" => IssueCitizen(options),
        "issue-organisation" => IssueOrganisation(options),
        "serve-ocsp" => await TestPki.Ocsp.OcspCommand.ServeAsync(Pki(options), options),
        _ => Fail($"unknown command '{args[0]}'"),
    };
}
catch (ArgumentException e)
{
    return Fail(e.Message);
}

static int Generate(Dictionary<string, string> options)
{
    if (!options.TryGetValue("out", out var outDir))
        return Fail("generate needs --out <dir>");
    var clock = Stopwatch.StartNew();
    var pki = PkiGenerator.Generate(Seed(options), outDir, options.GetValueOrDefault("base-url", PkiGenerator.DefaultBaseUrl));
    Console.WriteLine($"test PKI (seed {pki.Seed}, generator v{pki.GeneratorVersion}) written to {pki.Root} in {clock.Elapsed.TotalSeconds:0.0} s");
    Console.WriteLine($"  {pki.Cas.Count} CAs, {pki.Leaves.Count} leaves with card images, {pki.Crls.Count} CRLs; card PIN {pki.DefaultPin}, .p12 password {pki.P12Password}");
    foreach (var leaf in pki.Leaves)
    {
        var holder = leaf.Citizen is { } c ? $"{c.Name} {NationalId.Parse(c.NationalId).Id}" : $"{leaf.Agency!.AgencyName} {leaf.Agency.AgencyCode}";
        Console.WriteLine($"  {leaf.Name,-24} {leaf.Issuer,-11} {leaf.KeyAlgorithm,-8} {leaf.Case,-13} {holder}");
    }
    return 0;
}

static int IssueCitizen(Dictionary<string, string> options)
{
    if (!options.TryGetValue("name", out var name) || !options.TryGetValue("id", out var id) || !options.TryGetValue("out", out var outDir))
        return Fail("issue-citizen needs --name, --id and --out");
    var card = Pki(options).IssueCitizenCard(new CitizenHolder(name, id), Request(options));
    return Report(card, outDir);
}

static int IssueOrganisation(Dictionary<string, string> options)
{
    var oid = options.GetValueOrDefault("oid");
    var businessNumber = options.GetValueOrDefault("business-number");
    if (!options.TryGetValue("agency", out var agency) || !options.TryGetValue("ministry", out var ministry)
        || !options.TryGetValue("code", out var code) || (oid ?? businessNumber) is null || !options.TryGetValue("out", out var outDir))
        return Fail("issue-organisation needs --agency, --ministry, --code, --oid (or, for a MOEACA card, --business-number) and --out");
    var holder = new OrganisationHolder(agency, ministry, code, oid, businessNumber);
    return Report(Pki(options).IssueOrganisationCard(holder, Request(options)), outDir);
}

static PkiManifest Pki(Dictionary<string, string> options) =>
    options.TryGetValue("pki", out var dir) ? PkiManifest.Load(dir) : TestPkiCache.Get(Seed(options));

static int Seed(Dictionary<string, string> options) =>
    options.TryGetValue("seed", out var text)
        ? int.TryParse(text, out var seed) ? seed : throw new ArgumentException($"--seed must be a whole number, not '{text}'")
        : PkiGenerator.DefaultSeed;

static CardRequest Request(Dictionary<string, string> options) => new()
{
    Issuer = options.GetValueOrDefault("issuer"),
    Key = options.GetValueOrDefault("key", "rsa") switch
    {
        "rsa" => KeyAlgorithm.Rsa2048,
        "ec" => KeyAlgorithm.EcP256,
        var other => throw new ArgumentException($"--key is rsa or ec, not '{other}'"),
    },
    Case = options.GetValueOrDefault("case", "valid") switch
    {
        "valid" => LeafCase.Valid,
        "expired" => LeafCase.Expired,
        "not-yet-valid" => LeafCase.NotYetValid,
        "wrong-key-usage" => LeafCase.WrongKeyUsage,
        var other => throw new ArgumentException($"--case is valid, expired, not-yet-valid or wrong-key-usage, not '{other}'"),
    },
    Variant = options.GetValueOrDefault("variant", ""),
    Name = options.GetValueOrDefault("file"),
};

static int Report(IssuedCard card, string outDir)
{
    var path = card.WriteTo(outDir);
    Console.WriteLine($"{path}: {card.Card.Label}, card {card.CardNumber}, serial {card.SerialNumber}, issuer {card.IssuerDn} ({card.IssuerKeyId[..8]}…)");
    return 0;
}

static int Fail(string message)
{
    Console.Error.WriteLine("error: " + message);
    return 2;
}
