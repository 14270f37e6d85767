using System.Runtime.InteropServices;
using CardAgent.Backends;
using CardAgent.Emulation;
using VirtualCard;

namespace CardAgent.Tests.Support;

/// <summary>
/// SoftHSM2 with its own token folder for this test run, loaded with a citizen (RSA) and an
/// organisation (EC P-256) card image, and a citizen card whose RSA key allows only PKCS#1 v1.5
/// (CKA_ALLOWED_MECHANISMS), as a HiCOS card's does. SoftHSM reads SOFTHSM2_CONF once, at C_Initialize, and a module
/// is initialised once per process, so every PKCS#11 test shares this one set-up.
/// </summary>
public sealed partial class SoftHsm : IDisposable
{
    public const string ModulePath = "/usr/lib/softhsm/libsofthsm2.so";

    private readonly TempDirectory folder = new("softhsm");

    public SoftHsm()
    {
        if (!File.Exists(ModulePath))
            throw new InvalidOperationException($"SoftHSM2 is not installed ({ModulePath} missing); install the softhsm2 package");
        var tokens = Path.Combine(folder.Path, "tokens");
        Directory.CreateDirectory(tokens);
        var conf = Path.Combine(folder.Path, "softhsm2.conf");
        File.WriteAllText(conf, $"directories.tokendir = {tokens}\nobjectstore.backend = file\nlog.level = ERROR\nslots.removable = false\n");
        // The module calls getenv(); Environment.SetEnvironmentVariable does not reach the native environment on Unix.
        if (SetEnv("SOFTHSM2_CONF", conf, 1) != 0)
            throw new InvalidOperationException("setenv(SOFTHSM2_CONF) failed");
        var library = Pkcs11Modules.Get(ModulePath);
        CitizenImage = CardImage.Load(TestCards.Write(folder.Path, "citizen", "citizen", "RSA-2048"));
        OrganisationImage = CardImage.Load(TestCards.Write(folder.Path, "org", "organisation", "EC-P256"));
        CitizenReader = Pkcs11TokenLoader.Load(library, CitizenImage, "citizen", "12345678");
        OrganisationReader = Pkcs11TokenLoader.Load(library, OrganisationImage, "organisation", "12345678");
        Pkcs1OnlyImage = CardImage.Load(TestCards.Write(folder.Path, "pkcs1-only", "citizen", "RSA-2048", rsaPss: false));
        Pkcs1OnlyReader = Pkcs11TokenLoader.Load(library, Pkcs1OnlyImage, "pkcs1-only", "12345678");
    }

    public CardImage Pkcs1OnlyImage { get; }

    public string Pkcs1OnlyReader { get; }

    public CardImage CitizenImage { get; }

    public CardImage OrganisationImage { get; }

    public string CitizenReader { get; }

    public string OrganisationReader { get; }

    public void Dispose() => folder.Dispose();

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetEnv(string name, string value, int overwrite);
}

/// <summary>Tests on the shared SoftHSM2 tokens.</summary>
[CollectionDefinition(Name)]
public sealed class SoftHsmCollection : ICollectionFixture<SoftHsm>
{
    public const string Name = "SoftHSM2 tokens";
}
