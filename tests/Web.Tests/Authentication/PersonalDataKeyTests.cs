using Domain.Common;
using Microsoft.Extensions.Configuration;
using Web.Authentication;

namespace Web.Tests.Authentication;

public sealed class PersonalDataKeyTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "evs-key-tests", Guid.NewGuid().ToString("N"));

    private IConfiguration Configuration(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(
            new[] { ("EventStore:Sqlite:Path", Path.Combine(_folder, "events.db")) }.Concat(settings)
                .Select(s => new KeyValuePair<string, string?>(s.Item1, s.Item2))).Build();

    [Fact]
    public void Without_a_configured_key_one_is_created_beside_the_store_once_and_read_back_after()
    {
        var id = NationalId.WithCheckDigit("A12345678");

        var first = PersonalDataKey.Load(Configuration());
        var second = PersonalDataKey.Load(Configuration());

        File.Exists(Path.Combine(_folder, PersonalDataKey.FileName)).ShouldBeTrue();
        second.PersonKey(id).ShouldBe(first.PersonKey(id));
        first.PersonKey(id).ShouldMatch("^[0-9a-f]{32}$");
        if (!OperatingSystem.IsWindows())
            File.GetUnixFileMode(Path.Combine(_folder, PersonalDataKey.FileName)).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    [Fact]
    public void A_configured_key_is_used_as_given()
    {
        var id = NationalId.WithCheckDigit("A12345678");
        var key = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();

        var loaded = PersonalDataKey.Load(Configuration((PersonalDataKey.ConfigurationKey, Convert.ToBase64String(key))));

        loaded.PersonKey(id).ShouldBe(id.Hash(key));
        File.Exists(Path.Combine(_folder, PersonalDataKey.FileName)).ShouldBeFalse();
    }

    [Fact]
    public void A_short_key_or_PostgreSQL_without_a_key_is_refused_at_start()
    {
        Should.Throw<ArgumentException>(() => PersonalDataKey.Load(Configuration((PersonalDataKey.ConfigurationKey, Convert.ToBase64String(new byte[16])))));
        Should.Throw<InvalidOperationException>(() => PersonalDataKey.Load(Configuration(
            ("EventStore:Provider", "postgres"), ("EventStore:Postgres:ConnectionString", "Host=127.0.0.1"))))
            .Message.ShouldContain(PersonalDataKey.ConfigurationKey);
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
            Directory.Delete(_folder, recursive: true);
    }
}
