// tools/KurrentHost refuses bad configuration at start-up: one line naming the key to set, exit code 2.
import assert from "node:assert/strict";
import { test } from "node:test";
import { runRefusedHost } from "./support/host.js";

for (const [setting, key] of [
  ["--EventStore:Grpc:AllowWrites=maybe", "EventStore:Grpc:AllowWrites"],
  ["--EventStore:Grpc:Anonymous:Role=admin", "EventStore:Grpc:Anonymous:Role"],
  ["--EventStore:Grpc:Users:0:Name=reader", "EventStore:Grpc:Users:0:PasswordHash"],
  ["--EventStore:Grpc:Tls:Certificate=/nonexistent/node.pem", "EventStore:Grpc:Tls"],
]) {
  test(`${setting} stops the host with one line naming ${key}`, async () => {
    const { code, stdout, stderr } = await runRefusedHost([setting]);
    assert.equal(code, 2, `exit code (stdout: ${stdout})`);
    const lines = stderr.trim().split("\n");
    assert.equal(lines.length, 1, stderr);
    assert.match(lines[0], new RegExp(key.replaceAll(":", "\\:")));
  });
}
