namespace EventStore.Storage;

/// <summary>
/// The store's write rules (expectations, idempotency, deletion, hash chain), written once against
/// <see cref="IWriteSession"/> so every adapter behaves the same. A refused request leaves nothing behind in the
/// shared transaction: checks precede writes, and the one check made by writing (a repeated event id, caught by
/// the unique index) is undone by the adapter before the repeat is classified.
/// </summary>
internal static class WriteOperations
{
    public static ValueTask<AppendResult> ApplyAsync(IWriteSession session, WriteRequest request, long nowMicroseconds, CancellationToken cancellationToken) =>
        request.Kind switch
        {
            WriteKind.Append => AppendAsync(session, request, nowMicroseconds, cancellationToken),
            WriteKind.SetMetadata => SetMetadataAsync(session, request, cancellationToken),
            WriteKind.SoftDelete => SoftDeleteAsync(session, request, cancellationToken),
            WriteKind.Tombstone => TombstoneAsync(session, request, cancellationToken),
            _ => throw new InvalidOperationException($"unknown write kind {request.Kind}"),
        };

    private static async ValueTask<AppendResult> AppendAsync(IWriteSession session, WriteRequest request, long nowMicroseconds, CancellationToken cancellationToken)
    {
        var row = await session.LoadStreamAsync(request.StreamId, cancellationToken).ConfigureAwait(false);
        if (row is { Tombstoned: true })
            throw new StreamDeletedException(request.StreamId);

        // A repeat of stored events may carry an expectation that no longer holds (the stream has moved on):
        // only when the expectation fails do we need to look the ids up before answering.
        if (!ExpectationHolds(row, request.Expected))
        {
            if (row is { LastRevision: >= 0 } && await FindStoredAsync(session, row, request, cancellationToken).ConfigureAwait(false) is { Count: > 0 } stored)
                return Repeat(row, request, stored);
            throw WrongExpected(row, request.StreamId, request.Expected);
        }

        row ??= await session.CreateStreamAsync(request.StreamId, cancellationToken).ConfigureAwait(false);
        var previous = row.LastHash ?? HashChain.Genesis.ToArray();
        var revision = row.LastRevision;
        var position = session.Head;
        var allHash = session.AllHash;
        var rows = new NewEvent[request.Events.Count];
        for (var i = 0; i < rows.Length; i++)
        {
            var e = request.Events[i];
            revision++;
            position++;
            var hash = HashChain.Link(previous, request.StreamId, revision, e.EventId, e.Type, e.Data.Span, e.Metadata.Span, nowMicroseconds);
            allHash = HashChain.AllLink(allHash, position, hash);
            rows[i] = new NewEvent(position, row.Id, revision, e.EventId, e.Type, e.Data, e.Metadata, nowMicroseconds, previous, hash, allHash);
            previous = hash;
        }

        if (!await session.TryInsertEventsAsync(rows, cancellationToken).ConfigureAwait(false))
            return Repeat(row, request, await FindStoredAsync(session, row, request, cancellationToken).ConfigureAwait(false));

        session.Head = position;
        session.AllHash = allHash;
        await session.SaveStreamAsync(row with { LastRevision = revision, SoftDeleted = false, LastHash = previous }, cancellationToken).ConfigureAwait(false);
        return new AppendResult(revision, new Position(position));
    }

    private static async ValueTask<IReadOnlyList<StoredEventId>> FindStoredAsync(IWriteSession session, StreamRow row, WriteRequest request, CancellationToken cancellationToken)
    {
        var ids = new Guid[request.Events.Count];
        for (var i = 0; i < ids.Length; i++)
            ids[i] = request.Events[i].EventId;
        return await session.FindEventIdsAsync(row.Id, ids, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Some of the ids are stored already: a faithful repeat (all of them, in order, at the expectation they were
    /// first written with) returns the original result; anything else is refused.
    /// </summary>
    private static AppendResult Repeat(StreamRow row, WriteRequest request, IReadOnlyList<StoredEventId> stored)
    {
        var ids = request.Events.Select(e => e.EventId).ToArray();
        if (stored.Count != ids.Length)
            throw new IdempotencyConflictException(request.StreamId, $"{stored.Count} of its {ids.Length} event ids are already stored");

        var byId = stored.ToDictionary(s => s.EventId);
        var first = byId[ids[0]].Revision;
        for (var i = 1; i < ids.Length; i++)
        {
            if (byId[ids[i]].Revision != first + i)
                throw new IdempotencyConflictException(request.StreamId, "its event ids are stored in another order or not together");
        }

        var expected = request.Expected;
        var sameExpectation = expected.Kind switch
        {
            StreamStateKind.Any => true,
            StreamStateKind.NoStream => first == row.IncarnationStart,
            StreamStateKind.StreamExists => first > 0,
            _ => expected.Revision + 1 == first,
        };
        if (!sameExpectation)
            throw WrongExpected(row, request.StreamId, expected);

        var last = byId[ids[^1]];
        return new AppendResult(last.Revision, new Position(last.Position));
    }

    private static bool ExpectationHolds(StreamRow? row, StreamState expected) => expected.Kind switch
    {
        StreamStateKind.Any => true,
        StreamStateKind.NoStream => row is not { Exists: true },
        StreamStateKind.StreamExists => row is { Exists: true },
        _ => row is { LastRevision: >= 0 } && row.LastRevision == expected.Revision,
    };

    private static void CheckExpectation(StreamRow? row, string streamId, StreamState expected)
    {
        if (!ExpectationHolds(row, expected))
            throw WrongExpected(row, streamId, expected);
    }

    private static WrongExpectedVersionException WrongExpected(StreamRow? row, string streamId, StreamState expected) =>
        new(streamId, expected, row is { LastRevision: >= 0 } ? new StreamRevision(row.LastRevision) : null, row is { Exists: true });

    private static async ValueTask<AppendResult> SetMetadataAsync(IWriteSession session, WriteRequest request, CancellationToken cancellationToken)
    {
        var row = await session.LoadStreamAsync(request.StreamId, cancellationToken).ConfigureAwait(false);
        if (row is { Tombstoned: true })
            throw new StreamDeletedException(request.StreamId);
        row ??= await session.CreateStreamAsync(request.StreamId, cancellationToken).ConfigureAwait(false);
        var m = request.Metadata ?? StreamMetadata.None;
        await session.SaveStreamAsync(row with
        {
            TruncateBefore = m.TruncateBefore?.Value,
            MaxCount = m.MaxCount,
            MaxAgeMicroseconds = m.MaxAge is { } age ? age.Ticks / 10 : null,
        }, cancellationToken).ConfigureAwait(false);
        return new AppendResult(row.LastRevision, new Position(session.Head));
    }

    private static async ValueTask<AppendResult> SoftDeleteAsync(IWriteSession session, WriteRequest request, CancellationToken cancellationToken)
    {
        var row = await session.LoadStreamAsync(request.StreamId, cancellationToken).ConfigureAwait(false);
        if (row is { Tombstoned: true })
            throw new StreamDeletedException(request.StreamId);
        CheckExpectation(row, request.StreamId, request.Expected);
        if (row is { Exists: true })
            await session.SaveStreamAsync(row with { SoftDeleted = true, IncarnationStart = row.LastRevision + 1 }, cancellationToken).ConfigureAwait(false);
        return new AppendResult(row?.LastRevision ?? -1, new Position(session.Head));
    }

    private static async ValueTask<AppendResult> TombstoneAsync(IWriteSession session, WriteRequest request, CancellationToken cancellationToken)
    {
        var row = await session.LoadStreamAsync(request.StreamId, cancellationToken).ConfigureAwait(false);
        if (row is { Tombstoned: true })
            throw new StreamDeletedException(request.StreamId);
        CheckExpectation(row, request.StreamId, request.Expected);
        row ??= await session.CreateStreamAsync(request.StreamId, cancellationToken).ConfigureAwait(false);
        await session.SaveStreamAsync(row with { Tombstoned = true }, cancellationToken).ConfigureAwait(false);
        return new AppendResult(row.LastRevision, new Position(session.Head));
    }
}
