using System.Security.Cryptography;
using Domain.Accounts;
using Domain.Common;
using EventStore.DependencyInjection;

namespace Web.Authentication;

/// <summary>
/// The secret key of the keyed hashes that name people and accounts in stream names and read models
/// (<c>person-{hash}</c>, <c>account-{hash}</c>): without it, a hash cannot be turned back into a national ID by
/// trying all of them. <c>PersonalData:HashKey</c> (base64, at least 32 bytes) sets it; with the SQLite store and
/// no key configured, a random key is created once in <c>personal-data.key</c> beside the store file. With
/// PostgreSQL the key must be configured, so every web node names streams alike.
/// </summary>
public sealed class PersonalDataKey
{
    public const string ConfigurationKey = "PersonalData:HashKey";
    public const string FileName = "personal-data.key";
    private const int MinimumBytes = 32;

    private readonly byte[] _key;

    public PersonalDataKey(byte[] key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length < MinimumBytes)
            throw new ArgumentException($"The personal-data hash key needs at least {MinimumBytes} bytes.", nameof(key));
        _key = key.ToArray();
    }

    /// <summary><c>person-{hash}</c>'s hash for <paramref name="id"/>.</summary>
    public string PersonKey(NationalId id) => id.Hash(_key);

    /// <summary><c>account-{hash}</c>'s stream name for <paramref name="account"/>.</summary>
    public string AccountStream(AccountName account) => PasswordAccount.StreamName(account, _key);

    /// <summary>Reads the key from configuration, or from (creating) the key file beside the SQLite store.</summary>
    public static PersonalDataKey Load(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (configuration[ConfigurationKey] is { Length: > 0 } configured)
        {
            try
            {
                return new PersonalDataKey(Convert.FromBase64String(configured));
            }
            catch (FormatException)
            {
                throw new InvalidOperationException($"{ConfigurationKey} must be base64 (at least {MinimumBytes} bytes).");
            }
        }

        var store = EventStoreSettings.From(configuration);
        if (store.Provider != EventStoreProvider.Sqlite)
            throw new InvalidOperationException($"{ConfigurationKey} must be set when the event store is PostgreSQL: every node must hash personal data with the same key.");
        var folder = Path.GetDirectoryName(Path.GetFullPath(store.SqlitePath))!;
        return new PersonalDataKey(ReadOrCreate(Path.Combine(folder, FileName)));
    }

    private static byte[] ReadOrCreate(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        try
        {
            // CreateNew: two processes starting at once cannot both write a key; the loser reads the winner's.
            var fileOptions = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
                fileOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            using var stream = new FileStream(path, fileOptions);
            var key = RandomNumberGenerator.GetBytes(MinimumBytes);
            stream.Write(Convert.ToBase64String(key).Select(c => (byte)c).ToArray());
            stream.Flush(flushToDisk: true);
            return key;
        }
        catch (IOException) when (File.Exists(path))
        {
            for (var attempt = 0; ; attempt++)
            {
                var text = File.ReadAllText(path).Trim();
                if (text.Length > 0 || attempt == 50)
                    return Convert.FromBase64String(text);
                Thread.Sleep(20); // the other process is between create and write
            }
        }
    }
}
