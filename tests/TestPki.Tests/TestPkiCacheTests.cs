namespace TestPki.Tests;

public class TestPkiCacheTests
{
    [Fact]
    public async Task Concurrent_callers_get_one_folder_generated_once_and_no_leftovers()
    {
        using var cacheRoot = new TempFolder();
        var generations = 0;
        using var start = new Barrier(4);
        // GetOrCreate skips the in-process memo, so the threads race exactly as separate processes would; the barrier
        // sends all four in at the same moment.
        var manifests = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Factory.StartNew(() =>
        {
            start.SignalAndWait();
            return TestPkiCache.GetOrCreate(cacheRoot.Path, 5, () => Interlocked.Increment(ref generations));
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)));

        generations.ShouldBe(1);
        var roots = manifests.Select(m => m.Root).Distinct().ToList();
        roots.ShouldBe([TestPkiCache.FolderFor(cacheRoot.Path, 5)]);
        manifests.Select(m => m.Leaf("citizen-moica2-rsa").SerialNumber).Distinct().Count().ShouldBe(1);
        Directory.EnumerateDirectories(cacheRoot.Path).ShouldBe([roots[0]]);
    }

    [Fact]
    public void A_folder_left_without_a_manifest_is_regenerated()
    {
        using var cacheRoot = new TempFolder();
        var target = TestPkiCache.FolderFor(cacheRoot.Path, 6);
        Directory.CreateDirectory(Path.Combine(target, "ca"));
        File.WriteAllText(Path.Combine(target, "ca", "half-written.pem"), "crash");

        var generations = 0;

        var pki = TestPkiCache.GetOrCreate(cacheRoot.Path, 6, () => generations++);

        generations.ShouldBe(1);
        pki.Root.ShouldBe(target);
        File.Exists(Path.Combine(target, "ca", "half-written.pem")).ShouldBeFalse();
        File.Exists(pki.Leaf("org-gca-rsa").CardPath).ShouldBeTrue();
    }

    [Fact]
    public void The_cache_folder_is_keyed_by_generator_version_and_seed()
    {
        TestPkiCache.FolderFor("/tmp/x", 2026).ShouldBe($"/tmp/x/v{PkiGenerator.Version}-seed2026");
        var pki = TestPkiCache.Get();
        pki.Seed.ShouldBe(PkiGenerator.DefaultSeed);
        pki.GeneratorVersion.ShouldBe(PkiGenerator.Version);
        TestPkiCache.Get().ShouldBeSameAs(pki);
    }
}
