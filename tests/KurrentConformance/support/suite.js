// The conformance checks of issue 19, point 2, run with each official client against our endpoint over one store
// adapter (sqlite.test.js, postgres.test.js). Every check asserts what the client itself reports.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { follow, readAllOf } from "./clients.js";
import { startHost } from "./host.js";

const revisions = (events) => events.map((e) => e.revision);
const numbers = (events) => events.map((e) => e.data.n);
const newStream = (prefix = "conf") => `${prefix}-${randomUUID().replaceAll("-", "")}`;

/** @param {Awaited<ReturnType<typeof import("./clients.js").loadClient>>} kind @param {"sqlite" | "postgres"} provider */
export function defineConformance(kind, provider) {
  describe(`${kind.name} against our endpoint over ${provider}`, () => {
    let host;
    before(async () => {
      host = await startHost({ provider, settings: { AllowWrites: "true", "Anonymous:Role": "writer" } });
    });
    after(async () => host?.stop());

    const { jsonEvent, binaryEvent, FORWARDS, BACKWARDS, START, END, streamNameFilter, eventTypeFilter } = kind.lib;
    let client;
    let other;
    const events = (count, first = 0, type = "Counted.v1") =>
      Array.from({ length: count }, (_, i) => jsonEvent({ type, data: { n: first + i } }));
    const append = (stream, evts, expected = "any", more = {}) => client.appendToStream(stream, evts, kind.expecting(expected, more));
    const rejection = async (promise, type) => {
      const error = await promise.then(
        () => assert.fail(`expected ${type.name}`),
        (e) => e,
      );
      assert.ok(error instanceof type, `expected ${type.name}, got ${error?.constructor?.name}: ${error?.message}`);
      return error;
    };

    before(() => {
      client = kind.connect(host.port);
      other = kind.connect(host.port);
    });
    after(async () => {
      await client?.dispose();
      await other?.dispose();
    });

    test("appends with every expected-revision kind; a wrong expectation reports the stream's actual revision", async () => {
      const stream = newStream();
      assert.equal((await append(stream, events(2), "no_stream")).nextExpectedRevision, 1n);
      assert.equal((await append(stream, events(1, 2), "any")).nextExpectedRevision, 2n);
      assert.equal((await append(stream, events(1, 3), "stream_exists")).nextExpectedRevision, 3n);
      const written = await append(stream, events(1, 4), 3n);
      assert.equal(written.nextExpectedRevision, 4n);
      assert.ok(written.position.commit > 0n);

      const noStream = await rejection(append(stream, events(1, 9), "no_stream"), kind.lib.WrongExpectedVersionError);
      assert.deepEqual(kind.wrongExpectation(noStream), { stream, expected: "no_stream", actual: 4n });
      const exact = await rejection(append(stream, events(1, 9), 2n), kind.lib.WrongExpectedVersionError);
      assert.deepEqual(kind.wrongExpectation(exact), { stream, expected: 2n, actual: 4n });
      const missing = newStream();
      const exists = await rejection(append(missing, events(1), "stream_exists"), kind.lib.WrongExpectedVersionError);
      assert.deepEqual(kind.wrongExpectation(exists), { stream: missing, expected: "stream_exists", actual: "no_stream" });
      await rejection(append(missing, events(1), 0n), kind.lib.WrongExpectedVersionError);

      assert.deepEqual(numbers(await readAllOf(client.readStream(stream))), [0, 1, 2, 3, 4]);
    });

    test("the streaming append (taken when a call carries its own credentials) answers as the batch append does", async () => {
      const stream = newStream();
      const credentials = { credentials: { username: "ignored", password: "over-tls-false" } };
      const first = await append(stream, events(3), "no_stream", credentials);
      assert.equal(first.nextExpectedRevision, 2n);
      assert.ok(first.position.commit > 0n);
      const wrong = await rejection(append(stream, events(1, 3), 0n, credentials), kind.lib.WrongExpectedVersionError);
      assert.deepEqual(kind.wrongExpectation(wrong), { stream, expected: 0n, actual: 2n });
      assert.equal((await append(stream, events(1, 3), 2n, credentials)).nextExpectedRevision, 3n);
    });

    test("re-appending the same event ids writes nothing and answers the original revision", async () => {
      const stream = newStream();
      const batch = [jsonEvent({ id: randomUUID(), type: "Counted.v1", data: { n: 0 } }), jsonEvent({ id: randomUUID(), type: "Counted.v1", data: { n: 1 } })];
      const first = await append(stream, batch, "no_stream");
      const again = await append(stream, batch, "no_stream");
      const againAny = await append(stream, batch, "any");
      assert.equal(again.nextExpectedRevision, first.nextExpectedRevision);
      assert.equal(againAny.nextExpectedRevision, first.nextExpectedRevision);
      assert.deepEqual(again.position, first.position);
      const stored = await readAllOf(client.readStream(stream));
      assert.deepEqual(
        stored.map((e) => e.id),
        batch.map((e) => e.id),
      );
    });

    test("reads a stream forwards and backwards from revisions, with counts and positions", async () => {
      const stream = newStream();
      await append(stream, events(10), "no_stream");

      const forwards = await readAllOf(client.readStream(stream, { fromRevision: 3n, maxCount: 4, direction: FORWARDS }));
      const backwards = await readAllOf(client.readStream(stream, { fromRevision: 6n, maxCount: 3, direction: BACKWARDS }));
      const fromEnd = await readAllOf(client.readStream(stream, { fromRevision: END, maxCount: 2, direction: BACKWARDS }));
      const whole = await readAllOf(client.readStream(stream, { fromRevision: START }));

      assert.deepEqual(revisions(forwards), [3n, 4n, 5n, 6n]);
      assert.deepEqual(revisions(backwards), [6n, 5n, 4n]);
      assert.deepEqual(revisions(fromEnd), [9n, 8n]);
      assert.deepEqual(numbers(whole), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      const positions = whole.map((e) => e.position.commit);
      assert.deepEqual(positions, [...positions].sort((a, b) => (a < b ? -1 : 1)));
      assert.ok(whole.every((e) => e.streamId === stream && e.type === "Counted.v1"));
      await rejection(readAllOf(client.readStream(newStream())), kind.lib.StreamNotFoundError);
    });

    test("reads $all forwards from a position (included) and backwards from one (excluded)", async () => {
      const a = newStream("all-a");
      const b = newStream("all-b");
      await append(a, events(2), "no_stream");
      await append(b, events(2, 10), "no_stream");
      await append(a, events(1, 2), 1n);
      const written = [...(await readAllOf(client.readStream(a))), ...(await readAllOf(client.readStream(b)))].sort((x, y) =>
        x.position.commit < y.position.commit ? -1 : 1,
      );
      const first = written[0].position;

      const forwards = await readAllOf(client.readAll({ fromPosition: first, maxCount: 5, direction: FORWARDS }));
      const backwards = await readAllOf(client.readAll({ fromPosition: written[4].position, maxCount: 4, direction: BACKWARDS }));
      const newest = await readAllOf(client.readAll({ fromPosition: END, maxCount: 1, direction: BACKWARDS }));

      assert.deepEqual(
        forwards.map((e) => `${e.streamId}@${e.revision}`),
        [`${a}@0`, `${a}@1`, `${b}@0`, `${b}@1`, `${a}@2`],
      );
      assert.deepEqual(
        backwards.map((e) => e.position.commit),
        written.slice(0, 4).map((e) => e.position.commit).reverse(),
      );
      assert.equal(newest.length, 1);
      assert.ok(newest[0].position.commit >= written[4].position.commit);
    });

    test("$all subscriptions filter by stream prefix and by event type", async () => {
      const prefix = `filter${randomUUID().slice(0, 8)}-`;
      const type = `Filtered${randomUUID().slice(0, 8)}.v1`;
      const start = (await readAllOf(client.readAll({ fromPosition: END, maxCount: 1, direction: BACKWARDS })))[0]?.position;
      await append(`${prefix}one`, events(2), "no_stream");
      await append(newStream("unrelated"), events(2, 0, type), "no_stream");
      await append(`${prefix}two`, events(1, 2), "no_stream");

      const byStream = follow(client.subscribeToAll({ fromPosition: start ?? START, filter: streamNameFilter({ prefixes: [prefix] }) }));
      const byType = follow(client.subscribeToAll({ fromPosition: start ?? START, filter: eventTypeFilter({ regex: `^${type.replace(".", "\\.")}$` }) }));
      try {
        await byStream.caughtUp();
        await byType.caughtUp();
        assert.deepEqual(
          byStream.events.map((e) => `${e.streamId}:${e.data.n}`),
          [`${prefix}one:0`, `${prefix}one:1`, `${prefix}two:2`],
        );
        assert.deepEqual(
          byType.events.map((e) => e.type),
          [type, type],
        );
      } finally {
        await byStream.stop();
        await byType.stop();
      }
    });

    test("a stream subscription from a revision sees every later event once, in order, while another client appends", async () => {
      const stream = newStream("sub");
      await append(stream, events(3), "no_stream");
      const subscription = follow(client.subscribeToStream(stream, { fromRevision: 0n }));
      try {
        await subscription.caughtUp();
        assert.deepEqual(revisions(subscription.events), [1n, 2n]);
        const writers = [0, 1, 2, 3, 4].map((i) => other.appendToStream(stream, events(2, 100 + 2 * i), kind.expecting("any")));
        await Promise.all(writers);
        const seen = await subscription.until((evts) => evts.length >= 12, "twelve events");
        assert.deepEqual(revisions(seen), Array.from({ length: 12 }, (_, i) => BigInt(i + 1)));
        assert.equal(new Set(seen.map((e) => e.id)).size, 12);
      } finally {
        await subscription.stop();
      }
    });

    test("a $all subscription from a checkpoint sees every later event once, in order, while another client appends", async () => {
      const prefix = `live${randomUUID().slice(0, 8)}-`;
      await append(`${prefix}a`, events(3), "no_stream");
      const checkpoint = (await readAllOf(client.readStream(`${prefix}a`)))[0].position;
      const subscription = follow(client.subscribeToAll({ fromPosition: checkpoint, filter: streamNameFilter({ prefixes: [prefix] }) }));
      const fromEnd = follow(client.subscribeToAll({ fromPosition: END, filter: streamNameFilter({ prefixes: [prefix] }) }));
      try {
        await subscription.caughtUp();
        await fromEnd.caughtUp();
        assert.deepEqual(numbers(subscription.events), [1, 2]);
        assert.equal(fromEnd.events.length, 0);
        await Promise.all([1, 2, 3, 4].map((i) => other.appendToStream(`${prefix}${i}`, events(5, 10 * i), kind.expecting("no_stream"))));
        const seen = await subscription.until((evts) => evts.length >= 22, "22 events");
        const live = await fromEnd.until((evts) => evts.length >= 20, "20 live events");
        const commits = seen.map((e) => e.position.commit);
        assert.deepEqual(commits, [...new Set(commits)].sort((x, y) => (x < y ? -1 : 1)));
        assert.ok(commits.every((c) => c > checkpoint.commit));
        assert.deepEqual(
          live.map((e) => e.id),
          seen.slice(2).map((e) => e.id),
        );
        for (const i of [1, 2, 3, 4])
          assert.deepEqual(
            numbers(seen.filter((e) => e.streamId === `${prefix}${i}`)),
            [0, 1, 2, 3, 4].map((k) => 10 * i + k),
          );
      } finally {
        await subscription.stop();
        await fromEnd.stop();
      }
    });

    test("a soft delete hides the stream until it is written again; a tombstone ends it for good", async () => {
      const stream = newStream("del");
      await append(stream, events(3), "no_stream");
      const wrong = await rejection(client.deleteStream(stream, kind.deleteExpecting(0n)), kind.lib.WrongExpectedVersionError);
      assert.deepEqual(kind.wrongExpectation(wrong), { stream, expected: 0n, actual: 2n });
      await client.deleteStream(stream, kind.deleteExpecting(2n));
      await rejection(readAllOf(client.readStream(stream)), kind.lib.StreamNotFoundError);
      assert.equal((await append(stream, events(1, 3), "no_stream")).nextExpectedRevision, 3n);
      assert.deepEqual(revisions(await readAllOf(client.readStream(stream))), [3n]);

      await client.tombstoneStream(stream, kind.deleteExpecting("any"));
      await rejection(readAllOf(client.readStream(stream)), kind.lib.StreamDeletedError);
      await rejection(append(stream, events(1), "any"), kind.lib.StreamDeletedError);
      await rejection(client.tombstoneStream(stream), kind.lib.StreamDeletedError);
    });

    test("JSON data, event metadata, types, ids and stream metadata round-trip; other content types are refused", async () => {
      const stream = newStream("meta");
      const id = randomUUID();
      const data = { agency: "人事行政總處", grants: [{ number: 1, functions: ["A01", "B02"] }], active: true, ratio: 0.25 };
      const metadata = { correlationId: randomUUID(), causationId: randomUUID(), actor: "審核人員" };
      const before = Date.now();
      await append(stream, [jsonEvent({ id, type: "GrantIssued.v1", data, metadata }), jsonEvent({ type: "Counted.v1", data: { n: 1 } })], "no_stream");
      const [read, bare] = await readAllOf(client.readStream(stream));
      assert.equal(read.id, id);
      assert.equal(read.type, "GrantIssued.v1");
      assert.equal(read.isJson, true);
      assert.deepEqual(read.data, data);
      assert.deepEqual(read.metadata, metadata);
      assert.ok(Math.abs(read.created.getTime() - before) < 60_000, `created ${read.created.toISOString()}`);
      assert.deepEqual(bare.metadata, {});

      await client.setStreamMetadata(stream, { maxCount: 1, maxAge: 3600, truncateBefore: 0 });
      const stored = await client.getStreamMetadata(stream);
      assert.equal(stored.metadata.maxCount, 1);
      assert.equal(stored.metadata.maxAge, 3600);
      assert.equal(stored.metadata.truncateBefore, 0);
      assert.deepEqual(numbers(await readAllOf(client.readStream(stream))), [1]);

      await assert.rejects(append(newStream("binary"), [binaryEvent({ type: "Blob.v1", data: Uint8Array.from([1, 2, 3]) })]));
    });

    test("server features are fetched on connect and gossip answers as a single leader", async () => {
      const features = await client.capabilities;
      assert.match(features.serverVersion, /^\d+\.\d+\.\d+$/);
      const StreamsService = await kind.streamsService();
      assert.equal(await client.supports(StreamsService.batchAppend), true);
      const discovering = kind.connectionString(`${kind.scheme}+discover://127.0.0.1:${host.port}?tls=false&discoveryInterval=100&maxDiscoverAttempts=3`);
      try {
        const stream = newStream("gossip");
        await discovering.appendToStream(stream, events(1), kind.expecting("no_stream"));
        assert.deepEqual(numbers(await readAllOf(discovering.readStream(stream))), [0]);
      } finally {
        await discovering.dispose();
      }
    });
  });
}
