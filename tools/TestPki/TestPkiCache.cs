using System.Collections.Concurrent;

namespace TestPki;

/// <summary>
/// The test PKI for a seed, generated once per machine into the temp folder (keyed by seed and
/// generator version) and shared by every test process: a second caller, even in another process,
/// waits for the first and then reads what it wrote.
/// </summary>
public static class TestPkiCache
{
    private static readonly ConcurrentDictionary<(string, int), Lazy<PkiManifest>> Loaded = new();

    /// <summary>The folder caches live under: $EVS_TESTPKI_CACHE, or &lt;temp&gt;/evs-testpki.</summary>
    public static string DefaultRoot =>
        Environment.GetEnvironmentVariable("EVS_TESTPKI_CACHE") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Path.GetTempPath(), "evs-testpki");

    /// <summary>The manifest of the test PKI for <paramref name="seed"/>, generating it if no process has yet.</summary>
    public static PkiManifest Get(int seed = PkiGenerator.DefaultSeed) => Get(DefaultRoot, seed);

    public static PkiManifest Get(string cacheRoot, int seed)
    {
        var root = Path.GetFullPath(cacheRoot);
        return Loaded.GetOrAdd((root, seed), key => new Lazy<PkiManifest>(() => GetOrCreate(key.Item1, seed))).Value;
    }

    /// <summary>The folder the PKI for a seed lives in.</summary>
    public static string FolderFor(string cacheRoot, int seed) =>
        Path.Combine(cacheRoot, $"v{PkiGenerator.Version}-seed{seed}");

    /// <summary>
    /// Generates into a private folder and renames it into place (atomic on one file system), under a
    /// lock file so that concurrent processes do not all spend the CPU on the same work.
    /// </summary>
    /// <param name="generating">Called each time this call generates (tests count how often the work is done).</param>
    internal static PkiManifest GetOrCreate(string cacheRoot, int seed, Action? generating = null)
    {
        var target = FolderFor(cacheRoot, seed);
        if (IsComplete(target))
            return PkiManifest.Load(target);

        Directory.CreateDirectory(cacheRoot);
        using (AcquireLock(target + ".lock"))
        {
            if (IsComplete(target))
                return PkiManifest.Load(target);
            if (Directory.Exists(target))
                Directory.Delete(target, recursive: true); // a folder without a manifest is a leftover of a crash

            var staging = Path.Combine(cacheRoot, $".staging-{Environment.ProcessId}-{Guid.NewGuid():N}");
            try
            {
                generating?.Invoke();
                PkiGenerator.Generate(seed, staging);
                Directory.Move(staging, target);
            }
            finally
            {
                if (Directory.Exists(staging))
                    Directory.Delete(staging, recursive: true);
            }
        }
        return PkiManifest.Load(target);
    }

    // The manifest is written last, so its presence means the folder is whole.
    private static bool IsComplete(string folder) => File.Exists(Path.Combine(folder, PkiManifest.FileName));

    private static FileStream AcquireLock(string path)
    {
        var deadline = DateTime.UtcNow.AddMinutes(5);
        while (true)
        {
            try
            {
                // The OS releases the lock if the holder dies, so a crash never wedges the cache.
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(200);
            }
        }
    }
}
