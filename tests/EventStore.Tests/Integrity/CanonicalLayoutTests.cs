using System.Security.Cryptography;
using System.Text;
using EventStore.Integrity;

namespace EventStore.Tests.Integrity;

public sealed class CanonicalLayoutTests
{
    [Theory]
    [InlineData("registration-12345", "GrantIssued.v1", "{\"n\":1}", "{}", 0L)]
    [InlineData("person-機關人事處", "類型.v2", "{\"名\":\"王小明\"}", "{\"actor\":\"staff:審核\"}", 1_767_225_600_123_456L)]
    [InlineData("s", "T.v1", "{}", "{}", -5L)]
    public void The_verifiers_own_layout_hashes_to_what_the_writer_stored(string stream, string type, string data, string metadata, long created)
    {
        var previous = Enumerable.Range(0, 32).Select(i => (byte)(i * 7)).ToArray();
        var id = Guid.CreateVersion7();
        byte[] streamUtf8 = Encoding.UTF8.GetBytes(stream), typeUtf8 = Encoding.UTF8.GetBytes(type), metadataUtf8 = Encoding.UTF8.GetBytes(metadata);

        foreach (var body in new[] { Encoding.UTF8.GetBytes(data), Encoding.UTF8.GetBytes(new string('x', 20_000) + data) })
        {
            var buffer = new byte[CanonicalLayout.Length(previous.Length, streamUtf8.Length, typeUtf8.Length, body.Length, metadataUtf8.Length)];

            var written = CanonicalLayout.Write(buffer, previous, streamUtf8, 42, id, typeUtf8, body, metadataUtf8, created);

            written.ShouldBe(buffer.Length);
            SHA256.HashData(buffer).ShouldBe(HashChain.Link(previous, stream, 42, id, type, body, metadataUtf8, created));
        }
    }
}
