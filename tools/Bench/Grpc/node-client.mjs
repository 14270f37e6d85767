// The official @kurrent/kurrentdb-client against our endpoint, for the grpc benchmark (tools/Bench/Scenarios/GrpcScenario.cs):
//   node tools/Bench/Grpc/node-client.mjs <port> <seconds per phase>
// Prints one JSON line: single-event appends/s with 1 and 64 concurrent appenders (the client multiplexes them on
// its batch-append call), and $all read forwards from the start (events/s). The client comes from
// tests/KurrentConformance's locked packages (npm ci there; scripts/test does it).
import { createRequire } from "node:module";

const require = createRequire(new URL("../../../tests/KurrentConformance/package.json", import.meta.url));
const { KurrentDBClient, jsonEvent, FORWARDS, START } = require("@kurrent/kurrentdb-client");

const [port, seconds] = [Number(process.argv[2]), Number(process.argv[3] ?? 5)];
const client = KurrentDBClient.connectionString`kurrentdb://127.0.0.1:${port}?tls=false`;
const metadata = { correlationId: "5b0e3f7c-6a2d-4a7e-9d51-0c1f7f6b2a11", causationId: "9c2d4e6f-1a3b-4c5d-8e7f-a0b1c2d3e4f5", actor: "manager-3230000" };
const event = (serial) =>
  jsonEvent({
    type: "GrantIssued.v1",
    data: {
      agencyCode: "3230000",
      serial,
      issuerKeyId: "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678",
      subject: "CN=測試機關,OU=人事室,O=行政院,C=TW",
      notBefore: "2026-01-01T00:00:00Z",
      notAfter: "2028-01-01T00:00:00Z",
      oid: "2.16.886.101.20003.20012",
      functions: ["保費申報作業", "異動登錄"],
    },
    metadata,
  });

async function appends(writers, phase) {
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  const counts = await Promise.all(
    Array.from({ length: writers }, async (_, w) => {
      let i = 0;
      while (performance.now() < deadline) {
        await client.appendToStream(`node-${phase}-${w}-${i % 16}`, event(`${w}-${i}`));
        i++;
      }
      return i;
    }),
  );
  const total = counts.reduce((a, b) => a + b, 0);
  return total / ((performance.now() - started) / 1000);
}

async function readAll() {
  const started = performance.now();
  let events = 0;
  for await (const resolved of client.readAll({ fromPosition: START, direction: FORWARDS })) if (resolved.event) events++;
  return { events, perSecond: events / ((performance.now() - started) / 1000) };
}

await appends(4, "warmup");
const one = await appends(1, "one");
const many = await appends(64, "many");
const read = await readAll();
console.log(JSON.stringify({ appendsPerSecond1: one, appendsPerSecond64: many, readAllEvents: read.events, readAllPerSecond: read.perSecond }));
await client.dispose();
