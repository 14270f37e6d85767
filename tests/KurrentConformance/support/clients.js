// The two official Node clients behind one small surface, so every check runs against both:
// @kurrent/kurrentdb-client 1.x (reads through its Rust core, the rest through grpc-js) and
// @eventstore/db-client 6.x (everything through grpc-js). Only their option names differ.
// One process loads one of them only: their generated protobuf code registers the same global names
// (proto.event_store.client.*) in different versions, so loading both breaks whichever loaded first.

const KINDS = {
  kurrentdb: { name: "@kurrent/kurrentdb-client", scheme: "kurrentdb", client: "KurrentDBClient", expectedKey: "streamState", streams: "generated/kurrentdb/protocols/v1/streams_grpc_pb.js" },
  esdb: { name: "@eventstore/db-client", scheme: "esdb", client: "EventStoreDBClient", expectedKey: "expectedRevision", streams: "generated/streams_grpc_pb.js" },
};

/** @param {"kurrentdb" | "esdb"} key */
export async function loadClient(key) {
  const { name, scheme, client, expectedKey, streams } = KINDS[key];
  const lib = await import(name);
  const Client = lib[client];
  return {
    name,
    lib,
    scheme,
    connect: (port, query = "tls=false", userInfo = "") =>
      Client.connectionString(`${scheme}://${userInfo ? `${userInfo}@` : ""}127.0.0.1:${port}?${query}`),
    connectionString: (text) => Client.connectionString(text),
    /** Options for an append expecting `expected`: "any" | "no_stream" | "stream_exists" | a bigint revision. */
    expecting: (expected, more = {}) => ({ [expectedKey]: expected, ...more }),
    deleteExpecting: (expected) => ({ expectedRevision: expected }),
    /** A WrongExpectedVersionError's facts: the 6.x client names them expectedVersion/actualVersion, 1.x expectedState/actualState. */
    wrongExpectation: (error) => ({
      stream: error.streamName,
      expected: error.expectedState ?? error.expectedVersion,
      actual: error.actualState ?? error.actualVersion,
    }),
    /** The generated gRPC service description the client ships, to ask it what the server supports. */
    streamsService: async () => (await import(`${name}/${streams}`)).StreamsService,
  };
}

/** Reads a whole read (stream or $all) into an array of resolved events' `event` parts. */
export async function readAllOf(iterable) {
  const events = [];
  for await (const resolved of iterable) events.push(resolved.event);
  return events;
}

/**
 * Collects a subscription's events until `done(events)` says so, failing after `deadlineMs` instead of waiting
 * forever; resolves `caughtUp` when the subscription says it is live.
 */
export function follow(subscription, deadlineMs = 30_000) {
  const events = [];
  const waiters = [];
  let caughtUpResolve;
  const caughtUp = new Promise((resolveCaughtUp) => (caughtUpResolve = resolveCaughtUp));
  subscription.on("caughtUp", () => caughtUpResolve());
  let failure;
  subscription.on("error", (error) => {
    failure = error;
    for (const w of waiters.splice(0)) w.reject(error);
  });
  subscription.on("data", (resolved) => {
    events.push(resolved.event);
    for (const w of waiters.filter((w) => w.done(events))) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve(events);
    }
  });
  const until = (done, what = "the expected events") =>
    new Promise((resolveUntil, reject) => {
      if (failure) return reject(failure);
      if (done(events)) return resolveUntil(events);
      const timer = setTimeout(() => reject(new Error(`subscription did not deliver ${what} within ${deadlineMs} ms; got ${events.length}`)), deadlineMs);
      waiters.push({
        done,
        resolve: (value) => {
          clearTimeout(timer);
          resolveUntil(value);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
    });
  const withDeadline = (promise, what) =>
    Promise.race([promise, new Promise((_, reject) => setTimeout(() => reject(new Error(`${what} within ${deadlineMs} ms`)), deadlineMs).unref())]);
  return {
    events,
    until,
    caughtUp: () => withDeadline(caughtUp, "no caughtUp"),
    stop: () => subscription.unsubscribe(),
  };
}
