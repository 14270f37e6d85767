// Access through the official clients (docs/event-store.md, "Access"): TLS with a CA the client is given, users with
// roles and stream prefixes, anonymous callers refused, and an endpoint that stays read-only until writes are allowed.
import assert from "node:assert/strict";
import { pbkdf2Sync, randomBytes, randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { createCertificates } from "./certificates.js";
import { follow, readAllOf } from "./clients.js";
import { startHost } from "./host.js";

/** The endpoint's password hash format (PasswordHash.cs), at the lowest iteration count it accepts, to keep tests quick. */
const passwordHash = (password) => {
  const salt = randomBytes(16);
  const hash = pbkdf2Sync(password, salt, 10_000, 32, "sha256");
  return `pbkdf2-sha256$10000$${salt.toString("base64")}$${hash.toString("base64")}`;
};

/** @param {Awaited<ReturnType<typeof import("./clients.js").loadClient>>} kind */
export function defineAccess(kind) {
  const { jsonEvent, START, END, BACKWARDS } = kind.lib;
  const rejectedWith = async (promise, type) => {
    const error = await promise.then(
      () => assert.fail(`expected ${type.name}`),
      (e) => e,
    );
    assert.ok(error instanceof type, `expected ${type.name}, got ${error?.constructor?.name}: ${error?.message}`);
  };
  const event = (n) => jsonEvent({ type: "Counted.v1", data: { n } });

  describe(`${kind.name}: TLS, users, roles and stream scopes`, () => {
    const readerPassword = randomUUID();
    const writerPassword = randomUUID();
    const agency = randomUUID().slice(0, 8);
    let certificates;
    let host;
    let readOnlyHost;
    let writer;
    let reader;
    const tls = () => `tls=true&tlsCAFile=${encodeURIComponent(certificates.ca)}`;

    before(async () => {
      certificates = createCertificates();
      [host, readOnlyHost] = await Promise.all([
        startHost({
          provider: "sqlite",
          settings: {
            AllowWrites: "true",
            "Anonymous:Role": "none",
            "Tls:Certificate": certificates.certificate,
            "Tls:Key": certificates.key,
            "Users:0:Name": "registry-reader",
            "Users:0:PasswordHash": passwordHash(readerPassword),
            "Users:0:Role": "reader",
            "Users:0:Streams": "registration-,ecpa-grants-",
            "Users:1:Name": "writer",
            "Users:1:PasswordHash": passwordHash(writerPassword),
            "Users:1:Role": "writer",
          },
        }),
        startHost({ provider: "sqlite" }),
      ]);
      writer = kind.connect(host.port, tls(), `writer:${writerPassword}`);
      reader = kind.connect(host.port, tls(), `registry-reader:${readerPassword}`);
      for (const stream of [`registration-${agency}`, `ecpa-grants-${agency}`, `person-${agency}`, `account-${agency}`])
        await writer.appendToStream(stream, [event(0), event(1)], kind.expecting("no_stream"));
    });
    after(async () => {
      await writer?.dispose();
      await reader?.dispose();
      await host?.stop();
      await readOnlyHost?.stop();
      certificates?.remove();
    });

    test("a reader scoped to registration- and ecpa-grants- reads those streams, and no others, over TLS", async () => {
      assert.deepEqual(
        (await readAllOf(reader.readStream(`registration-${agency}`))).map((e) => e.data.n),
        [0, 1],
      );
      assert.equal((await readAllOf(reader.readStream(`ecpa-grants-${agency}`))).length, 2);
      await rejectedWith(readAllOf(reader.readStream(`person-${agency}`)), kind.lib.AccessDeniedError);

      const all = await readAllOf(reader.readAll({ fromPosition: END, direction: BACKWARDS, maxCount: 1000 }));
      assert.ok(all.length >= 4);
      assert.ok(all.every((e) => e.streamId.startsWith("registration-") || e.streamId.startsWith("ecpa-grants-")), "only scoped streams in $all");

      const subscription = follow(reader.subscribeToAll({ fromPosition: START }));
      try {
        await subscription.caughtUp();
        assert.deepEqual(
          [...new Set(subscription.events.map((e) => e.streamId))].sort(),
          [`ecpa-grants-${agency}`, `registration-${agency}`],
        );
      } finally {
        await subscription.stop();
      }
    });

    test("a reader cannot write, even within its streams", async () => {
      await rejectedWith(reader.appendToStream(`registration-${agency}`, event(2), kind.expecting("any")), kind.lib.AccessDeniedError);
      await rejectedWith(reader.deleteStream(`registration-${agency}`), kind.lib.AccessDeniedError);
      assert.equal((await readAllOf(writer.readStream(`registration-${agency}`))).length, 2);
    });

    test("wrong credentials and anonymous callers are refused when anonymous access is off", async () => {
      const impostor = kind.connect(host.port, tls(), `registry-reader:${writerPassword}`);
      const anonymous = kind.connect(host.port, tls());
      try {
        await rejectedWith(readAllOf(impostor.readStream(`registration-${agency}`)), kind.lib.AccessDeniedError);
        await rejectedWith(readAllOf(anonymous.readStream(`registration-${agency}`)), kind.lib.AccessDeniedError);
        await rejectedWith(anonymous.appendToStream(`registration-${agency}`, event(9), kind.expecting("any")), kind.lib.AccessDeniedError);
      } finally {
        await impostor.dispose();
        await anonymous.dispose();
      }
    });

    test("an endpoint started without EventStore:Grpc:AllowWrites refuses every write and still serves reads", async () => {
      const client = kind.connect(readOnlyHost.port);
      try {
        const stream = `registration-${agency}`;
        await rejectedWith(client.appendToStream(stream, event(0), kind.expecting("no_stream")), kind.lib.AccessDeniedError);
        await rejectedWith(client.appendToStream(stream, event(0), kind.expecting("no_stream", { credentials: { username: "a", password: "b" } })), kind.lib.AccessDeniedError);
        await rejectedWith(client.tombstoneStream(stream), kind.lib.AccessDeniedError);
        await rejectedWith(readAllOf(client.readStream(stream)), kind.lib.StreamNotFoundError);
      } finally {
        await client.dispose();
      }
    });
  });
}
