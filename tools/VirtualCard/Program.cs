using CardAgent.Emulation;
using VirtualCard;

// Usage:
//   VirtualCard --image <x.card.json> [--port 35963] [--removed]
//       inserts the card into vpcd's reader; then reads commands from standard input:
//       insert | remove | quit   (SIGINT/SIGTERM also quit, removing the card)
//   VirtualCard load-pkcs11 --image <x.card.json> --module <libsofthsm2.so> [--label <token>] [--so-pin <pin>]
//       puts the card's keys and certificates on a fresh PKCS#11 token.
var flags = new Dictionary<string, string>(StringComparer.Ordinal);
var switches = new HashSet<string>(StringComparer.Ordinal);
var verb = args.Length > 0 && !args[0].StartsWith("--", StringComparison.Ordinal) ? args[0] : "run";
for (var i = verb == "run" ? 0 : 1; i < args.Length; i++)
{
    if (!args[i].StartsWith("--", StringComparison.Ordinal))
        continue;
    if (i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
        flags[args[i][2..]] = args[++i];
    else
        switches.Add(args[i][2..]);
}
if (!flags.TryGetValue("image", out var imagePath))
{
    Console.Error.WriteLine("usage: VirtualCard --image <x.card.json> [--port 35963|35964] [--removed]");
    Console.Error.WriteLine("       VirtualCard load-pkcs11 --image <x.card.json> --module <path> [--label <token>] [--so-pin <pin>]");
    return 2;
}

if (verb == "load-pkcs11")
{
    if (!flags.TryGetValue("module", out var module))
    {
        Console.Error.WriteLine("load-pkcs11 needs --module");
        return 2;
    }
    var library = CardAgent.Backends.Pkcs11Modules.Get(module);
    var reader = Pkcs11TokenLoader.Load(library, CardImage.Load(imagePath), flags.GetValueOrDefault("label", Path.GetFileName(imagePath)[..Math.Min(32, Path.GetFileName(imagePath).Length)]), flags.GetValueOrDefault("so-pin", "12345678"));
    Console.WriteLine(reader);
    return 0;
}

var port = int.Parse(flags.GetValueOrDefault("port", VirtualCardHost.FirstPort.ToString(System.Globalization.CultureInfo.InvariantCulture)), System.Globalization.CultureInfo.InvariantCulture);
VirtualCardHost? inserted = null;
using var quit = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    quit.Cancel();
};
using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, c =>
{
    c.Cancel = true;
    quit.Cancel();
});

async Task InsertAsync()
{
    if (inserted is not null)
        return;
    inserted = await VirtualCardHost.InsertAsync(imagePath, port, cancellationToken: quit.Token);
    Console.WriteLine($"inserted into {VirtualCardHost.ReaderName(port)}");
}

async Task RemoveAsync()
{
    if (inserted is null)
        return;
    await inserted.DisposeAsync();
    inserted = null;
    Console.WriteLine("removed");
}

if (!switches.Contains("removed"))
    await InsertAsync();
var commands = Task.Run(async () =>
{
    while (await Console.In.ReadLineAsync(quit.Token) is { } line)
    {
        switch (line.Trim())
        {
            case "insert":
                await InsertAsync();
                break;
            case "remove":
                await RemoveAsync();
                break;
            case "quit":
                await quit.CancelAsync();
                return;
            case "":
                break;
            default:
                Console.Error.WriteLine("commands: insert, remove, quit");
                break;
        }
    }
});
try
{
    await Task.Delay(Timeout.Infinite, quit.Token);
}
catch (OperationCanceledException)
{
    // quit, SIGINT or SIGTERM
}
await RemoveAsync();
return 0;
