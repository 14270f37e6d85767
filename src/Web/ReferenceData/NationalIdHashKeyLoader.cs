using System.Security.Cryptography;
using EventStore.DependencyInjection;
using ReadModels.ReferenceData;

namespace Web.ReferenceData;

/// <summary>
/// Where the national-ID hash key comes from: <c>PersonalData:NationalIdHashKey</c> (base64, at least 32 bytes),
/// else — with the embedded SQLite store only — a key file <c>national-id-hash.key</c> beside the store,
/// created with 32 random bytes on first start. Server mode (PostgreSQL) has several web nodes that must share
/// one key, so there it has to be configured.
/// </summary>
public static class NationalIdHashKeyLoader
{
    public const string ConfigurationKey = "PersonalData:NationalIdHashKey";
    public const string KeyFileName = "national-id-hash.key";

    public static NationalIdHashKey Load(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (configuration[ConfigurationKey] is { Length: > 0 } configured)
        {
            byte[] key;
            try
            {
                key = Convert.FromBase64String(configured);
            }
            catch (FormatException)
            {
                throw new InvalidOperationException($"{ConfigurationKey} must be base64 (at least {NationalIdHashKey.MinimumLength} bytes).");
            }
            return key.Length >= NationalIdHashKey.MinimumLength
                ? new NationalIdHashKey(key)
                : throw new InvalidOperationException($"{ConfigurationKey} must hold at least {NationalIdHashKey.MinimumLength} bytes.");
        }

        var settings = EventStoreSettings.From(configuration);
        if (settings.Provider != EventStoreProvider.Sqlite)
            throw new InvalidOperationException($"Set {ConfigurationKey} (base64, {NationalIdHashKey.MinimumLength}+ random bytes): every web node of a server-mode store must hash national IDs with the same key.");
        var path = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(settings.SqlitePath)) ?? ".", KeyFileName);
        return new NationalIdHashKey(ReadOrCreate(path));
    }

    private static byte[] ReadOrCreate(string path)
    {
        if (File.Exists(path))
            return Convert.FromBase64String(File.ReadAllText(path).Trim());
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var key = RandomNumberGenerator.GetBytes(NationalIdHashKey.MinimumLength);
        try
        {
            // CreateNew: when two processes start at once, the second reads the first one's key.
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            using var stream = new FileStream(path, options);
            stream.Write(System.Text.Encoding.ASCII.GetBytes(Convert.ToBase64String(key)));
            return key;
        }
        catch (IOException) when (File.Exists(path))
        {
            return Convert.FromBase64String(File.ReadAllText(path).Trim());
        }
    }
}
