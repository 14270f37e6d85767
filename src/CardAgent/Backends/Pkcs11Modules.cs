using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;

namespace CardAgent.Backends;

/// <summary>
/// PKCS#11 modules loaded in this process, one instance per path: C_Initialize may run only once per
/// module, so the back end and the token loader must share the instance.
/// </summary>
public static class Pkcs11Modules
{
    private static readonly ConcurrentDictionary<string, Lazy<IPkcs11Library>> Loaded = new(StringComparer.Ordinal);

    static Pkcs11Modules()
    {
        // Pkcs11Interop loads modules through dlopen from "libdl"; glibc 2.34+ ships only libdl.so.2
        // (the unversioned name comes with the -dev package), so point it at the versioned library.
        if (OperatingSystem.IsLinux())
        {
            NativeLibrary.SetDllImportResolver(typeof(Pkcs11Exception).Assembly, (name, assembly, path) =>
                name == "libdl" && NativeLibrary.TryLoad("libdl.so.2", out var handle) ? handle : IntPtr.Zero);
        }
    }

    public static Pkcs11InteropFactories Factories { get; } = new();

    /// <summary>The loaded module; throws (and forgets the attempt) when it cannot be loaded.</summary>
    public static IPkcs11Library Get(string modulePath)
    {
        var lazy = Loaded.GetOrAdd(modulePath, path => new Lazy<IPkcs11Library>(() =>
            Factories.Pkcs11LibraryFactory.LoadPkcs11Library(Factories, path, AppType.MultiThreaded)));
        try
        {
            return lazy.Value;
        }
        catch
        {
            Loaded.TryRemove(new KeyValuePair<string, Lazy<IPkcs11Library>>(modulePath, lazy));
            throw;
        }
    }
}
