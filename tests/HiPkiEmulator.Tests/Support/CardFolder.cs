namespace HiPkiEmulator.Tests.Support;

/// <summary>A temporary folder of card images copied from the test PKI (copies, so the try counter may change).</summary>
public sealed class CardFolder : IDisposable
{
    public CardFolder(params string[] leaves)
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"hipki-cards-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path);
        var pki = TestPki.TestPkiCache.Get();
        foreach (var leaf in leaves)
            File.Copy(pki.Leaf(leaf).CardPath, ImagePath(leaf));
    }

    public string Path { get; }

    public string ImagePath(string leaf) => System.IO.Path.Combine(Path, leaf + ".card.json");

    public static string Reader(string leaf) => $"Demo reader ({leaf})";

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
