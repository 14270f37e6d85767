using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace EventStore.Grpc.Access;

/// <summary>
/// Endpoint passwords as PBKDF2-SHA256 hashes, <c>pbkdf2-sha256$iterations$salt$hash</c> (base64), so configuration
/// never holds a password. Made by <c>dotnet run --project tools/KurrentHost -- hash-password</c>.
/// </summary>
public static class PasswordHash
{
    private const string Scheme = "pbkdf2-sha256";
    private const int Iterations = 210_000;

    public static string Create(string password)
    {
        ArgumentException.ThrowIfNullOrEmpty(password);
        var salt = RandomNumberGenerator.GetBytes(16);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, Iterations, HashAlgorithmName.SHA256, 32);
        return string.Join('$', Scheme, Iterations.ToString(CultureInfo.InvariantCulture), Convert.ToBase64String(salt), Convert.ToBase64String(hash));
    }

    public static bool IsWellFormed(string encoded) => TryParse(encoded, out _, out _, out _);

    public static bool Verify(string password, string encoded)
    {
        if (!TryParse(encoded, out var iterations, out var salt, out var expected))
            return false;
        var actual = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    private static bool TryParse(string encoded, out int iterations, out byte[] salt, out byte[] hash)
    {
        iterations = 0;
        salt = hash = [];
        var parts = (encoded ?? "").Split('$');
        if (parts.Length != 4 || parts[0] != Scheme || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out iterations) || iterations < 10_000)
            return false;
        try
        {
            salt = Convert.FromBase64String(parts[2]);
            hash = Convert.FromBase64String(parts[3]);
        }
        catch (FormatException)
        {
            return false;
        }

        return salt.Length >= 16 && hash.Length >= 32;
    }
}
