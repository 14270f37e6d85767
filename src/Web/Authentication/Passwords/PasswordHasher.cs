using System.Security.Cryptography;
using System.Text;
using Isopoh.Cryptography.Argon2;
using Isopoh.Cryptography.SecureArray;
using Microsoft.Extensions.Options;

namespace Web.Authentication.Passwords;

/// <summary>
/// Argon2id password hashes in PHC string form (<c>$argon2id$v=19$m=65536,t=2,p=1$salt$hash</c>), 16-byte random
/// salt, 32-byte hash. Verification reads the parameters from the stored string, so raising the cost later
/// leaves existing hashes verifiable. At most <see cref="PasswordOptions.MaxConcurrentHashes"/> run at once and
/// <see cref="PasswordOptions.MaxQueuedHashes"/> wait; beyond that <see cref="PasswordQueueFullException"/> is thrown at
/// once, so a flood of password posts costs its senders an immediate "busy" rather than every sign-in a long wait.
/// </summary>
public sealed class PasswordHasher : IDisposable
{
    private const int SaltBytes = 16;

    /// <summary>
    /// Argon2's working memory is zeroed and pinned but not locked into RAM. Locking 64 MiB per hash (mlock, which
    /// only a privileged process may do beyond 8 MiB, so a service account never did) faults every page in while the
    /// process's memory map is held, and stalled every other request of the process for seconds under a flood.
    /// </summary>
    private static readonly SecureArrayCall ZeroedNotLocked = new(
        SecureArray.DefaultCall.ZeroMemory, (_, _) => "not locked: see PasswordHasher", (_, _) => { }, SecureArray.DefaultCall.Os);
    private const int HashBytes = 32;

    private readonly PasswordOptions _options;
    private readonly SemaphoreSlim _slots;
    private readonly Lazy<string> _decoy;
    private long _verifications;
    private int _inFlight;

    public PasswordHasher(IOptions<PasswordOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        if (_options.MemoryKiB < 8 * _options.Parallelism || _options.Iterations < 1 || _options.Parallelism < 1 || _options.MaxConcurrentHashes < 1 || _options.MaxQueuedHashes < 0)
            throw new InvalidOperationException($"{PasswordOptions.Section}: MemoryKiB ≥ 8 × Parallelism, Iterations ≥ 1, Parallelism ≥ 1, MaxConcurrentHashes ≥ 1, MaxQueuedHashes ≥ 0.");
        _slots = new SemaphoreSlim(_options.MaxConcurrentHashes, _options.MaxConcurrentHashes);
        // A hash of a random password with the current cost: verified when the account is unknown or locked, so
        // those answers take as long as a wrong password does.
        _decoy = new Lazy<string>(() => HashNow(Convert.ToBase64String(RandomNumberGenerator.GetBytes(24))));
    }

    /// <summary>How many verifications ran (decoys included); the no-enumeration tests compare it across paths.</summary>
    public long Verifications => Interlocked.Read(ref _verifications);

    /// <summary>The current cost as a PHC parameter string (<c>m=65536,t=2,p=1</c>).</summary>
    public string Parameters => $"m={_options.MemoryKiB},t={_options.Iterations},p={_options.Parallelism}";

    public async Task<string> HashAsync(string password, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(password);
        Enter();
        try
        {
            await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                return await OnHashingThread(() => HashNow(password), cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _slots.Release();
            }
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    /// <summary>
    /// Whether <paramref name="password"/> matches <paramref name="storedHash"/>; with a null hash (no such account,
    /// or a locked one) it verifies against the decoy and answers false, at the same cost.
    /// </summary>
    public async Task<bool> VerifyAsync(string? storedHash, string password, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(password);
        Enter();
        try
        {
            await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                Interlocked.Increment(ref _verifications);
                return await OnHashingThread(() =>
                {
                    var matched = VerifyNow(storedHash ?? _decoy.Value, password);
                    return storedHash is not null && matched;
                }, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _slots.Release();
            }
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    /// <summary>
    /// Runs one hash on a thread of its own at a lower CPU priority. A hash holds its thread for a few hundred
    /// milliseconds of CPU: on the thread pool two of them would take the pool's only threads on a 2-core machine and
    /// every other request would wait for the pool to grow; at normal priority they would take the cores from the
    /// card sign-ins and page views that need a few milliseconds each.
    /// </summary>
    private static Task<T> OnHashingThread<T>(Func<T> hash, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            HashingThreadPriority.Lower();
            try
            {
                done.SetResult(hash());
            }
            catch (Exception e)
            {
                done.SetException(e);
            }
        })
        { IsBackground = true, Name = "password hash" };
        thread.Start();
        return done.Task;
    }

    // Takes a place among the running and waiting hashes, or throws when none is left.
    private void Enter()
    {
        if (Interlocked.Increment(ref _inFlight) <= _options.MaxConcurrentHashes + _options.MaxQueuedHashes)
            return;
        Interlocked.Decrement(ref _inFlight);
        throw new PasswordQueueFullException();
    }

    private string HashNow(string password)
    {
        var config = Config(Encoding.UTF8.GetBytes(password), RandomNumberGenerator.GetBytes(SaltBytes));
        using var argon2 = new Argon2(config);
        using var hash = argon2.Hash();
        return config.EncodeString(hash.Buffer);
    }

    private static bool VerifyNow(string storedHash, string password)
    {
        // A stored string that does not decode (corrupt, another scheme) verifies as false, never throws.
        var config = new Argon2Config { Password = Encoding.UTF8.GetBytes(password), Threads = 1, SecureArrayCall = ZeroedNotLocked };
        SecureArray<byte>? expected = null;
        try
        {
            if (!config.DecodeString(storedHash, out expected) || expected is null || config.Type != Argon2Type.HybridAddressing)
                return false;
            using var argon2 = new Argon2(config);
            using var actual = argon2.Hash();
            return Argon2.FixedTimeEquals(expected, actual);
        }
        finally
        {
            expected?.Dispose();
        }
    }

    private Argon2Config Config(byte[] password, byte[] salt) => new()
    {
        Type = Argon2Type.HybridAddressing, // Argon2id
        Version = Argon2Version.Nineteen,
        MemoryCost = _options.MemoryKiB,
        TimeCost = _options.Iterations,
        Lanes = _options.Parallelism,
        Threads = _options.Parallelism,
        Password = password,
        Salt = salt,
        HashLength = HashBytes,
        SecureArrayCall = ZeroedNotLocked,
    };

    public void Dispose() => _slots.Dispose();
}

/// <summary>Every hashing slot and queue place is taken; the caller answers "busy" instead of waiting.</summary>
public sealed class PasswordQueueFullException() : Exception("The password hashing queue is full.");

/// <summary>Lowers the calling thread's CPU priority: <c>setpriority</c> on its thread id on Linux, the thread priority on Windows.</summary>
internal static partial class HashingThreadPriority
{
    private const int Niceness = 10;

    public static void Lower()
    {
        if (OperatingSystem.IsWindows())
            Thread.CurrentThread.Priority = ThreadPriority.BelowNormal;
        else if (OperatingSystem.IsLinux())
            _ = SetPriority(0 /* PRIO_PROCESS: on Linux a thread id names the one thread */, GetThreadId(), Niceness);
        // Elsewhere (macOS, development only) the hash keeps the normal priority.
    }

    [System.Runtime.InteropServices.LibraryImport("libc", EntryPoint = "setpriority")]
    private static partial int SetPriority(int which, int who, int priority);

    [System.Runtime.InteropServices.LibraryImport("libc", EntryPoint = "gettid")]
    private static partial int GetThreadId();
}
