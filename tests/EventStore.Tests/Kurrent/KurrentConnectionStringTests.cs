using EventStore.Kurrent;

namespace EventStore.Tests.Kurrent;

public sealed class KurrentConnectionStringTests
{
    [Fact]
    public void A_single_node_string_names_its_host_port_and_tls()
    {
        var parsed = KurrentConnectionString.Parse("kurrentdb://127.0.0.1:2114?tls=false");

        parsed.Hosts.ShouldBe([new KurrentConnectionString.Endpoint("127.0.0.1", 2114)]);
        parsed.Tls.ShouldBeFalse();
        parsed.IsCluster.ShouldBeFalse();
        parsed.HasCredentials.ShouldBeFalse();
    }

    [Fact]
    public void A_cluster_string_carries_its_seeds_credentials_and_ca_file_and_tls_is_on_by_default()
    {
        var parsed = KurrentConnectionString.Parse("kurrentdb+discover://ops:p%40ss@node1.example,node2.example:2114?tlsCAFile=%2Fetc%2Fkurrent%2Fca.pem&maxDiscoverAttempts=3&nodePreference=leader");

        parsed.Discover.ShouldBeTrue();
        parsed.IsCluster.ShouldBeTrue();
        parsed.Hosts.ShouldBe([new KurrentConnectionString.Endpoint("node1.example", 2113), new KurrentConnectionString.Endpoint("node2.example", 2114)]);
        parsed.Tls.ShouldBeTrue();
        parsed.VerifyCertificate.ShouldBeTrue();
        parsed.CaFile.ShouldBe("/etc/kurrent/ca.pem");
        (parsed.UserName, parsed.Password).ShouldBe(("ops", "p@ss"));
        parsed.MaxDiscoverAttempts.ShouldBe(3);
        parsed.ToString().ShouldNotContain("p@ss");
    }

    [Theory]
    [InlineData("postgres://db:5432", "kurrentdb://")]
    [InlineData("kurrentdb://db:2113?tls=false&tslVerifyCert=false", "tslVerifyCert")]
    [InlineData("kurrentdb://app:secret@db:2113?tls=false", "tls=true")]
    [InlineData("kurrentdb://db:2113?nodePreference=follower", "leader")]
    [InlineData("kurrentdb://db:99999", "host:port")]
    [InlineData("kurrentdb://db?tls=maybe", "tls")]
    public void A_string_that_would_be_misread_is_refused_with_what_to_fix(string connectionString, string hint)
    {
        var refused = Should.Throw<FormatException>(() => KurrentConnectionString.Parse(connectionString));

        refused.Message.ShouldContain(hint);
        refused.Message.ShouldNotContain("secret");
    }
}
