using Domain.Registration;
using EventStore;

namespace EndToEnd.Tests.Grants;

/// <summary>
/// The grants service with two grants of 3230000 written as events: 1 to 陳美玲's card (<c>citizen-moica2-ec</c>,
/// 給付試算 + 給付自辦作業, active), 2 to 林離職 (revoked). For the handler's own view and 查詢已授權清單.
/// </summary>
public sealed class GrantQueriesFixture : GrantsFixture
{
    public const string HandlerCard = "citizen-moica2-ec";
    public const string HandlerId = "B220612340";

    protected override async Task SetUpAsync()
    {
        await base.SetUpAsync();
        var now = Time!.GetUtcNow();
        var by = new GrantAuthorisation("K", "1", now, "K", "2", now);
        await AppendAsync(Agency, StreamState.Any,
            new HandlerGrantIssued(Agency, 1, CertificateSerial.Normalise(Facts(HandlerCard).SerialNumber)!, "陳美玲", HandlerId, ["0201", "0301"], "2022-11", by, "test", now.AddDays(-3)),
            new HandlerGrantIssued(Agency, 2, "0F0F0002", "林離職", "F128934569", ["0101"], "2022-11", by, "test", now.AddDays(-20)),
            new HandlerGrantRevoked(Agency, 2, "離職", by, "test", now.AddDays(-1)));
    }
}
