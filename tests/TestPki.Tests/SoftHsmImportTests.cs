using System.ComponentModel;
using System.Diagnostics;

namespace TestPki.Tests;

/// <summary>The leaf key files are what a SoftHSM2 loader imports: prove softhsm2-util takes them.</summary>
public sealed class SoftHsmImportTests : IDisposable
{
    private const string Module = "/usr/lib/softhsm/libsofthsm2.so";
    private static readonly PkiManifest Pki = TestPkiCache.Get();
    private readonly TempFolder folder = new();

    [Theory]
    [InlineData("citizen-moica2-rsa")]
    [InlineData("org-gca-ec")]
    public void Softhsm2_util_imports_a_leaf_key_pem(string leafName)
    {
        var leaf = Pki.Leaf(leafName);
        var config = folder["softhsm2.conf"];
        Directory.CreateDirectory(folder["tokens"]);
        File.WriteAllText(config, $"directories.tokendir = {folder["tokens"]}\nobjectstore.backend = file\nlog.level = ERROR\n");

        Run(config, "softhsm2-util", "--init-token", "--free", "--label", "evs-test", "--pin", "123456", "--so-pin", "12345678")
            .ShouldContain("has been initialized");
        Run(config, "softhsm2-util", "--import", leaf.KeyPath, "--token", "evs-test", "--label", leafName, "--id", "01", "--pin", "123456")
            .ShouldContain("The key pair has been imported");

        var objects = Run(config, "pkcs11-tool", "--module", Module, "--token-label", "evs-test", "--login", "--pin", "123456", "--list-objects");
        objects.ShouldContain("Private Key Object");
        objects.ShouldContain(leafName);
    }

    private static string Run(string config, string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        start.Environment["SOFTHSM2_CONF"] = config;
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException($"{program} is not installed (apt-get install softhsm2 opensc; scripts/test does it).", e);
        }
        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            process.ExitCode.ShouldBe(0, $"{program} {string.Join(' ', arguments)} failed: {error}");
            return output.Result + error;
        }
    }

    public void Dispose() => folder.Dispose();
}
