using System.Globalization;
using EventStore.Kurrent;
using EventStore.Kurrent.Protocol;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Keys = EventStore.Kurrent.KurrentProtocol.ErrorKeys;
using RpcCode = EventStore.Kurrent.Protocol.Rpc.Code;
using RpcStatus = EventStore.Kurrent.Protocol.Rpc.Status;

namespace EventStore.Grpc;

/// <summary>
/// Refusals as KurrentDB sends them: a status code plus the <c>exception</c> trailer the official clients turn into their
/// typed errors (WrongExpectedVersionError, StreamDeletedError, AccessDeniedError …), or, inside a batch append, a
/// <c>google.rpc.Status</c> with the matching detail packed in.
/// </summary>
public static class ProtocolErrors
{
    public static RpcException AccessDenied() =>
        new(new Status(StatusCode.PermissionDenied, "Access Denied"), new Metadata { { Keys.Exception, KurrentProtocol.Errors.AccessDenied } });

    public static RpcException Unauthenticated() =>
        new(new Status(StatusCode.Unauthenticated, "Invalid credentials"));

    public static RpcException InvalidArgument(string message) => new(new Status(StatusCode.InvalidArgument, message));

    public static RpcException StreamDeleted(string stream) =>
        new(new Status(StatusCode.FailedPrecondition, $"Event stream '{stream}' is deleted."), new Metadata
        {
            { Keys.Exception, KurrentProtocol.Errors.StreamDeleted },
            { Keys.StreamName, stream },
        });

    /// <summary>A delete or tombstone whose expectation did not hold, with the stream's actual revision (empty when it has none).</summary>
    public static RpcException WrongExpectedVersion(string operation, WrongExpectedVersionException refused)
    {
        ArgumentNullException.ThrowIfNull(refused);
        var expected = KurrentProtocol.ExpectedVersionNumber(refused.Expected).ToString(CultureInfo.InvariantCulture);
        var actual = refused.ActualRevision?.Value.ToString(CultureInfo.InvariantCulture) ?? "";
        var trailers = new Metadata
        {
            { Keys.Exception, KurrentProtocol.Errors.WrongExpectedVersion },
            { Keys.StreamName, refused.StreamId },
            { Keys.ExpectedVersion, expected },
            { Keys.ActualVersion, actual },
        };
        if (refused.ActualRevision is not null && !refused.ActualExists)
            trailers.Add(Keys.Detail, KurrentProtocol.Errors.NoLiveEvents);
        return new RpcException(
            new Status(StatusCode.FailedPrecondition, $"{operation} failed due to WrongExpectedVersion. Stream: {refused.StreamId}, Expected version: {expected}, Actual version: {actual}"),
            trailers);
    }

    /// <summary>The append's wrong-expected-version answer, in both the 20.6.0 fields and the current ones.</summary>
    public static AppendResp.Types.WrongExpectedVersion AppendWrongExpectedVersion(StreamState expected, StreamRevision? actual)
    {
        var answer = new AppendResp.Types.WrongExpectedVersion();
        if (actual is { } revision)
        {
            answer.CurrentRevision2060 = (ulong)revision.Value;
            answer.CurrentRevision = (ulong)revision.Value;
        }
        else
        {
            answer.NoStream2060 = new Kurrent.Protocol.Empty();
            answer.CurrentNoStream = new Kurrent.Protocol.Empty();
        }

        switch (expected.Kind)
        {
            case StreamStateKind.Any:
                answer.Any2060 = new Kurrent.Protocol.Empty();
                answer.ExpectedAny = new Kurrent.Protocol.Empty();
                break;
            case StreamStateKind.NoStream:
                answer.ExpectedNoStream = new Kurrent.Protocol.Empty();
                break;
            case StreamStateKind.StreamExists:
                answer.StreamExists2060 = new Kurrent.Protocol.Empty();
                answer.ExpectedStreamExists = new Kurrent.Protocol.Empty();
                break;
            default:
                answer.ExpectedRevision2060 = (ulong)expected.Revision;
                answer.ExpectedRevision = (ulong)expected.Revision;
                break;
        }

        return answer;
    }

    /// <summary>A batch append's wrong-expected-version refusal: the status a <c>BatchAppendResp.error</c> carries.</summary>
    public static RpcStatus BatchWrongExpectedVersion(string stream, StreamState expected, StreamRevision? actual) =>
        Packed(RpcCode.FailedPrecondition, $"Append failed due to WrongExpectedVersion. Stream: {stream}", BatchWrongExpectedVersion(expected, actual));

    /// <summary>A batch append's other refusals (deleted, denied, bad request), from the exception the single append would throw.</summary>
    public static RpcStatus BatchStatus(RpcException refused, string stream)
    {
        ArgumentNullException.ThrowIfNull(refused);
        return refused.Trailers.GetValue(Keys.Exception) switch
        {
            KurrentProtocol.Errors.StreamDeleted => Packed(RpcCode.FailedPrecondition, refused.Status.Detail, new StreamDeleted { StreamIdentifier = KurrentProtocol.Stream(stream) }),
            KurrentProtocol.Errors.AccessDenied => Packed(RpcCode.PermissionDenied, refused.Status.Detail, new AccessDenied()),
            _ when refused.StatusCode is StatusCode.Unauthenticated => Packed(RpcCode.Unauthenticated, refused.Status.Detail, new AccessDenied()),
            _ when refused.StatusCode is StatusCode.InvalidArgument => Packed(RpcCode.InvalidArgument, refused.Status.Detail, new BadRequest { Message = refused.Status.Detail }),
            _ => Packed((RpcCode)(int)refused.StatusCode, refused.Status.Detail, new Unknown()),
        };
    }

    private static Kurrent.Protocol.WrongExpectedVersion BatchWrongExpectedVersion(StreamState expected, StreamRevision? actual)
    {
        var answer = new Kurrent.Protocol.WrongExpectedVersion();
        if (actual is { } revision)
            answer.CurrentStreamRevision = (ulong)revision.Value;
        else
            answer.CurrentNoStream = new Google.Protobuf.WellKnownTypes.Empty();
        switch (expected.Kind)
        {
            case StreamStateKind.Any:
                answer.ExpectedAny = new Google.Protobuf.WellKnownTypes.Empty();
                break;
            case StreamStateKind.NoStream:
                answer.ExpectedNoStream = new Google.Protobuf.WellKnownTypes.Empty();
                break;
            case StreamStateKind.StreamExists:
                answer.ExpectedStreamExists = new Google.Protobuf.WellKnownTypes.Empty();
                break;
            default:
                answer.ExpectedStreamPosition = (ulong)expected.Revision;
                break;
        }

        return answer;
    }

    private static RpcStatus Packed(RpcCode code, string message, Google.Protobuf.IMessage detail) =>
        new() { Code = code, Message = message, Details = Any.Pack(detail) };
}
